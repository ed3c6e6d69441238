package dev.eventpipe.reporter;

import dev.eventpipe.shared.layout.FileId;
import dev.eventpipe.shared.layout.Layout;
import dev.eventpipe.shared.manifest.ManifestBuilder;
import dev.eventpipe.shared.receipt.Receipt;
import dev.eventpipe.shared.receipt.Receipts;
import dev.eventpipe.shared.store.ObjectStore;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Writes to a store what the processor writes for a file (manifests per UTC event date, the receipt and
 * its {@code processed-on} copy), from records given in the test: the reporter's input without the
 * processor. The layout and document shapes are the shared ones, so a drift fails to compile or parse.
 */
public final class Uploads {

    public static final String PROCESSED = "processed";
    public static final String INPUT = "input";

    private final ObjectStore store;
    private final String bucket;

    public Uploads(ObjectStore store) {
        this(store, PROCESSED);
    }

    public Uploads(ObjectStore store, String processedBucket) {
        this.store = store;
        this.bucket = processedBucket;
    }

    /** One valid record as the schema canonicalises it; {@code action} and {@code amount} may be null. */
    public record Rec(Instant at, String type, String action, String user, String amount) {
    }

    /** A processed file; returns its receipt. */
    public Receipt processed(String key, List<Rec> records, long rejected, SortedMap<String, Receipt.RejectReason> reasons,
                             Instant receivedAt, Instant processedAt) {
        FileId id = FileId.of(INPUT, key, Optional.empty(), "etag-" + key.hashCode());
        Map<LocalDate, ManifestBuilder> byDate = new TreeMap<>();
        for (Rec r : records) {
            LocalDate date = LocalDate.ofInstant(r.at(), ZoneOffset.UTC);
            byDate.computeIfAbsent(date, d -> new ManifestBuilder(id.value(), d))
                    .add(r.at().toEpochMilli(), r.type(), r.action(), r.user(), r.amount());
        }
        List<String> outputs = new ArrayList<>();
        byDate.forEach((date, builder) -> {
            String manifest = Layout.manifestKey(id, date);
            store.put(bucket, manifest, builder.toJson(), "application/json");
            outputs.add(manifest);
        });
        Receipt receipt = receipt(id, key, Receipt.Status.PROCESSED, Optional.empty(), records.size(), rejected, reasons,
                outputs, List.copyOf(byDate.keySet()), receivedAt, processedAt);
        commit(id, receipt);
        return receipt;
    }

    public Receipt quarantined(String key, String code, String reason, Instant receivedAt, Instant processedAt) {
        FileId id = FileId.of(INPUT, key, Optional.empty(), "etag-" + key.hashCode());
        Receipt receipt = receipt(id, key, Receipt.Status.QUARANTINED, Optional.of(code + "|" + reason), 0, 0,
                new TreeMap<>(), List.of(), List.of(), receivedAt, processedAt);
        commit(id, receipt);
        return receipt;
    }

    private void commit(FileId id, Receipt receipt) {
        byte[] json = Receipts.toJson(receipt);
        store.put(bucket, Layout.receiptKey(id), json, "application/json");
        store.put(bucket, Layout.processedOnKey(id, LocalDate.ofInstant(receipt.processedAt(), ZoneOffset.UTC)), json,
                "application/json");
    }

    private static Receipt receipt(FileId id, String key, Receipt.Status status, Optional<String> codeAndReason, long valid,
                                   long rejected, SortedMap<String, Receipt.RejectReason> reasons, List<String> outputs,
                                   List<LocalDate> dates, Instant receivedAt, Instant processedAt) {
        return new Receipt(Receipt.SCHEMA_VERSION, id.value(),
                new Receipt.Source(INPUT, key, Optional.empty(), "etag", 100), status,
                codeAndReason.map(c -> c.substring(0, c.indexOf('|'))), codeAndReason.map(c -> c.substring(c.indexOf('|') + 1)),
                "csv", "events v1", new Receipt.Rows(valid + rejected, valid, rejected), outputs, dates, receivedAt,
                processedAt, 10, 100, "test", reasons, Receipt.FIRST_GENERATION, List.of());
    }
}
