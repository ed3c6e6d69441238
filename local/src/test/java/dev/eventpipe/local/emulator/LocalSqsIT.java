package dev.eventpipe.local.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class LocalSqsIT {

    @Test
    void listensOnTheGivenPort_andCreatesAQueueWithItsDlq() throws IOException {
        int port = freePort();

        try (LocalSqs sqs = LocalSqs.start(port)) {
            QueuePair queues = sqs.createQueueWithDlq("files", 3, Duration.ofSeconds(30));

            assertThat(sqs.endpoint().toString()).isEqualTo("http://127.0.0.1:" + port);
            assertThat(queues.queueUrl()).contains(":" + port + "/").endsWith("/files");
            assertThat(queues.dlqUrl()).endsWith("/files-dlq");
            assertThat(queues.dlqArn()).isEqualTo(sqs.queueArn(queues.dlqUrl())).startsWith("arn:aws:sqs:us-east-1:")
                    .endsWith(":files-dlq");
            Map<QueueAttributeName, String> attributes = sqs.client().getQueueAttributes(b -> b.queueUrl(queues.queueUrl())
                    .attributeNames(QueueAttributeName.ALL)).attributes();
            assertThat(attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT)).isEqualTo("30");
            assertThat(attributes.get(QueueAttributeName.REDRIVE_POLICY))
                    .contains(queues.dlqArn()).contains("\"maxReceiveCount\":3");
        }
    }

    @Test
    void rejectsSettingsSqsWouldReject() {
        try (LocalSqs sqs = LocalSqs.start(0)) {
            assertThatThrownBy(() -> sqs.createQueueWithDlq("q", 0, Duration.ofSeconds(1)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> sqs.createQueueWithDlq("q", 1, Duration.ofMillis(1500)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void failsToStart_whenThePortIsTaken_leavingNoPekkoThreads() throws Exception {
        int before = LocalS3IT.liveThreadsNamedWith("elasticmq-", Integer.MAX_VALUE).size(); // others may run
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> LocalSqs.start(taken.getLocalPort()).close()).isInstanceOf(RuntimeException.class);
        }
        // ElasticMQ 1.7.1 leaves its own actor system running after a failed bind; LocalSqs terminates its own.
        assertThat(LocalS3IT.liveThreadsNamedWith("elasticmq-", before)).hasSizeLessThanOrEqualTo(before);
    }

    @Test
    void createQueueWithDlq_again_returnsTheSameQueues_withTheNewSettings() {
        try (LocalSqs sqs = LocalSqs.start(0)) {
            QueuePair first = sqs.createQueueWithDlq("files", 3, Duration.ofSeconds(30));

            QueuePair again = sqs.createQueueWithDlq("files", 5, Duration.ofSeconds(60));

            assertThat(again).isEqualTo(first);
            Map<QueueAttributeName, String> attributes = sqs.client().getQueueAttributes(b -> b.queueUrl(again.queueUrl())
                    .attributeNames(QueueAttributeName.ALL)).attributes();
            assertThat(attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT)).isEqualTo("60");
            assertThat(attributes.get(QueueAttributeName.REDRIVE_POLICY)).contains("\"maxReceiveCount\":5");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
