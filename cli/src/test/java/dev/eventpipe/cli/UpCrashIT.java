package dev.eventpipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipe.shared.aws.AwsClients;
import dev.eventpipe.shared.layout.FileId;
import dev.eventpipe.shared.layout.Layout;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * {@code eventpipe up} killed with SIGKILL while files are being uploaded, then started again on the
 * same data directory: every uploaded file ends with exactly one receipt, the DLQ's message is still
 * there, nothing stray is listed, and every listed object reads back.
 */
class UpCrashIT {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final int FILES = 400;

    @Test
    void killedUnderLoad_andStartedAgain_losesNothing(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Map<String, PutObjectResponse> acknowledged = new ConcurrentHashMap<>();
        String dlqBody = "{\"note\":\"a message that failed before the crash\"}";

        UpProcess first = UpProcess.start(data, dir.resolve("first.log"), PATIENCE);
        try (AwsClients s3Side = clients(first.s3()); AwsClients sqsSide = clients(first.sqs())) {
            SqsClient sqs = sqsSide.build(SqsClient.builder());
            String dlqUrl = sqs.getQueueUrl(b -> b.queueName("eventpipe-files-dlq")).queueUrl();
            sqs.sendMessage(b -> b.queueUrl(dlqUrl).messageBody(dlqBody));

            S3Client s3 = s3Side.s3();
            CountDownLatch half = new CountDownLatch(FILES / 2);
            ExecutorService uploaders = Executors.newFixedThreadPool(8);
            for (int i = 0; i < FILES; i++) {
                String key = String.format("incoming/crash-%04d.csv", i);
                byte[] content = csv(i);
                uploaders.submit(() -> {
                    try {
                        acknowledged.put(key, s3.putObject(b -> b.bucket("eventpipe-input").key(key), RequestBody.fromBytes(content)));
                        half.countDown();
                    } catch (RuntimeException killed) {
                        // the stack died under this upload: it may or may not have been stored
                    }
                });
            }
            assertThat(half.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            first.process().destroyForcibly(); // SIGKILL, mid-upload
            first.process().onExit().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            uploaders.shutdownNow();
            assertThat(uploaders.awaitTermination(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(FILES / 2);

        UpProcess second = UpProcess.start(data, dir.resolve("second.log"), PATIENCE);
        try (AwsClients s3Side = clients(second.s3()); AwsClients sqsSide = clients(second.sqs())) {
            S3Client s3 = s3Side.s3();
            List<ObjectVersion> inputs = new ArrayList<>();
            s3.listObjectVersionsPaginator(b -> b.bucket("eventpipe-input")).versions().forEach(inputs::add);

            // Nothing stray: only what was uploaded, each key once, and every acknowledged upload is there.
            Set<String> keys = new HashSet<>();
            for (ObjectVersion v : inputs) {
                assertThat(keys.add(v.key())).as("one version of " + v.key()).isTrue();
                assertThat(v.key()).matches("incoming/crash-\\d{4}\\.csv");
            }
            assertThat(keys).containsAll(acknowledged.keySet());
            acknowledged.forEach((key, put) -> assertThat(inputs).anyMatch(v -> v.key().equals(key)
                    && v.versionId().equals(put.versionId())));

            // Every stored file, acknowledged or not, ends with exactly one receipt.
            Set<String> expected = new HashSet<>();
            for (ObjectVersion v : inputs) {
                expected.add(Layout.receiptKey(FileId.of("eventpipe-input", v.key(), java.util.Optional.of(v.versionId()),
                        FileId.plainETag(v.eTag()))));
            }
            Set<String> receipts = awaitReceipts(s3, expected.size());
            assertThat(receipts).isEqualTo(expected);

            // Every listed object reads back (no half-written file answers 500).
            for (String bucket : List.of("eventpipe-input", "eventpipe-processed")) {
                s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()
                        .forEach(o -> assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(o.key())).asByteArray())
                                .hasSize(o.size().intValue()));
            }

            // The DLQ's message survived the kill.
            SqsClient sqs = sqsSide.build(SqsClient.builder());
            String dlqUrl = sqs.getQueueUrl(b -> b.queueName("eventpipe-files-dlq")).queueUrl();
            List<Message> dead = sqs.receiveMessage(b -> b.queueUrl(dlqUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            assertThat(dead).extracting(Message::body).contains(dlqBody);
        } finally {
            second.process().destroy();
            assertThat(second.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(second.process().exitValue()).as(Files.readString(dir.resolve("second.log"))).isZero();
    }

    private static Set<String> awaitReceipts(S3Client s3, int count) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        Set<String> receipts = new HashSet<>();
        while (Instant.now().isBefore(deadline)) {
            receipts.clear();
            s3.listObjectsV2Paginator(b -> b.bucket("eventpipe-processed").prefix(Layout.RECEIPTS)).contents()
                    .forEach(o -> receipts.add(o.key()));
            if (receipts.size() >= count) {
                break;
            }
            Thread.sleep(250);
        }
        return receipts;
    }

    private static byte[] csv(int i) {
        return ("event_id,timestamp,event_type,user_id,action,amount,country,device,session_id,details\n"
                + String.format("00000000-0000-4000-8000-%012d,2026-11-25T10:00:00.000Z,login,u%d,signin,,DE,web,s%d,crash test%n",
                i, i, i)).getBytes(StandardCharsets.UTF_8);
    }

    private static AwsClients clients(URI endpoint) {
        return AwsClients.forEmulator(endpoint);
    }
}
