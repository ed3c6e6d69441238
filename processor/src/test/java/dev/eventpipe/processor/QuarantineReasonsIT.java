package dev.eventpipe.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipe.local.emulator.QueuePair;
import dev.eventpipe.processor.format.QuarantineException;
import dev.eventpipe.shared.layout.FileId;
import dev.eventpipe.shared.layout.Layout;
import dev.eventpipe.shared.metrics.CountingMetrics;
import dev.eventpipe.shared.receipt.Receipt;
import dev.eventpipe.shared.receipt.Receipts;
import dev.eventpipe.testkit.emulators.Emulators;
import dev.eventpipe.testkit.emulators.EmulatorsExtension;
import dev.eventpipe.testkit.events.S3Events;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Every quarantine reason through the real path: S3 (the local S3), an S3-shaped notification on SQS
 * (ElasticMQ), the Lambda handler, and a {@code quarantined} receipt with that reason code in S3, the
 * message acknowledged. Limits are lowered through the same environment variables an operator sets.
 */
@ExtendWith(EmulatorsExtension.class)
class QuarantineReasonsIT {

    private static final Instant UPLOADED = Instant.parse("2026-11-25T10:00:00Z");
    private static final String HEADER = "event_id,event_type,user_id,timestamp\n";

    private final Emulators emulators;

    QuarantineReasonsIT(Emulators emulators) {
        this.emulators = emulators;
    }

    @Test
    void quarantinesEachReason_withItsCode_andAcknowledgesTheMessage() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        Map<String, QuarantineException.Reason> expected = new LinkedHashMap<>();
        add(files, expected, "empty.csv", new byte[0], QuarantineException.Reason.EMPTY_FILE);
        add(files, expected, "report.xml", fixture("xml-content.xml"), QuarantineException.Reason.UNSUPPORTED_FORMAT);
        add(files, expected, "utf16.csv", fixture("utf16-bom.csv"), QuarantineException.Reason.UNSUPPORTED_ENCODING);
        add(files, expected, "latin1.csv", fixture("invalid-utf8.csv"), QuarantineException.Reason.INVALID_ENCODING);
        add(files, expected, "cut.csv.gz", Arrays.copyOf(gzip(rows(2_000)), 300), QuarantineException.Reason.CORRUPT_GZIP);
        add(files, expected, "big.csv", rows(2_000, 1_100), QuarantineException.Reason.OBJECT_TOO_LARGE);
        add(files, expected, "bomb.csv.gz", gzip((HEADER + "0".repeat(3 << 20)).getBytes(StandardCharsets.UTF_8)),
                QuarantineException.Reason.COMPRESSION_RATIO);
        add(files, expected, "unclosed.csv", fixture("unbalanced-quote.csv"), QuarantineException.Reason.UNPARSEABLE);
        add(files, expected, "no-user.csv", fixture("missing-required-column.csv"), QuarantineException.Reason.BAD_HEADER);
        add(files, expected, "many.csv.gz", gzip(rows(150)), QuarantineException.Reason.TOO_MANY_ROWS);
        add(files, expected, "dates.csv", fixture("three-event-dates.csv"), QuarantineException.Reason.TOO_MANY_PARTITIONS);
        add(files, expected, "mostly-bad.csv", fixture("reject-rate.csv"), QuarantineException.Reason.REJECT_RATE);
        // 60 rows of 40,000 random letters: past 2 MiB decompressed, but compressing too little to look like a bomb.
        add(files, expected, "wide.csv.gz", gzip(rows(60, 40_000)), QuarantineException.Reason.DECOMPRESSED_TOO_LARGE);
        Set<QuarantineException.Reason> covered = EnumSet.noneOf(QuarantineException.Reason.class);
        covered.addAll(expected.values());
        assertThat(covered).as("every reason has a case").isEqualTo(EnumSet.allOf(QuarantineException.Reason.class));

        String input = emulators.uniqueName("qin");
        String processed = emulators.uniqueName("qout");
        emulators.createBucket(input);
        emulators.createBucket(processed);
        QueuePair queue = emulators.createQueueWithDlq(emulators.uniqueName("qfiles"), 2, Duration.ofSeconds(1));
        Map<String, String> env = Map.of(
                "EVENTPIPE_PROCESSED_BUCKET", processed,
                "EVENTPIPE_MAX_OBJECT_BYTES", "2MiB",
                "EVENTPIPE_MAX_ROWS_PER_FILE", "100",
                "EVENTPIPE_MAX_PARTITIONS_PER_FILE", "2",
                "EVENTPIPE_MAX_DECOMPRESSED_BYTES", "2MiB",
                "EVENTPIPE_MAX_COMPRESSION_RATIO", "50");
        ProcessorApp app = ProcessorApp.fromEnvironment(env, emulators.clients(), new CountingMetrics(),
                Clock.fixed(UPLOADED.plusSeconds(5), ZoneOffset.UTC));
        QueueDriver driver = new QueueDriver(emulators.sqs(), queue.queueUrl(), new ProcessorHandler(app));
        Map<String, FileId> ids = new LinkedHashMap<>();
        for (var f : files.entrySet()) {
            String etag = emulators.s3().putObject(b -> b.bucket(input).key("q/" + f.getKey()), RequestBody.fromBytes(f.getValue()))
                    .eTag().replace("\"", "");
            emulators.sqs().sendMessage(b -> b.queueUrl(queue.queueUrl())
                    .messageBody(S3Events.created(input, "q/" + f.getKey(), f.getValue().length, etag, UPLOADED)));
            ids.put(f.getKey(), FileId.of(input, "q/" + f.getKey(), Optional.empty(), etag));
        }

        driver.drain(Duration.ofSeconds(60));

        for (var f : expected.entrySet()) {
            Receipt r = Receipts.fromJson(emulators.s3().getObjectAsBytes(b -> b.bucket(processed)
                    .key(Layout.receiptKey(ids.get(f.getKey())))).asByteArray());
            assertThat(r.status()).as(f.getKey()).isEqualTo(Receipt.Status.QUARANTINED);
            assertThat(r.reasonCode()).as(f.getKey() + ": " + r.reason()).contains(f.getValue().code());
        }
        assertThat(emulators.sqs().getQueueAttributes(b -> b.queueUrl(queue.dlqUrl())
                .attributeNamesWithStrings("ApproximateNumberOfMessages")).attributesAsStrings()
                .get("ApproximateNumberOfMessages")).isEqualTo("0");
    }

    private static void add(Map<String, byte[]> files, Map<String, QuarantineException.Reason> expected, String name,
                            byte[] content, QuarantineException.Reason reason) {
        files.put(name, content);
        expected.put(name, reason);
    }

    private static byte[] rows(int n) {
        return rows(n, 0);
    }

    private static byte[] rows(int n, int padding) {
        java.util.Random random = new java.util.Random(9);
        StringBuilder b = new StringBuilder("event_id,event_type,user_id,timestamp,note\n");
        for (int i = 0; i < n; i++) {
            b.append('e').append(i).append(",click,u1,2026-11-25T10:00:00Z,");
            for (int k = 0; k < padding; k++) {
                b.append((char) ('a' + random.nextInt(26)));
            }
            b.append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = QuarantineReasonsIT.class.getResourceAsStream("/bad/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture bad/" + name);
            }
            return in.readAllBytes();
        }
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        }
        return out.toByteArray();
    }
}
