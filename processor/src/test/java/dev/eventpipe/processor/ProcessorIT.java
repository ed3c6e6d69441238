package dev.eventpipe.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipe.shared.json.Json;
import dev.eventpipe.shared.metrics.Metric;
import dev.eventpipe.shared.receipt.Receipt;
import dev.eventpipe.shared.receipt.Receipts;
import dev.eventpipe.testkit.emulators.Emulators;
import dev.eventpipe.testkit.emulators.EmulatorsExtension;
import dev.eventpipe.local.emulator.QueuePair;
import dev.eventpipe.testkit.events.S3Events;
import dev.eventpipe.shared.metrics.CountingMetrics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The Lambda handler against embedded S3 (the local S3) and SQS (ElasticMQ), fed S3 event notifications in
 * the shape S3 sends them, through a queue with a dead-letter queue.
 */
@ExtendWith(EmulatorsExtension.class)
class ProcessorIT {

    private static final Instant UPLOADED = Instant.parse("2026-11-25T10:00:00Z");
    private static final String CSV = """
            event_id,timestamp,event_type,user_id,action,amount,country,device,session_id,details
            e1,2026-11-25T10:00:00.000Z,page_view,u1,view,,US,mobile,s1,first
            e2,2026-11-25T10:05:00.000Z,purchase,u2,pay,19.99,DE,desktop,s2,"comma, inside"
            e3,not-a-time,click,u3,tap,,GB,mobile,s3,broken
            """;

    private final Emulators emulators;
    private final String input;
    private final String processed;
    private final QueuePair queue;
    private final CountingMetrics metrics = new CountingMetrics();
    private final QueueDriver driver;

    ProcessorIT(Emulators emulators) {
        this.emulators = emulators;
        this.input = emulators.uniqueName("input");
        this.processed = emulators.uniqueName("processed");
        emulators.createBucket(input);
        emulators.createBucket(processed);
        this.queue = emulators.createQueueWithDlq(emulators.uniqueName("files"), 2, Duration.ofSeconds(1));
        Map<String, String> env = new HashMap<>();
        env.put("EVENTPIPE_PROCESSED_BUCKET", processed);
        env.put("EVENTPIPE_INPUT_BUCKETS", input);
        env.put("EVENTPIPE_PART_SIZE", "5MiB");
        ProcessorApp app = ProcessorApp.fromEnvironment(env, emulators.clients(), metrics,
                Clock.fixed(UPLOADED.plusSeconds(3), ZoneOffset.UTC));
        this.driver = new QueueDriver(emulators.sqs(), queue.queueUrl(), new ProcessorHandler(app));
    }

    /** Puts the object and sends the notification S3 would send for it; returns the notification body. */
    private String upload(String key, byte[] content) {
        PutObjectResponse put = emulators.s3().putObject(b -> b.bucket(input).key(key), RequestBody.fromBytes(content));
        String body = S3Events.created(input, key, content.length, put.eTag().replace("\"", ""), UPLOADED);
        send(body);
        return body;
    }

    private void send(String body) {
        emulators.sqs().sendMessage(b -> b.queueUrl(queue.queueUrl()).messageBody(body));
    }

    private List<Receipt> receipts() {
        List<Receipt> out = new ArrayList<>();
        for (S3Object o : emulators.s3().listObjectsV2Paginator(b -> b.bucket(processed).prefix("receipts/")).contents()) {
            out.add(Receipts.fromJson(bytes(o.key())));
        }
        return out;
    }

