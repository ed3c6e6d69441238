package dev.eventpipe.processor.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventpipe.shared.json.Json;
import dev.eventpipe.shared.layout.FileId;
import dev.eventpipe.shared.layout.Layout;
import dev.eventpipe.shared.metrics.Metric;
import dev.eventpipe.shared.notification.S3EventMessages;
import dev.eventpipe.shared.receipt.Receipt;
import dev.eventpipe.shared.receipt.Receipts;
import dev.eventpipe.shared.store.ObjectInfo;
import dev.eventpipe.shared.store.ObjectStore;
import dev.eventpipe.shared.store.ObjectUpload;
import dev.eventpipe.shared.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The receipt's conditional write is the commit point: what happens when another delivery writes the
 * receipt between this one's start and its commit.
 */
class ReceiptRaceTest {

    private static final String CSV = "event_id,event_type,user_id,timestamp\ne1,click,u1,2026-11-25T10:00:00Z\n";

    private final BeforeReceiptWrite race = new BeforeReceiptWrite();
    private final Harness h = new Harness(store -> {
        race.delegate = store;
        return race;
    });

    @Test
    void firstDelivery_thatLosesToAnotherDeliveryOfTheSameFile_isADuplicate() {
        String body = h.upload("a.csv", CSV);
        Harness other = new Harness(); // the competing delivery, run on its own store
        Receipt theirs = other.receipt(other.deliver(other.upload("a.csv", CSV)).get(0));
        race.before = () -> h.store.put(Harness.PROCESSED, Layout.receiptKey(new FileId(theirs.fileId())),
                Receipts.toJson(theirs), "application/json");

        Outcome outcome = h.deliver(body).get(0);

        assertThat(outcome).isInstanceOf(Outcome.Duplicate.class);
        assertThat(h.storedReceipt(theirs.fileId())).isEqualTo(theirs);
        assertThat(h.metrics.total(Metric.DUPLICATES_SKIPPED)).isEqualTo(1);
        assertThat(h.metrics.total(Metric.FILES_PROCESSED)).isZero();
    }

    @Test
    void indexesTheReceipt_whenItsOwnWriteLostItsAnswer_andTheRetryFoundItThere() {
        // Found by the fault proxy: S3 stored the receipt, the connection was reset before the answer, the
        // SDK's retry got 412, and the file was left with a receipt but no processed-on entry (so neither
        // the report nor the audit saw it) and no delivery left to repair it.
        race.loseAnswer = true;

        Outcome outcome = h.deliver(h.upload("a.csv", CSV)).get(0);

        assertThat(outcome).isInstanceOf(Outcome.Duplicate.class);
        String id = ((Outcome.Duplicate) outcome).fileId().value();
        assertThat(h.keys("processed-on/dt=2026-11-25/")).containsExactly("processed-on/dt=2026-11-25/" + id + ".json");
    }

    @Test
    void forcedReplay_thatLosesToANewerGeneration_isADuplicate() throws IOException {
        String body = h.upload("a.csv", CSV);
        Receipt first = h.receipt(h.deliver(body).get(0));
        race.before = () -> rewrite(first, 3);

        Outcome outcome = h.deliver(forced(body, 2)).get(0);

        assertThat(outcome).isInstanceOf(Outcome.Duplicate.class);
        assertThat(h.storedReceipt(first.fileId()).generation()).isEqualTo(3);
    }

    @Test
    void forcedReplay_whoseReceiptWasReplacedByAnOlderGeneration_failsToBeRetried() throws IOException {
        String body = h.upload("a.csv", CSV);
        Receipt first = h.receipt(h.deliver(body).get(0));
        race.before = () -> rewrite(first, 1); // same generation, new bytes: the ETag read at the start no longer matches

        assertThatThrownBy(() -> h.deliver(forced(body, 2))).isInstanceOf(StoreException.class)
                .hasMessageContaining("receipt changed");
        assertThat(h.storedReceipt(first.fileId()).generation()).isEqualTo(1);
    }

    /** The stored receipt again, at {@code generation}, a moment later (so its bytes and ETag differ). */
    private void rewrite(Receipt r, int generation) {
        Receipt changed = new Receipt(r.schemaVersion(), r.fileId(), r.source(), r.status(), r.reasonCode(), r.reason(),
                r.format(), r.schema(), r.rows(), r.outputs(), r.eventDates(), r.receivedAt(),
                r.processedAt().plusSeconds(60), r.durationMs(), r.bytesRead(), r.pipelineVersion(), r.rejectReasons(),
                generation, r.supersededOutputs());
        h.store.put(Harness.PROCESSED, Layout.receiptKey(new FileId(r.fileId())), Receipts.toJson(changed), "application/json");
    }

    private static String forced(String body, int generation) throws IOException {
        ObjectNode message = (ObjectNode) Json.mapper().readTree(body);
        List<String> records = new ArrayList<>();
        message.get("Records").forEach(r -> records.add(r.toString()));
        return S3EventMessages.forcedReplay(records, generation);
    }

    /** Runs {@link #before} once, just before the next conditional write of a receipt. */
    private static final class BeforeReceiptWrite implements ObjectStore {
        ObjectStore delegate;
        Runnable before;

        private void race(String key) {
            if (key.startsWith(Layout.RECEIPTS) && before != null) {
                Runnable r = before;
                before = null;
                r.run();
            }
        }

        /** The next receipt write is stored but answered "already there", as a retried PUT after a lost answer is. */
        boolean loseAnswer;

        @Override
        public boolean putIfAbsent(String bucket, String key, byte[] content, String contentType) {
            race(key);
            boolean stored = delegate.putIfAbsent(bucket, key, content, contentType);
            if (key.startsWith(Layout.RECEIPTS) && loseAnswer) {
                loseAnswer = false;
                return false;
            }
            return stored;
        }

        @Override
        public boolean putIfMatch(String bucket, String key, byte[] content, String contentType, String etag) {
            race(key);
            return delegate.putIfMatch(bucket, key, content, contentType, etag);
        }

        @Override
        public Optional<ObjectInfo> head(String bucket, String key) {
            return delegate.head(bucket, key);
        }

        @Override
        public Optional<InputStream> open(String bucket, String key, Optional<String> versionId) {
            return delegate.open(bucket, key, versionId);
        }

        @Override
        public void put(String bucket, String key, byte[] content, String contentType) {
            delegate.put(bucket, key, content, contentType);
        }

        @Override
        public ObjectUpload startUpload(String bucket, String key, String contentType, String contentEncoding) {
            return delegate.startUpload(bucket, key, contentType, contentEncoding);
        }

        @Override
        public List<String> list(String bucket, String prefix, int limit) {
            return delegate.list(bucket, prefix, limit);
        }

        @Override
        public void delete(String bucket, String key) {
            delegate.delete(bucket, key);
        }
    }
}
