package dev.eventpipe.local.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventpipe.local.TestThreads;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class LocalSqsIT {

    /** How long a test waits for messages to become visible, at most. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);

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
        int before = TestThreads.liveThreadsNamedWith("elasticmq-", Integer.MAX_VALUE).size(); // others may run
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> LocalSqs.start(taken.getLocalPort()).close()).isInstanceOf(RuntimeException.class);
        }
        // ElasticMQ 1.7.1 leaves its own actor system running after a failed bind; LocalSqs terminates its own.
        assertThat(TestThreads.liveThreadsNamedWith("elasticmq-", before)).hasSizeLessThanOrEqualTo(before);
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

    @Test
    void persistent_keepsQueuesAndMessages_acrossARestart_includingInFlightAndDeadLetteredOnes(@TempDir Path dir) {
        QueuePair before;
        try (LocalSqs sqs = LocalSqs.start(0, dir)) {
            before = sqs.createQueueWithDlq("orders", 2, Duration.ofSeconds(1));
            SqsClient client = sqs.client();
            assertThat(before.queueUrl()).isEqualTo("http://127.0.0.1:" + sqs.port() + "/000000000000/orders");
            // poison: received maxReceiveCount (2) times, so the third receive moves it to the DLQ
            client.sendMessage(b -> b.queueUrl(before.queueUrl()).messageBody("poison"));
            for (int receive = 1; receive <= 2; receive++) {
                Message poison = receiveOne(client, before.queueUrl());
                assertThat(poison.body()).isEqualTo("poison");
                client.changeMessageVisibility(b -> b.queueUrl(before.queueUrl())
                        .receiptHandle(poison.receiptHandle()).visibilityTimeout(0));
            }
            assertThat(client.receiveMessage(b -> b.queueUrl(before.queueUrl())).messages()).isEmpty();
            awaitMessageCount(client, before.dlqUrl(), 1); // the move to the DLQ is asynchronous in ElasticMQ
            // in flight: received, not deleted
            client.sendMessage(b -> b.queueUrl(before.queueUrl()).messageBody("in-flight"));
            assertThat(receiveOne(client, before.queueUrl()).body()).isEqualTo("in-flight");
            client.sendMessage(b -> b.queueUrl(before.queueUrl()).messageBody("waiting-1"));
            client.sendMessage(b -> b.queueUrl(before.queueUrl()).messageBody("waiting-2"));
        }

        try (LocalSqs sqs = LocalSqs.start(0, dir)) {
            SqsClient client = sqs.client();
            String queueUrl = withPort(before.queueUrl(), sqs.port());
            String dlqUrl = withPort(before.dlqUrl(), sqs.port());

            // restored before anyone re-creates them, redrive policy included
            assertThat(client.listQueues().queueUrls()).containsExactlyInAnyOrder(queueUrl, dlqUrl);
            assertThat(client.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.REDRIVE_POLICY))
                    .attributes().get(QueueAttributeName.REDRIVE_POLICY))
                    .contains(before.dlqArn()).contains("\"maxReceiveCount\":2");
            assertThat(sqs.createQueueWithDlq("orders", 2, Duration.ofSeconds(1)))
                    .isEqualTo(new QueuePair(queueUrl, dlqUrl, before.dlqArn()));

            Map<String, Message> main = receiveAndDelete(client, queueUrl, 3);
            assertThat(main).containsOnlyKeys("in-flight", "waiting-1", "waiting-2");
            assertThat(main.get("in-flight").attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                    .as("its first receive was kept").isEqualTo("2");
            assertThat(main.get("waiting-1").attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                    .isEqualTo("1");
            assertThat(receiveAndDelete(client, dlqUrl, 1)).containsOnlyKeys("poison");
        }
    }

    @Test
    void persistent_bringsPurgedMessagesBack_afterARestart(@TempDir Path dir) {
        // A limit, not a wish: ElasticMQ 1.7.1 clears a purged queue in memory and tells its store nothing.
        try (LocalSqs sqs = LocalSqs.start(0, dir)) {
            QueuePair queues = sqs.createQueueWithDlq("purged", 3, Duration.ofSeconds(1));
            sqs.client().sendMessage(b -> b.queueUrl(queues.queueUrl()).messageBody("purged-once"));
            sqs.client().purgeQueue(b -> b.queueUrl(queues.queueUrl()));
            assertThat(sqs.client().receiveMessage(b -> b.queueUrl(queues.queueUrl())).messages()).isEmpty();
        }

        try (LocalSqs sqs = LocalSqs.start(0, dir)) {
            QueuePair queues = sqs.createQueueWithDlq("purged", 3, Duration.ofSeconds(1));

            assertThat(receiveAndDelete(sqs.client(), queues.queueUrl(), 1)).containsOnlyKeys("purged-once");
        }
    }

    @Test
    void persistent_keepsEveryAnsweredSend_whenTheProcessIsKilled(@TempDir Path dir) throws Exception {
        int count = 20;
        Process sender = startSender(dir, "crash", count);
        try {
            awaitSent(sender);
        } finally {
            kill(sender); // SIGKILL on Unix: no shutdown hook, no clean close of the store
        }
        assertThat(sender.exitValue()).isNotZero();

        try (LocalSqs sqs = LocalSqs.start(0, dir)) {
            QueuePair queues = sqs.createQueueWithDlq("crash", 3, Duration.ofSeconds(30));

            assertThat(receiveAndDelete(sqs.client(), queues.queueUrl(), count).keySet())
                    .containsExactlyInAnyOrderElementsOf(PersistentSqsSender.bodies(count));
        }
    }

    @Test
    void persistent_failsToStart_whenAnotherProcessHoldsTheDirectory(@TempDir Path dir) throws Exception {
        Process holder = startSender(dir, "held", 1);
        try {
            awaitSent(holder);

            assertThatThrownBy(() -> LocalSqs.start(0, dir).close())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("another process");
        } finally {
            kill(holder);
        }
    }

    @Test
    void persistent_refusesASecondOneInTheSameJvm_andTheFirstKeepsWorking(@TempDir Path dir) {
        try (LocalSqs first = LocalSqs.start(0, dir.resolve("first"))) {
            assertThatThrownBy(() -> LocalSqs.start(0, dir.resolve("second")).close())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("already open in this JVM");

            QueuePair queues = first.createQueueWithDlq("still", 1, Duration.ofSeconds(1));
            first.client().sendMessage(b -> b.queueUrl(queues.queueUrl()).messageBody("here"));
            assertThat(receiveOne(first.client(), queues.queueUrl()).body()).isEqualTo("here");
        }
    }

    @Test
    void persistent_failsToStart_whenThePortIsTaken_leavingNoPekkoThreads_andTheStoreFree(@TempDir Path dir)
            throws Exception {
        int before = TestThreads.liveThreadsNamedWith("elasticmq-", Integer.MAX_VALUE).size(); // others may run
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> LocalSqs.start(taken.getLocalPort(), dir).close())
                    .isInstanceOf(RuntimeException.class);
        }
        assertThat(TestThreads.liveThreadsNamedWith("elasticmq-", before)).hasSizeLessThanOrEqualTo(before);

        try (LocalSqs sqs = LocalSqs.start(0, dir)) { // the store was released: this JVM may open it again
            assertThat(sqs.client().listQueues().queueUrls()).isEmpty();
        }
    }

    private static Message receiveOne(SqsClient client, String queueUrl) {
        List<Message> messages = client.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(1)).messages();
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }

    /** Receives (long polling) and deletes until {@code expected} messages came, or {@link #PATIENCE} ran out. */
    private static Map<String, Message> receiveAndDelete(SqsClient client, String queueUrl, int expected) {
        Map<String, Message> byBody = new HashMap<>();
        Instant giveUp = Instant.now().plus(PATIENCE);
        while (byBody.size() < expected && Instant.now().isBefore(giveUp)) {
            for (Message m : client.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages()) {
                byBody.put(m.body(), m);
                client.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
        return byBody;
    }

    private static void awaitMessageCount(SqsClient client, String queueUrl, int expected) {
        Instant giveUp = Instant.now().plus(PATIENCE);
        String count;
        do {
            count = client.getQueueAttributes(b -> b.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
        } while (!count.equals(Integer.toString(expected)) && Instant.now().isBefore(giveUp));
        assertThat(count).isEqualTo(Integer.toString(expected));
    }

    private static String withPort(String url, int port) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getHost() + ":" + port + uri.getPath();
    }

    /** {@link PersistentSqsSender} in a JVM of its own, with this one's class path; its stderr merged in. */
    private static Process startSender(Path dir, String queueName, int count) throws IOException {
        return new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
                PersistentSqsSender.class.getName(), dir.toString(), queueName, Integer.toString(count))
                .redirectErrorStream(true).start();
    }

    /** Until the sender printed "sent" (its sends were all answered); fails if it ends or takes too long. */
    private static void awaitSent(Process sender) throws Exception {
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        boolean sent = CompletableFuture.supplyAsync(() -> readUntil(sender, "sent", output))
                .get(PATIENCE.toSeconds() * 4, TimeUnit.SECONDS); // a cold JVM and ElasticMQ
        assertThat(sent).as("the sender's output: %s", output).isTrue();
    }

    private static void kill(Process process) throws Exception {
        process.destroyForcibly();
        process.onExit().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    /** Reads the process's output into {@code output} until a line equals {@code line} (true) or it ends. */
    private static boolean readUntil(Process process, String line, List<String> output) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String read = reader.readLine(); read != null; read = reader.readLine()) {
                if (read.equals(line)) {
                    return true;
                }
                output.add(read);
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
