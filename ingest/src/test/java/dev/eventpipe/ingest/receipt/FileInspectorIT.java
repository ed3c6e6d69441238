package dev.eventpipe.ingest.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipe.ingest.Pipeline;
import dev.eventpipe.ingest.dlq.DeadLetterQueue;
import dev.eventpipe.shared.aws.S3ObjectStore;
import dev.eventpipe.testkit.emulators.Emulators;
import dev.eventpipe.testkit.emulators.EmulatorsExtension;
import dev.eventpipe.testkit.events.S3Events;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;

/** "What happened to my file?" for processed, quarantined, pending, dead-lettered and unknown files. */
@ExtendWith(EmulatorsExtension.class)
class FileInspectorIT {

    private static final Instant UPLOADED = Instant.parse("2026-11-25T10:00:00Z");

    private final Pipeline p;
    private final FileInspector inspector;

    FileInspectorIT(Emulators emulators) {
        this.p = new Pipeline(emulators, 1);
        ReceiptLookup receipts = new ReceiptLookup(new S3ObjectStore(emulators.s3(), S3ObjectStore.MIN_PART_SIZE), p.processed);
        DeadLetterQueue dlq = new DeadLetterQueue(emulators.sqs(), p.queues.queueUrl(), p.queues.dlqUrl(), receipts,
                Clock.systemUTC(), d -> { }, Duration.ofSeconds(5));
        this.inspector = new FileInspector(p.clients.s3(), receipts, Optional.of(dlq), Optional.of(p.queues.queueUrl()), 100);
    }

    private String put(String key, String content) {
        return p.emulators.s3().putObject(b -> b.bucket(p.input).key(key), RequestBody.fromString(content)).eTag()
                .replace("\"", "");
    }

    private void notify(String key, String content, String etag) {
        p.emulators.sqs().sendMessage(b -> b.queueUrl(p.queues.queueUrl())
                .messageBody(S3Events.created(p.input, key, content.length(), etag, UPLOADED)));
    }

    @Test
    void processed_withCountsAndTheFirstRejectedRows() {
        String csv = "event_id,event_type,user_id,timestamp\ne1,click,u1,2026-11-25T10:00:00Z\n"
                + "e2,click,u2,2026-11-25T11:00:00Z\ne3,click,,not-a-time\n";
        notify("in/a.csv", csv, put("in/a.csv", csv));
        p.drain();

        FileReport r = inspector.inspect(p.input, "in/a.csv", Optional.empty(), 5);

        assertThat(r.state()).isEqualTo(FileReport.State.PROCESSED);
        assertThat(r.receipt()).hasValueSatisfying(receipt -> assertThat(receipt.rows().rejected()).isEqualTo(1));
        assertThat(r.rejects()).singleElement().satisfies(row -> {
            assertThat(row.line()).isEqualTo(4);
            assertThat(row.reasons()).anySatisfy(reason -> assertThat(reason).contains("invalid_timestamp"));
        });
    }

    @Test
    void quarantined_withTheReason() {
        String csv = "nothing,we,know\n1,2,3\n";
        notify("in/q.csv", csv, put("in/q.csv", csv));
        p.drain();

        FileReport r = inspector.inspect(p.input, "in/q.csv", Optional.empty(), 5);

        assertThat(r.state()).isEqualTo(FileReport.State.QUARANTINED);
        assertThat(r.explanation()).contains("bad_header");
    }

    @Test
    void pending_whenItsMessageWaitsInTheQueue() {
        String csv = "event_id\n1\n";
        notify("in/p.csv", csv, put("in/p.csv", csv));

        FileReport r = inspector.inspect(p.input, "in/p.csv", Optional.empty(), 5);

        assertThat(r.state()).isEqualTo(FileReport.State.PENDING);
        assertThat(r.receipt()).isEmpty();
    }

    @Test
    void inDlq_whenItsMessageWasDeadLettered() {
        String csv = "event_id\n1\n";
        String etag = put("in/d.csv", csv);
        // What the files queue hands the DLQ after maxReceiveCount failures: the notification itself.
        String body = S3Events.created(p.input, "in/d.csv", csv.length(), etag, UPLOADED);
        String id = p.emulators.sqs().sendMessage(b -> b.queueUrl(p.queues.dlqUrl()).messageBody(body)).messageId();

        FileReport r = inspector.inspect(p.input, "in/d.csv", Optional.empty(), 5);

        assertThat(r.state()).isEqualTo(FileReport.State.IN_DLQ);
        assertThat(r.dlqMessageIds()).containsExactly(id);
        assertThat(p.emulators.sqs().receiveMessage(b -> b.queueUrl(p.queues.dlqUrl()).waitTimeSeconds(1)).messages())
                .hasSize(1); // peeked, not consumed
    }

    @Test
    void unknown_whenNoReceiptAndNoMessage() {
        put("in/u.csv", "event_id\n1\n");

        FileReport r = inspector.inspect(p.input, "in/u.csv", Optional.empty(), 5);

        assertThat(r.state()).isEqualTo(FileReport.State.UNKNOWN);
        assertThat(r.explanation()).contains("eventpipe replay");
    }

    @Test
    void noSuchObject() {
        FileReport r = inspector.inspect(p.input, "in/never.csv", Optional.empty(), 5);

        assertThat(r.state()).isEqualTo(FileReport.State.NO_SUCH_OBJECT);
        assertThat(r.fileId()).isEmpty();
    }
}
