package dev.eventpipe.processor.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventpipe.shared.json.Json;
import dev.eventpipe.shared.metrics.Metric;
import dev.eventpipe.shared.notification.S3EventMessages;
import dev.eventpipe.shared.receipt.Receipt;
import dev.eventpipe.shared.receipt.Receipts;
import dev.eventpipe.shared.store.StoreException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code eventpipe replay --force}: a message marked with a receipt generation processes a file again, replaces
 * its receipt, and leaves exactly the new generation's outputs.
 */
class ForcedReplayTest {

    private static final String CSV = "event_id,event_type,user_id,timestamp\ne1,click,u1,2026-11-25T10:00:00Z\n"
            + "e2,click,u2,2026-11-26T10:00:00Z\n";

    private final Harness h = new Harness();

    /** The same notification, marked by the replay tool. */
    private static String forced(String body, int generation) throws IOException {
        ObjectNode message = (ObjectNode) Json.mapper().readTree(body);
        List<String> records = new ArrayList<>();
        message.get("Records").forEach(r -> records.add(r.toString()));
        return S3EventMessages.forcedReplay(records, generation);
    }

    @Test
    void processesAgainUnderNewGeneration_withTheSameOutputKeys() throws IOException {
        String body = h.upload("a.csv", CSV);
        Receipt first = h.receipt(h.deliver(body).get(0));
        List<String> keysBefore = h.keys("");

        Outcome again = h.deliver(forced(body, 2)).get(0);

        assertThat(again).isInstanceOf(Outcome.Processed.class);
        Receipt second = h.storedReceipt(first.fileId());
        assertThat(second.generation()).isEqualTo(2);
        assertThat(second.outputs()).isEqualTo(first.outputs());
        assertThat(second.supersededOutputs()).isEmpty();
        assertThat(h.keys("")).isEqualTo(keysBefore); // replaced, never duplicated
        assertThat(h.lines(first.outputs().get(0))).hasSize(1);
        assertThat(h.metrics.total(Metric.FILES_PROCESSED)).isEqualTo(2);
    }

    @Test
    void deletesOldOutputs_thatTheNewGenerationDidNotWrite() throws IOException {
        String body = h.upload("a.csv", CSV);
        Receipt first = h.receipt(h.deliver(body).get(0));
        // The first generation (say, an older pipeline version) also wrote a partition this one does not.
        String stale = "events/dt=2020-01-01/" + first.fileId() + ".jsonl.gz";
        h.store.put(Harness.PROCESSED, stale, new byte[] {1}, "application/gzip");
        List<String> outputs = new ArrayList<>(first.outputs());
        outputs.add(stale);
        h.store.put(Harness.PROCESSED, "receipts/" + first.fileId() + ".json", Receipts.toJson(withOutputs(first, outputs)),
                "application/json");

        h.deliver(forced(body, 2));

        Receipt second = h.storedReceipt(first.fileId());
        assertThat(second.supersededOutputs()).containsExactly(stale);
        assertThat(h.store.head(Harness.PROCESSED, stale)).isEmpty();
        assertThat(h.keys("events/")).containsExactlyInAnyOrderElementsOf(
                first.outputs().stream().filter(k -> k.startsWith("events/")).toList());
    }

    @Test
    void finishesTheDeletion_whenTheNextDeliveryComesAfterACrash() throws IOException {
        String body = h.upload("a.csv", CSV);
        Receipt first = h.receipt(h.deliver(body).get(0));
        String stale = "manifests/dt=2020-01-01/" + first.fileId() + ".json";
        h.store.put(Harness.PROCESSED, stale, new byte[] {1}, "application/json");
        List<String> outputs = new ArrayList<>(first.outputs());
        outputs.add(stale);
        h.store.put(Harness.PROCESSED, "receipts/" + first.fileId() + ".json", Receipts.toJson(withOutputs(first, outputs)),
                "application/json");
        h.store.failNext("delete", (bucket, key) -> key.equals(stale), 1); // the crash after the commit
        String replay = forced(body, 2);

        assertThatThrownBy(() -> h.deliver(replay)).isInstanceOf(StoreException.class);
        assertThat(h.storedReceipt(first.fileId()).generation()).isEqualTo(2); // committed before the failure
        assertThat(h.store.head(Harness.PROCESSED, stale)).isPresent();

        Outcome redelivered = h.deliver(replay).get(0); // SQS hands the message back

        assertThat(redelivered).isInstanceOf(Outcome.Duplicate.class);
        assertThat(h.store.head(Harness.PROCESSED, stale)).isEmpty();
    }

    @Test
    void skips_whenTheReceiptIsAlreadyOfThatGeneration() throws IOException {
        String body = h.upload("a.csv", CSV);
        h.deliver(body);
        String replay = forced(body, 2);
        h.deliver(replay);

        Outcome duplicate = h.deliver(replay).get(0); // a duplicate delivery of the replay message

        assertThat(duplicate).isInstanceOf(Outcome.Duplicate.class);
        assertThat(h.metrics.total(Metric.FILES_PROCESSED)).isEqualTo(2);
    }

    @Test
    void skipsPlainDeliveries_ofAReplayedFile() throws IOException {
        String body = h.upload("a.csv", CSV);
        Receipt first = h.receipt(h.deliver(body).get(0));
        h.deliver(forced(body, 2));

        assertThat(h.deliver(body)).singleElement().isInstanceOf(Outcome.Duplicate.class);
        assertThat(h.storedReceipt(first.fileId()).generation()).isEqualTo(2);
    }

    @Test
    void replacesAQuarantineReceipt_withTheNewVerdict() throws IOException {
        String body = h.upload("b.csv", "not,a,valid\nheader,row,here\n");
        Receipt first = h.receipt(h.deliver(body).get(0));
        assertThat(first.status()).isEqualTo(Receipt.Status.QUARANTINED);

        Outcome again = h.deliver(forced(body, 2)).get(0);

        assertThat(again).isInstanceOf(Outcome.Quarantined.class);
        assertThat(h.storedReceipt(first.fileId()).generation()).isEqualTo(2);
        assertThat(h.keys("receipts/")).hasSize(1);
    }

    private static Receipt withOutputs(Receipt r, List<String> outputs) {
        return new Receipt(r.schemaVersion(), r.fileId(), r.source(), r.status(), r.reasonCode(), r.reason(), r.format(),
                r.schema(), r.rows(), outputs, r.eventDates(), r.receivedAt(), r.processedAt(), r.durationMs(),
                r.bytesRead(), r.pipelineVersion(), r.rejectReasons(), r.generation(), r.supersededOutputs());
    }
}