    private Receipt onlyReceipt() {
        List<Receipt> all = receipts();
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    private byte[] bytes(String key) {
        ResponseBytes<GetObjectResponse> r = emulators.s3().getObjectAsBytes(b -> b.bucket(processed).key(key));
        return r.asByteArray();
    }

    private List<JsonNode> jsonLines(String key) throws IOException {
        byte[] raw = bytes(key);
        try (InputStream in = key.endsWith(".gz") ? new GZIPInputStream(new ByteArrayInputStream(raw)) : new ByteArrayInputStream(raw)) {
            List<JsonNode> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isEmpty()) {
                    out.add(Json.mapper().readTree(line));
                }
            }
            return out;
        }
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        }
        return out.toByteArray();
    }

    @Test
    void processesCleanCsv_withRejectsAndManifest() throws IOException {
        upload("incoming/clean.csv", CSV.getBytes(StandardCharsets.UTF_8));

        driver.drain(Duration.ofSeconds(20));

        Receipt r = onlyReceipt();
        assertThat(r.status()).isEqualTo(Receipt.Status.PROCESSED);
        assertThat(r.rows()).isEqualTo(new Receipt.Rows(3, 2, 1));
        assertThat(r.outputs()).containsExactlyInAnyOrder(
                "events/dt=2026-11-25/" + r.fileId() + ".jsonl.gz",
                "manifests/dt=2026-11-25/" + r.fileId() + ".json",
                "rejects/dt=2026-11-25/" + r.fileId() + ".jsonl.gz");
        List<JsonNode> events = jsonLines("events/dt=2026-11-25/" + r.fileId() + ".jsonl.gz");
        assertThat(events).extracting(n -> n.get("event_id").asText()).containsExactly("e1", "e2");
        List<JsonNode> rejects = jsonLines("rejects/dt=2026-11-25/" + r.fileId() + ".jsonl.gz");
        assertThat(rejects).hasSize(1);
        assertThat(rejects.get(0).get("line").asLong()).isEqualTo(4);
        assertThat(rejects.get(0).get("reasons").get(0).get("code").asText()).isEqualTo("invalid_timestamp");
        assertThat(bytes("processed-on/dt=2026-11-25/" + r.fileId() + ".json")).isNotEmpty();
        assertThat(metrics.total(Metric.FILES_PROCESSED)).isEqualTo(1);
    }

    @Test
    void processesJsonArrayJsonLinesAndGzip() throws IOException {
        upload("a/array.json", """
                [{"eventId":"j1","eventType":"click","userId":"u1","ts":"2026-11-25T01:00:00Z","extra":{"x":1}},
                 {"eventId":"j2","eventType":"click","userId":"u2","ts":1795568400}]""".getBytes(StandardCharsets.UTF_8));
        upload("a/lines.jsonl", """
                {"event_id":"l1","event_type":"login","user_id":"u1","timestamp":"2026-11-25T02:00:00+02:00"}
                {"event_id":"l2","event_type":"logout","user_id":"u1","timestamp":1795572000000}
                """.getBytes(StandardCharsets.UTF_8));
        upload("a/compressed.csv.gz", gzip(CSV.getBytes(StandardCharsets.UTF_8)));

        driver.drain(Duration.ofSeconds(20));

        List<Receipt> all = receipts();
        assertThat(all).extracting(Receipt::status).containsOnly(Receipt.Status.PROCESSED);
        assertThat(all).extracting(Receipt::format).containsExactlyInAnyOrder("json-array", "jsonl", "csv+gzip");
        Receipt array = all.stream().filter(r -> r.format().equals("json-array")).findFirst().orElseThrow();
        List<JsonNode> records = jsonLines("events/dt=2026-11-25/" + array.fileId() + ".jsonl.gz");
        assertThat(records.get(0).get("attributes").get("extra").asText()).isEqualTo("{\"x\":1}");
        assertThat(records.get(1).get("timestamp").asText()).isEqualTo("2026-11-25T01:00:00.000Z");
    }

    @Test
    void decodesKeys_withSpacesUnicodeAndPlus() {
        String key = "uploads/Ümlaut dir/report +1 (final).csv";
        upload(key, CSV.getBytes(StandardCharsets.UTF_8));

        driver.drain(Duration.ofSeconds(20));

        Receipt r = onlyReceipt();
        assertThat(r.source().key()).isEqualTo(key);
        assertThat(r.status()).isEqualTo(Receipt.Status.PROCESSED);
    }

    @Test
    void acknowledgesTestEvent_andReadsEveryRecordOfAMessage() {
        send(S3Events.testEvent(input));
        List<String> records = new ArrayList<>();
        for (String key : List.of("multi/one.csv", "multi/two.csv")) {
            PutObjectResponse put = emulators.s3().putObject(b -> b.bucket(input).key(key), RequestBody.fromString(CSV));
            records.add(S3Events.record("ObjectCreated:Put", input, key, CSV.length(), put.eTag().replace("\"", ""),
                    Optional.empty(), UPLOADED));
        }
        send(S3Events.message(records));

        driver.drain(Duration.ofSeconds(20));

        assertThat(receipts()).extracting(r -> r.source().key()).containsExactlyInAnyOrder("multi/one.csv", "multi/two.csv");
        assertThat(metrics.total(Metric.TEST_EVENTS_SKIPPED)).isEqualTo(1);
        assertThat(depth(queue.dlqUrl())).isZero();
    }

    @Test
    void writesOnce_whenSameEventDeliveredTwice() {
        String body = upload("dup/file.csv", CSV.getBytes(StandardCharsets.UTF_8));
        send(body);

        driver.drain(Duration.ofSeconds(20));

        Receipt r = onlyReceipt();
        assertThat(metrics.total(Metric.DUPLICATES_SKIPPED)).isEqualTo(1);
        assertThat(metrics.total(Metric.FILES_PROCESSED)).isEqualTo(1);
        assertThat(keys("events/")).containsExactly("events/dt=2026-11-25/" + r.fileId() + ".jsonl.gz");
    }

    @Test
    void rewritesIdenticalOutputs_whenRedeliveredAfterCrashBeforeReceipt() {
        String body = upload("crash/file.csv", CSV.getBytes(StandardCharsets.UTF_8));
        driver.drain(Duration.ofSeconds(20));
        Receipt first = onlyReceipt();
        Map<String, byte[]> before = new HashMap<>();
        for (String key : first.outputs()) {
            before.put(key, bytes(key));
        }
        // The crash: outputs were written, the receipt (and its index entry) never were.
        emulators.s3().deleteObject(b -> b.bucket(processed).key("receipts/" + first.fileId() + ".json"));
        emulators.s3().deleteObject(b -> b.bucket(processed).key("processed-on/dt=2026-11-25/" + first.fileId() + ".json"));

        send(body);
        driver.drain(Duration.ofSeconds(20));

        Receipt second = onlyReceipt();
        assertThat(second.outputs()).isEqualTo(first.outputs());
        for (String key : first.outputs()) {
            assertThat(bytes(key)).as(key).isEqualTo(before.get(key));
        }
        assertThat(keys("events/")).hasSize(1);
        assertThat(keys("processed-on/")).hasSize(1);
    }

    @Test
    void movesPoisonMessageToDlq_afterMaxReceiveCount() {
        send("{\"not\":\"an S3 event\"}");

        Instant deadline = Instant.now().plusSeconds(30);
        while (depth(queue.dlqUrl()) == 0 && Instant.now().isBefore(deadline)) {
            driver.pollOnce(Duration.ofSeconds(1));
        }

        List<Message> dead = emulators.sqs().receiveMessage(b -> b.queueUrl(queue.dlqUrl()).maxNumberOfMessages(10)).messages();
        assertThat(dead).extracting(Message::body).containsExactly("{\"not\":\"an S3 event\"}");
        assertThat(metrics.total(Metric.BATCH_ITEM_FAILURES)).isGreaterThanOrEqualTo(2);
        assertThat(receipts()).isEmpty();
    }

    @Test
    void quarantines_withReasonAndNoEvents() {
        upload("bad/header.csv", "id,when\n1,2\n".getBytes(StandardCharsets.UTF_8));
        upload("bad/empty.csv", new byte[0]);
        upload("bad/truncated.csv.gz", java.util.Arrays.copyOf(gzipQuietly(CSV.repeat(50)), 200));
        upload("bad/mostly-bad.csv", ("event_id,timestamp,event_type,user_id\n" + "x,bad,click,u\n".repeat(3)
                + "y,2026-11-25T10:00:00Z,click,u\n").getBytes(StandardCharsets.UTF_8));

        driver.drain(Duration.ofSeconds(20));

        List<Receipt> all = receipts();
        assertThat(all).extracting(Receipt::status).containsOnly(Receipt.Status.QUARANTINED);
        assertThat(all).extracting(r -> r.reasonCode().orElseThrow())
                .containsExactlyInAnyOrder("bad_header", "empty_file", "corrupt_gzip", "reject_rate");
        assertThat(keys("events/")).isEmpty();
        Receipt mostlyBad = all.stream().filter(r -> r.reasonCode().orElseThrow().equals("reject_rate")).findFirst().orElseThrow();
        assertThat(mostlyBad.outputs()).containsExactly("rejects/dt=2026-11-25/" + mostlyBad.fileId() + ".jsonl.gz");
        assertThat(metrics.total(Metric.FILES_QUARANTINED)).isEqualTo(4);
    }

    @Test
    void writesLargeOutput_throughMultipartUpload() throws IOException {
        StringBuilder csv = new StringBuilder("event_id,timestamp,event_type,user_id,details\n");
        String padding = "x".repeat(200);
        for (int i = 0; i < 40_000; i++) {
            csv.append("e").append(i).append(",2026-11-25T10:00:00.000Z,click,u").append(i % 97).append(',').append(padding).append('\n');
        }
        Map<String, String> env = new HashMap<>();
        env.put("EVENTPIPE_PROCESSED_BUCKET", processed);
        env.put("EVENTPIPE_OUTPUT_COMPRESSION", "none");
        env.put("EVENTPIPE_PART_SIZE", "5MiB");
        ProcessorApp app = ProcessorApp.fromEnvironment(env, emulators.clients(), metrics,
                Clock.fixed(UPLOADED, ZoneOffset.UTC));
        QueueDriver uncompressed = new QueueDriver(emulators.sqs(), queue.queueUrl(), new ProcessorHandler(app));
        upload("big/file.csv", csv.toString().getBytes(StandardCharsets.UTF_8));

        uncompressed.drain(Duration.ofSeconds(60));

        Receipt r = onlyReceipt();
        String key = "events/dt=2026-11-25/" + r.fileId() + ".jsonl";
        var head = emulators.s3().headObject(b -> b.bucket(processed).key(key));
        assertThat(head.contentLength()).isGreaterThan(2L * 5 * 1024 * 1024); // more than two parts
        // A multipart object's ETag ends in "-<number of parts>"; a single buffered PUT's does not.
        assertThat(head.eTag().replace("\"", "")).matches("[0-9a-f]{32}-([3-9]|[1-9][0-9]+)");
        assertThat(jsonLines(key)).hasSize(40_000);
    }

    private static byte[] gzipQuietly(String text) {
        try {
            return gzip(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> keys(String prefix) {
        return emulators.s3().listObjectsV2Paginator(b -> b.bucket(processed).prefix(prefix)).contents().stream()
                .map(S3Object::key).toList();
    }

    private int depth(String url) {
        return Integer.parseInt(emulators.sqs().getQueueAttributes(b -> b.queueUrl(url)
                .attributeNamesWithStrings("ApproximateNumberOfMessages")).attributesAsStrings()
                .get("ApproximateNumberOfMessages"));
    }
}
