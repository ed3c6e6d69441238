package dev.eventpipe.local.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventpipe.local.s3.LocalS3;
import dev.eventpipe.local.s3.ObjectCreated;
import dev.eventpipe.local.s3.ObjectCreatedListener;
import dev.eventpipe.shared.aws.AwsClients;
import dev.eventpipe.shared.notification.Notification;
import dev.eventpipe.shared.notification.S3Notifications;
import dev.eventpipe.shared.notification.S3ObjectEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Writes through real clients (the SDK, awscli) into {@link LocalS3} and reads the notifications off an
 * ElasticMQ queue, as the processor will. Each test has its own bucket and queue, routed in
 * {@link #router}; the emulators start once for the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3NotificationsIT {

    private final Map<String, ObjectCreatedListener> listenersByBucket = new ConcurrentHashMap<>();
    private final ObjectCreatedListener router =
            event -> listenersByBucket.getOrDefault(event.bucket(), ObjectCreatedListener.none()).objectCreated(event);
    private final AtomicLong names = new AtomicLong();

    private LocalS3 localS3;
    private LocalSqs localSqs;
    private AwsClients clients;
    private S3Client s3;
    private SqsClient sqs;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        localS3 = LocalS3.start(LocalS3.Settings.of(0, dataDir).withListener(router));
        localSqs = LocalSqs.start(0);
        clients = AwsClients.forEmulator(localS3.endpoint());
        s3 = clients.s3();
        sqs = localSqs.client();
    }

    @AfterAll
    void stop() {
        try {
            clients.close();
            localSqs.close();
        } finally {
            localS3.close();
        }
    }

    @Test
    void putObject_queuesOneNotification_beforeTheClientHasItsResponse() {
        String bucket = bucketWithNotifications("put");
        String key = "incoming/2026 11/a b+c ü€.csv";
        byte[] body = "id,name\n1,x\n".getBytes(StandardCharsets.UTF_8);

        PutObjectResponse put = s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(body));

        // No wait: the message must already be there when putObject returned.
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueOf(bucket)).maxNumberOfMessages(10)).messages();
        assertThat(messages).hasSize(1);
        String rawKey = rawKey(messages.get(0));
        assertThat(rawKey).isEqualTo("incoming/2026+11/a+b%2Bc+%C3%BC%E2%82%AC.csv");
        S3ObjectEvent event = onlyRecord(messages.get(0));
        assertThat(event.eventName()).isEqualTo("ObjectCreated:Put");
        assertThat(event.bucket()).isEqualTo(bucket);
        assertThat(event.key()).isEqualTo(key);
        assertThat(event.size()).isEqualTo(body.length);
        assertThat(event.etag()).isEqualTo(unquote(put.eTag()))
                .isEqualTo(unquote(s3.headObject(b -> b.bucket(bucket).key(key)).eTag()));
        assertThat(event.versionId()).isEmpty();
        assertThat(event.sequencer()).isPresent();
        assertNoMoreMessages(bucket);
    }

    @Test
    void theResponseWaitsForTheListener_soA200MeansTheEventWasHandedOver() {
        String bucket = uniqueName("slow-listener");
        s3.createBucket(b -> b.bucket(bucket));
        List<ObjectCreated> delivered = new ArrayList<>();
        listenersByBucket.put(bucket, event -> {
            sleep(Duration.ofMillis(400));
            synchronized (delivered) {
                delivered.add(event);
            }
        });

        long started = System.nanoTime();
        s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("x"));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        synchronized (delivered) {
            assertThat(delivered).extracting(ObjectCreated::key).containsExactly("k");
        }
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Test
    void emptyObject_andFolderMarker_areReportedToo() {
        String bucket = bucketWithNotifications("empty");

        s3.putObject(b -> b.bucket(bucket).key("folder/"), RequestBody.empty());

        S3ObjectEvent event = onlyRecord(receiveOne(bucket));
        assertThat(event.key()).isEqualTo("folder/");
        assertThat(event.size()).isZero();
        assertThat(event.etag()).isEqualTo("d41d8cd98f00b204e9800998ecf8427e"); // MD5 of nothing
    }

    @Test
    void multipartUpload_queuesOneCompleteMultipartUploadNotification() {
        String bucket = bucketWithNotifications("multipart");
        String key = "big files/part +1.csv";
        byte[] firstPart = new byte[5 * 1024 * 1024]; // S3's minimum for every part but the last
        Arrays.fill(firstPart, (byte) 'a');
        byte[] lastPart = "tail".getBytes(StandardCharsets.UTF_8);

        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        byte[][] bodies = {firstPart, lastPart};
        for (int i = 0; i < bodies.length; i++) {
            int partNumber = i + 1;
            String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber),
                    RequestBody.fromBytes(bodies[i])).eTag();
            parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
        }
        String completedETag = s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                .multipartUpload(u -> u.parts(parts))).eTag();

        S3ObjectEvent event = onlyRecord(receiveOne(bucket));
        assertThat(event.eventName()).isEqualTo("ObjectCreated:CompleteMultipartUpload");
        assertThat(event.key()).isEqualTo(key);
        assertThat(event.size()).isEqualTo(firstPart.length + lastPart.length);
        assertThat(event.etag()).isEqualTo(unquote(completedETag)).endsWith("-2")
                .isEqualTo(unquote(s3.headObject(b -> b.bucket(bucket).key(key)).eTag()));
        assertNoMoreMessages(bucket); // neither the upload's start nor its parts are object creations
    }

    @Test
    void copyObject_queuesOneCopyNotification_describingTheCopy() {
        String source = uniqueName("source"); // no notifications configured there
        s3.createBucket(b -> b.bucket(source));
        s3.putObject(b -> b.bucket(source).key("original.csv"), RequestBody.fromString("a,b\n1,2\n"));
        String bucket = bucketWithNotifications("copy");

        String copyETag = s3.copyObject(b -> b.sourceBucket(source).sourceKey("original.csv")
                .destinationBucket(bucket).destinationKey("copies/c d.csv")).copyObjectResult().eTag();

        S3ObjectEvent event = onlyRecord(receiveOne(bucket));
        assertThat(event.eventName()).isEqualTo("ObjectCreated:Copy");
        assertThat(event.key()).isEqualTo("copies/c d.csv");
        assertThat(event.size()).isEqualTo("a,b\n1,2\n".length());
        assertThat(event.etag()).isEqualTo(unquote(copyETag))
                .isEqualTo(unquote(s3.headObject(b -> b.bucket(bucket).key("copies/c d.csv")).eTag()));
        assertNoMoreMessages(bucket);
    }

    @Test
    void versionedBucket_reportsTheVersionEachWriteCreated_withGrowingSequencers() {
        String bucket = bucketWithNotifications("versioned");
        s3.putBucketVersioning(b -> b.bucket(bucket)
                .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));

        String first = s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("one")).versionId();
        String second = s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("two!")).versionId();

        List<S3ObjectEvent> events = sqs.receiveMessage(b -> b.queueUrl(queueOf(bucket)).maxNumberOfMessages(10))
                .messages().stream().map(S3NotificationsIT::onlyRecord).toList();
        assertThat(events).extracting(e -> e.versionId().orElseThrow()).containsExactlyInAnyOrder(first, second);
        S3ObjectEvent one = events.stream().filter(e -> e.versionId().orElseThrow().equals(first)).findFirst().orElseThrow();
        S3ObjectEvent two = events.stream().filter(e -> e.versionId().orElseThrow().equals(second)).findFirst().orElseThrow();
        assertThat(one.size()).isEqualTo(3);
        assertThat(two.size()).isEqualTo(4);
        assertThat(two.sequencer().orElseThrow()).isGreaterThan(one.sequencer().orElseThrow());
    }

    @Test
    void prefixAndSuffixFilters_skipKeysThatDoNotMatch() {
        String bucket = uniqueName("filtered");
        s3.createBucket(b -> b.bucket(bucket));
        String queueUrl = sqs.createQueue(b -> b.queueName(bucket)).queueUrl();
        listenersByBucket.put(bucket, new S3NotificationPublisher(sqs, "us-east-1",
                NotificationConfiguration.of("csv-files", bucket, queueUrl).withPrefix("incoming/").withSuffix(".csv"),
                Clock.systemUTC()));

        for (String key : List.of("other/a.csv", "incoming/a.json", "incoming/a.csv.tmp", "incoming/a b.csv")) {
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(key));
        }

        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                .messages();
        assertThat(messages).extracting(m -> onlyRecord(m).key()).containsExactly("incoming/a b.csv");
        assertThat(messages.get(0).body()).contains("\"configurationId\":\"csv-files\"");
    }

    @Test
    void failedWrites_queueNothing() {
        String bucket = bucketWithNotifications("refused");
        s3.putObject(b -> b.bucket(bucket).key("k").ifNoneMatch("*"), RequestBody.fromString("first"));
        receiveOne(bucket);

        assertThatThrownBy(() -> s3.putObject(b -> b.bucket(bucket).key("k").ifNoneMatch("*"),
                RequestBody.fromString("second")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
        assertThatThrownBy(() -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("missing")
                .destinationBucket(bucket).destinationKey("copy")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
        String missingBucket = uniqueName("missing");
        listenersByBucket.put(missingBucket, listenersByBucket.get(bucket)); // would publish, if it were called
        assertThatThrownBy(() -> s3.putObject(b -> b.bucket(missingBucket).key("k"), RequestBody.fromString("x")))
                .isInstanceOf(NoSuchBucketException.class);

        assertNoMoreMessages(bucket);
    }

    @Test
    void listenerFailure_failsTheWriteWith500_soTheClientRetries() {
        String bucket = uniqueName("broken-queue");
        s3.createBucket(b -> b.bucket(bucket));
        AtomicInteger calls = new AtomicInteger();
        listenersByBucket.put(bucket, event -> {
            calls.incrementAndGet();
            throw new IllegalStateException("queue unavailable");
        });

        assertThatThrownBy(() -> s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("x")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(500);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalError");
                });
        assertThat(calls.get()).as("the SDK retried, and each retry notified again").isGreaterThan(1);
        // The object itself was stored: only its notification is missing.
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String()).isEqualTo("x");
    }

    @Test
    void sendTestEvent_queuesTheMessageS3SendsWhenAConfigurationIsSaved() {
        String bucket = uniqueName("test-event");
        String queueUrl = sqs.createQueue(b -> b.queueName(bucket)).queueUrl();
        S3NotificationPublisher publisher = new S3NotificationPublisher(sqs, "us-east-1",
                NotificationConfiguration.of("files", bucket, queueUrl), Clock.systemUTC());

        publisher.sendTestEvent();

        Message message = sqs.receiveMessage(b -> b.queueUrl(queueUrl)).messages().get(0);
        assertThat(S3Notifications.parse(message.body())).isEqualTo(new Notification.TestEvent(bucket));
        assertThat(message.body()).contains("\"Service\":\"Amazon S3\"", "\"Event\":\"s3:TestEvent\"");
    }

    @Test
    void awsCliUpload_queuesOneNotification(@TempDir Path dir) throws IOException, InterruptedException {
        Assumptions.assumeTrue(awsCliAvailable(), "awscli (aws) is not on the PATH");
        String bucket = bucketWithNotifications("awscli");
        Path file = Files.writeString(dir.resolve("upload.csv"), "id,name\n1,awscli\n");
        Path config = Files.writeString(dir.resolve("aws-config"), "[default]\nregion = us-east-1\n");

        ProcessBuilder command = new ProcessBuilder("aws", "--endpoint-url", localS3.endpoint().toString(), "s3", "cp",
                file.toString(), "s3://" + bucket + "/from cli/ü+1.csv")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("aws.log").toFile());
        awsEnvironment(command, config);
        Process aws = command.start();
        assertThat(aws.waitFor(60, TimeUnit.SECONDS)).as("aws s3 cp finished").isTrue();
        assertThat(aws.exitValue()).as(Files.readString(dir.resolve("aws.log"))).isZero();

        S3ObjectEvent event = onlyRecord(receiveOne(bucket));
        assertThat(event.eventName()).isEqualTo("ObjectCreated:Put");
        assertThat(event.key()).isEqualTo("from cli/ü+1.csv");
        assertThat(event.size()).isEqualTo(Files.size(file));
        assertThat(event.etag()).isEqualTo(unquote(s3.headObject(b -> b.bucket(bucket).key("from cli/ü+1.csv")).eTag()));
        assertNoMoreMessages(bucket);
    }

    private static boolean awsCliAvailable() {
        try {
            Process p = new ProcessBuilder("aws", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Dummy credentials and an isolated config for the child process only; this JVM's environment is untouched. */
    private static void awsEnvironment(ProcessBuilder pb, Path config) {
        Map<String, String> env = pb.environment();
        env.put("AWS_ACCESS_KEY_ID", "eventpipe");
        env.put("AWS_SECRET_ACCESS_KEY", "eventpipe");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_CONFIG_FILE", config.toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", config.resolveSibling("no-credentials").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.remove("AWS_PROFILE");
    }

    /** A new bucket whose every write goes to a new queue of the same name. */
    private String bucketWithNotifications(String prefix) {
        String bucket = uniqueName(prefix);
        s3.createBucket(b -> b.bucket(bucket));
        String queueUrl = sqs.createQueue(b -> b.queueName(bucket)).queueUrl();
        listenersByBucket.put(bucket, new S3NotificationPublisher(sqs, "us-east-1",
                NotificationConfiguration.of("eventpipe-files", bucket, queueUrl), Clock.systemUTC()));
        return bucket;
    }

    private String queueOf(String bucket) {
        return ((S3NotificationPublisher) listenersByBucket.get(bucket)).configuration().queueUrl();
    }

    private String uniqueName(String prefix) {
        return prefix + "-" + names.incrementAndGet();
    }

    private Message receiveOne(String bucket) {
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueOf(bucket)).maxNumberOfMessages(10)
                .waitTimeSeconds(1)).messages();
        assertThat(messages).hasSize(1);
        sqs.deleteMessage(b -> b.queueUrl(queueOf(bucket)).receiptHandle(messages.get(0).receiptHandle()));
        return messages.get(0);
    }

    private void assertNoMoreMessages(String bucket) {
        assertThat(sqs.receiveMessage(b -> b.queueUrl(queueOf(bucket)).maxNumberOfMessages(10).waitTimeSeconds(1))
                .messages()).isEmpty();
    }

    private static S3ObjectEvent onlyRecord(Message message) {
        List<S3ObjectEvent> records = ((Notification.ObjectEvents) S3Notifications.parse(message.body())).records();
        assertThat(records).hasSize(1);
        return records.get(0);
    }

    private static String rawKey(Message message) {
        String body = message.body();
        int start = body.indexOf("\"key\":\"") + 7;
        return body.substring(start, body.indexOf('"', start));
    }

    private static String unquote(String eTag) {
        return eTag.replace("\"", "");
    }
}
