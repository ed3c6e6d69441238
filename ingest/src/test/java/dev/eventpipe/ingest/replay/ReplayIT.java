package dev.eventpipe.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipe.ingest.Pipeline;
import dev.eventpipe.ingest.Progress;
import dev.eventpipe.ingest.receipt.ReceiptLookup;
import dev.eventpipe.shared.aws.S3ObjectStore;
import dev.eventpipe.shared.metrics.Metric;
import dev.eventpipe.shared.receipt.Receipt;
import dev.eventpipe.testkit.emulators.Emulators;
import dev.eventpipe.testkit.emulators.EmulatorsExtension;
import dev.eventpipe.testkit.events.S3Events;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;

/** Replay through the processor: idempotent without --force, a new generation with it. */
@ExtendWith(EmulatorsExtension.class)
class ReplayIT {

    private static final String CSV = "event_id,event_type,user_id,timestamp\ne1,click,u1,2026-11-25T10:00:00Z\n";

    private final Pipeline p;
    private final ReceiptLookup receipts;
    private final Replayer replayer;

    ReplayIT(Emulators emulators) {
        this.p = new Pipeline(emulators, 3);
        this.receipts = new ReceiptLookup(new S3ObjectStore(emulators.s3(), S3ObjectStore.MIN_PART_SIZE), p.processed);
        this.replayer = new Replayer(p.clients.s3(), emulators.sqs(), receipts, "us-east-1", Clock.systemUTC(), d -> { });
    }

    /** Puts an object and delivers the notification S3 would have sent; processes it. */
    private void uploadAndProcess(String key) {
        String etag = p.emulators.s3().putObject(b -> b.bucket(p.input).key(key), RequestBody.fromString(CSV)).eTag()
                .replace("\"", "");
        p.emulators.sqs().sendMessage(b -> b.queueUrl(p.queues.queueUrl())
                .messageBody(S3Events.created(p.input, key, CSV.length(), etag, Instant.parse("2026-11-25T10:00:00Z"))));
        p.drain();
    }

    private Replayer.Request request(boolean force, boolean dryRun) {
        return new Replayer.Request(p.input, "in/", Optional.empty(), Optional.empty(), force, dryRun, p.queues.queueUrl(), 0);
    }

    @Test
    void withoutForce_processesNothingTwice() throws InterruptedException {
        uploadAndProcess("in/a.csv");
        uploadAndProcess("in/b.csv");
        // Uploaded while notifications were off: no receipt yet.
        p.emulators.s3().putObject(b -> b.bucket(p.input).key("in/c.csv"), RequestBody.fromString(CSV));
        double processedBefore = p.metrics.total(Metric.FILES_PROCESSED);

        ReplayResult r = replayer.replay(request(false, false), Progress.silent(Clock.systemUTC()));
        p.drain();
        ReplayResult again = replayer.replay(request(false, false), Progress.silent(Clock.systemUTC()));
        p.drain();

        assertThat(r.listed()).isEqualTo(3);
        assertThat(r.skipped()).isEqualTo(2);
        assertThat(r.sent()).isEqualTo(1);
        assertThat(r.items()).filteredOn(i -> i.action().equals("send")).extracting(ReplayResult.Item::key)
                .containsExactly("in/c.csv");
        assertThat(again.sent()).isZero();
        assertThat(p.metrics.total(Metric.FILES_PROCESSED)).isEqualTo(processedBefore + 1);
        assertThat(p.metrics.total(Metric.DUPLICATES_SKIPPED)).isEqualTo(0.0);
        assertThat(p.emulators.s3().listObjectsV2(b -> b.bucket(p.processed).prefix("receipts/")).contents()).hasSize(3);
    }

    @Test
    void withForce_processesAgainUnderTheNextGeneration_withoutDuplicatingOutputs() throws InterruptedException {
        uploadAndProcess("in/a.csv");
        List<String> outputsBefore = keys("events/");

        ReplayResult r = replayer.replay(request(true, false), Progress.silent(Clock.systemUTC()));
        p.drain();

        assertThat(r.items()).singleElement().satisfies(i -> {
            assertThat(i.action()).isEqualTo("force");
            assertThat(i.generation()).isEqualTo(2);
        });
        Receipt receipt = receipts.find(new dev.eventpipe.shared.layout.FileId(r.items().get(0).fileId())).orElseThrow();
        assertThat(receipt.generation()).isEqualTo(2);
        assertThat(receipt.receivedAt()).isEqualTo(Instant.parse("2026-11-25T10:00:00Z")); // the original arrival
        assertThat(keys("events/")).isEqualTo(outputsBefore);
        assertThat(keys("receipts/")).hasSize(1);
    }

    @Test
    void dryRun_sendsNothing() throws InterruptedException {
        p.emulators.s3().putObject(b -> b.bucket(p.input).key("in/x.csv"), RequestBody.fromString(CSV));

        ReplayResult r = replayer.replay(request(false, true), Progress.silent(Clock.systemUTC()));

        assertThat(r.items()).extracting(ReplayResult.Item::action).containsExactly("send");
        assertThat(r.sent()).isZero();
        assertThat(p.drain()).isZero();
    }

    @Test
    void honoursTheTimeWindow() throws InterruptedException {
        p.emulators.s3().putObject(b -> b.bucket(p.input).key("in/x.csv"), RequestBody.fromString(CSV));
        Instant modified = p.emulators.s3().headObject(b -> b.bucket(p.input).key("in/x.csv")).lastModified();

        ReplayResult after = replayer.replay(new Replayer.Request(p.input, "in/", Optional.of(modified.plusSeconds(1)),
                Optional.empty(), false, true, p.queues.queueUrl(), 0), Progress.silent(Clock.systemUTC()));
        ReplayResult within = replayer.replay(new Replayer.Request(p.input, "in/", Optional.of(modified),
                Optional.of(modified.plusSeconds(1)), false, true, p.queues.queueUrl(), 0), Progress.silent(Clock.systemUTC()));

        assertThat(after.listed()).isZero();
        assertThat(within.listed()).isEqualTo(1);
    }

    private List<String> keys(String prefix) {
        return p.emulators.s3().listObjectsV2(b -> b.bucket(p.processed).prefix(prefix)).contents().stream()
                .map(o -> o.key()).toList();
    }
}
