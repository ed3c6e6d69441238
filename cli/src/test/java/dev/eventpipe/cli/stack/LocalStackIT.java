package dev.eventpipe.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipe.shared.aws.S3ObjectStore;
import dev.eventpipe.shared.layout.FileId;
import dev.eventpipe.shared.receipt.Receipt;
import dev.eventpipe.shared.receipt.Receipts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * The local stack end to end, as a user drives it: uploads through S3 become notifications, batches,
 * receipts and outputs; poison goes to the DLQ. One stack for the class (it takes seconds to start).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalStackIT {

    static final String CSV = """
            event_id,timestamp,event_type,user_id,amount
            e1,2026-11-25T10:00:00.000Z,click,u1,
            e2,2026-11-25T11:00:00.000Z,purchase,u2,9.99
            """;

    @TempDir
    static Path data;

    private LocalStack stack;
    private S3Client s3;

    static StackSettings settings(Path data) {
        return StackSettings.defaults(0, 0, data).withRetries(2, Duration.ofSeconds(1))
                .withPolling(2, Duration.ofSeconds(1), Duration.ofMinutes(1));
    }

    @BeforeAll
    void start() {
        stack = LocalStack.start(settings(data), Map.of());
        s3 = stack.clients().s3();
    }

    @AfterAll
    void stop() {
        stack.close();
    }

    /** Uploads, and names the file as the processor does: the input bucket is versioned, so by its version. */
    static FileId put(S3Client s3, String bucket, String key, byte[] content) {
        var put = s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content));
        return FileId.of(bucket, key, Optional.of(put.versionId()), put.eTag().replace("\"", ""));
    }

    static Optional<Receipt> receipt(S3Client s3, String processedBucket, FileId id) {
        return Receipts.read(new S3ObjectStore(s3, S3ObjectStore.MIN_PART_SIZE), processedBucket, id);
    }

    static Receipt awaitReceipt(S3Client s3, String processedBucket, FileId id, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Optional<Receipt> r = receipt(s3, processedBucket, id);
            if (r.isPresent()) {
                return r.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no receipt for " + id + " within " + timeout);
    }

    private Receipt awaitReceipt(FileId id) throws InterruptedException {
        return awaitReceipt(s3, stack.settings().processedBucket(), id, Duration.ofSeconds(30));
    }

    @Test
    void processesAnSdkUpload() throws InterruptedException {
        FileId id = put(s3, stack.settings().inputBucket(), "sdk/day one.csv", CSV.getBytes(StandardCharsets.UTF_8));

        Receipt r = awaitReceipt(id);

        assertThat(r.status()).isEqualTo(Receipt.Status.PROCESSED);
        assertThat(r.source().key()).isEqualTo("sdk/day one.csv");
        assertThat(r.rows()).isEqualTo(new Receipt.Rows(2, 2, 0));
    }

    @Test
    void runsTheReporter_dailyAtEightInItsZone_mailingTheOutbox() throws Exception {
        Receipt r = awaitReceipt(put(s3, stack.settings().inputBucket(), "report/day.csv", CSV.getBytes(StandardCharsets.UTF_8)));
        LocalDate day = LocalDate.ofInstant(r.processedAt(), ZoneOffset.UTC);

        var run = stack.reporter().run(Optional.of(day), true);

        // The schedule: EventBridge Scheduler's cron(0 8 * * ? *) in the report zone (UTC unless set).
        assertThat(stack.reporter().zone()).isEqualTo(java.time.ZoneId.of("UTC"));
        assertThat(stack.nextReport().atZone(ZoneOffset.UTC).toLocalTime()).isEqualTo(java.time.LocalTime.of(8, 0));
        assertThat(stack.nextReport()).isBetween(r.processedAt().minus(Duration.ofHours(24)), Instant.now().plus(Duration.ofHours(24)));
        // The reports in the stack's reports bucket, and SNS's email as a file in <data-dir>/outbox.
        var json = dev.eventpipe.shared.json.Json.mapper().readTree(s3.getObjectAsBytes(b -> b.bucket(stack.settings().reportsBucket())
                .key(run.keys().get(0))).asByteArray());
        assertThat(json.at("/totals/files_processed").asLong()).isPositive();
        assertThat(stack.outbox()).isEqualTo(data.resolve("outbox"));
        try (var mails = Files.list(stack.outbox())) {
            assertThat(mails.map(m -> m.getFileName().toString())).anyMatch(name -> name.contains("eventpipe-" + day));
        }
    }

    @Test
    void rollsUpHourly_andTheReportFromRollupsSaysTheSame() throws Exception {
        Receipt r = awaitReceipt(put(s3, stack.settings().inputBucket(), "rollup/day.csv", CSV.getBytes(StandardCharsets.UTF_8)));
        LocalDate day = LocalDate.ofInstant(r.processedAt(), ZoneOffset.UTC);
        var before = stack.reporter().run(Optional.of(day), false).report();

        var results = stack.reporter().rollUp();
        var after = stack.reporter().run(Optional.of(day), false).report();

        assertThat(Reporting.ROLLUP_EVERY).isEqualTo(Duration.ofHours(1)); // rate(1 hour), as in the Terraform
        assertThat(results).anyMatch(x -> x.rolledUp() > 0);
        assertThat(s3.listObjectsV2(b -> b.bucket(stack.settings().processedBucket()).prefix("rollups/processed-on/dt=" + day + "/"))
                .contents()).isNotEmpty();
        assertThat(after.totals()).isEqualTo(before.totals());
        assertThat(after.byEventType()).isEqualTo(before.byEventType());
        assertThat(after.byHour()).isEqualTo(before.byHour());
        assertThat(after.users()).isEqualTo(before.users());
        assertThat(after.quality()).isEqualTo(before.quality());
    }

    @Test
    void processesAMultipartUpload() throws InterruptedException {
        String bucket = stack.settings().inputBucket();
        String key = "multipart/big.csv";
        StringBuilder body = new StringBuilder("event_id,timestamp,event_type,user_id,details\n");
        for (int i = 0; body.length() < 7 * 1024 * 1024; i++) {
            body.append('e').append(i).append(",2026-11-25T10:00:00.000Z,click,u").append(i % 50).append(',')
                    .append("x".repeat(100)).append('\n');
        }
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        int half = 5 * 1024 * 1024;
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        String e1 = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(1),
                RequestBody.fromBytes(java.util.Arrays.copyOfRange(bytes, 0, half))).eTag();
        String e2 = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(2),
                RequestBody.fromBytes(java.util.Arrays.copyOfRange(bytes, half, bytes.length))).eTag();
        var done = s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(
                CompletedPart.builder().partNumber(1).eTag(e1).build(), CompletedPart.builder().partNumber(2).eTag(e2).build())));

        Receipt r = awaitReceipt(FileId.of(bucket, key, Optional.of(done.versionId()), done.eTag().replace("\"", "")));

        assertThat(r.status()).isEqualTo(Receipt.Status.PROCESSED);
        assertThat(r.source().size()).isEqualTo(bytes.length);
        assertThat(r.rows().rejected()).isZero();
        assertThat(r.rows().valid()).isEqualTo(body.chars().filter(c -> c == '\n').count() - 1);
    }

    @Test
    void movesPoisonToTheDlq_afterMaxReceiveCount() throws InterruptedException {
        stack.sqs().sendMessage(b -> b.queueUrl(stack.queues().queueUrl()).messageBody("definitely not an S3 event"));

        Instant deadline = Instant.now().plusSeconds(30);
        List<String> dead = List.of();
        while (dead.isEmpty() && Instant.now().isBefore(deadline)) {
            dead = stack.sqs().receiveMessage(b -> b.queueUrl(stack.queues().dlqUrl()).waitTimeSeconds(1)).messages()
                    .stream().map(m -> m.body()).toList();
        }

        assertThat(dead).containsExactly("definitely not an S3 event");
    }

    @Test
    void processesManyConcurrentUploads() throws Exception {
        ExecutorService uploaders = Executors.newFixedThreadPool(8);
        List<Future<FileId>> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String key = "concurrent/file-" + i + ".csv";
            byte[] content = CSV.replace("e1", "e1-" + i).getBytes(StandardCharsets.UTF_8);
            ids.add(uploaders.submit(() -> put(s3, stack.settings().inputBucket(), key, content)));
        }
        uploaders.shutdown();
        assertThat(uploaders.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        for (Future<FileId> id : ids) {
            assertThat(awaitReceipt(id.get()).status()).isEqualTo(Receipt.Status.PROCESSED);
        }
    }

    @Test
    void processesAnAwsCliUpload_whenAwsCliIsInstalled(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(onPath("aws"), "awscli is not on the PATH");
        Path file = Files.writeString(dir.resolve("from cli+1.csv"), CSV);
        ProcessBuilder pb = new ProcessBuilder("aws", "--endpoint-url", stack.s3Endpoint().toString(), "s3", "cp",
                file.toString(), "s3://" + stack.settings().inputBucket() + "/awscli/from cli+1.csv")
                .redirectErrorStream(true);
        pb.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local",
                "AWS_DEFAULT_REGION", "us-east-1"));
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
        var head = s3.headObject(b -> b.bucket(stack.settings().inputBucket()).key("awscli/from cli+1.csv"));

        Receipt r = awaitReceipt(FileId.of(stack.settings().inputBucket(), "awscli/from cli+1.csv",
                Optional.of(head.versionId()), head.eTag().replace("\"", "")));

        assertThat(r.status()).isEqualTo(Receipt.Status.PROCESSED);
        assertThat(r.source().key()).isEqualTo("awscli/from cli+1.csv");
    }

    static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
