package dev.eventpipe.testkit.emulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventpipe.local.emulator.QueuePair;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

@ExtendWith(EmulatorsExtension.class)
class EmulatorsIT {

    private final Emulators emulators;
    private final S3Client s3;
    private final SqsClient sqs;

    EmulatorsIT(Emulators emulators) {
        this.emulators = emulators;
        this.s3 = emulators.s3();
        this.sqs = emulators.sqs();
    }

    @Test
    void sharesOneInstance_betweenConstructorAndMethodParameters(Emulators injectedAgain) {
        assertThat(injectedAgain).isSameAs(emulators);
        assertThat(emulators.s3Endpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(emulators.sqsEndpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(emulators.s3Endpoint().getPort()).isNotEqualTo(emulators.sqsEndpoint().getPort());
    }

    @Test
    void getsBackTheObject_thatWasPut() {
        String bucket = emulators.uniqueName("put-get");
        emulators.createBucket(bucket);

        s3.putObject(b -> b.bucket(bucket).key("in/a b.csv"), RequestBody.fromString("id,name\n1,x\n"));

        String body = s3.getObjectAsBytes(b -> b.bucket(bucket).key("in/a b.csv")).asUtf8String();
        assertThat(body).isEqualTo("id,name\n1,x\n");
    }

    @Test
    void createBucket_isIdempotent() {
        String bucket = emulators.uniqueName("twice");

        emulators.createBucket(bucket);
        emulators.createBucket(bucket);

        assertThat(s3.listBuckets().buckets()).anyMatch(b -> b.name().equals(bucket));
    }

    @Test
    void rejectsSecondPut_whenIfNoneMatchIsStar() {
        String bucket = emulators.uniqueName("conditional");
        emulators.createBucket(bucket);
        s3.putObject(b -> b.bucket(bucket).key("k").ifNoneMatch("*"), RequestBody.fromString("first"));

        assertThatThrownBy(() -> s3.putObject(b -> b.bucket(bucket).key("k").ifNoneMatch("*"),
                RequestBody.fromString("second")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String()).isEqualTo("first");
    }

    @Test
    void completesMultipartUpload() {
        String bucket = emulators.uniqueName("multipart");
        emulators.createBucket(bucket);
        byte[] firstPart = new byte[5 * 1024 * 1024]; // S3's minimum for every part but the last
        Arrays.fill(firstPart, (byte) 'a');
        byte[] lastPart = "tail".getBytes(StandardCharsets.UTF_8);

        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key("big")).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        byte[][] bodies = {firstPart, lastPart};
        for (int i = 0; i < bodies.length; i++) {
            int partNumber = i + 1;
            String etag = s3.uploadPart(b -> b.bucket(bucket).key("big").uploadId(uploadId).partNumber(partNumber),
                    RequestBody.fromBytes(bodies[i])).eTag();
            parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
        }
        s3.completeMultipartUpload(b -> b.bucket(bucket).key("big").uploadId(uploadId)
                .multipartUpload(u -> u.parts(parts)));

        byte[] stored = s3.getObjectAsBytes(b -> b.bucket(bucket).key("big")).asByteArray();
        assertThat(stored).hasSize(firstPart.length + lastPart.length);
        assertThat(new String(stored, firstPart.length, lastPart.length, StandardCharsets.UTF_8)).isEqualTo("tail");
    }

    @Test
    void movesMessageToDlq_whenReceivedMoreThanMaxReceiveCountWithoutDelete() {
        QueuePair queues = emulators.createQueueWithDlq(emulators.uniqueName("orders"), 1, Duration.ofSeconds(1));
        sqs.sendMessage(b -> b.queueUrl(queues.queueUrl()).messageBody("poison"));

        List<Message> first = sqs.receiveMessage(b -> b.queueUrl(queues.queueUrl()).waitTimeSeconds(1)).messages();
        assertThat(first).extracting(Message::body).containsExactly("poison");
        // Not deleted: once the 1 s visibility timeout lapses, the next receive moves it to the DLQ.

        Message dead = awaitDeadLetter(queues, Duration.ofSeconds(10)).orElseThrow(
                () -> new AssertionError("message never reached the DLQ " + queues.dlqUrl()));
        assertThat(dead.body()).isEqualTo("poison");
        assertThat(queues.dlqArn()).endsWith(":" + queues.dlqUrl().substring(queues.dlqUrl().lastIndexOf('/') + 1));
    }

    /** Receives from the main queue (never getting the message again) until the DLQ holds it. */
    private Optional<Message> awaitDeadLetter(QueuePair queues, Duration patience) {
        Instant deadline = Instant.now().plus(patience);
        while (Instant.now().isBefore(deadline)) {
            List<Message> redelivered = sqs.receiveMessage(b -> b.queueUrl(queues.queueUrl()).waitTimeSeconds(1))
                    .messages();
            assertThat(redelivered).as("redelivered past maxReceiveCount").isEmpty();
            List<Message> dead = sqs.receiveMessage(b -> b.queueUrl(queues.dlqUrl())).messages();
            if (!dead.isEmpty()) {
                return Optional.of(dead.get(0));
            }
        }
        return Optional.empty();
    }

    @Test
    void uniqueName_isDistinctAndLowerCase_andRejectsInvalidPrefixes() {
        assertThat(emulators.uniqueName("t")).isNotEqualTo(emulators.uniqueName("t")).matches("t-[0-9]+");
        assertThatThrownBy(() -> emulators.uniqueName("Upper")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> emulators.uniqueName("-dash")).isInstanceOf(IllegalArgumentException.class);
    }
}
