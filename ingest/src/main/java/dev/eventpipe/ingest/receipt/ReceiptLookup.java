package dev.eventpipe.ingest.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipe.shared.audit.IndexedReceipts;
import dev.eventpipe.shared.json.Json;
import dev.eventpipe.shared.layout.FileId;
import dev.eventpipe.shared.layout.Layout;
import dev.eventpipe.shared.receipt.Receipt;
import dev.eventpipe.shared.receipt.Receipts;
import dev.eventpipe.shared.store.ObjectStore;
import dev.eventpipe.shared.store.StoreException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/** Receipts and rejected rows in the processed bucket. */
public final class ReceiptLookup implements ReceiptWatch.Receipts {

    private final ObjectStore store;
    private final String processedBucket;

    public ReceiptLookup(ObjectStore store, String processedBucket) {
        this.store = Objects.requireNonNull(store, "store");
        this.processedBucket = Objects.requireNonNull(processedBucket, "processedBucket");
    }

    @Override
    public Optional<Receipt> find(FileId fileId) {
        return Receipts.read(store, processedBucket, fileId);
    }

    /** One listing of the processing-date index of {@code date}: the file ids whose receipts were written that day. */
    @Override
    public Set<String> indexedOn(LocalDate date) {
        String prefix = Layout.processedOnPrefix(date);
        Set<String> ids = new HashSet<>();
        for (String key : store.list(processedBucket, prefix, Integer.MAX_VALUE)) {
            IndexedReceipts.fileId(key.substring(prefix.length())).ifPresent(ids::add);
        }
        return ids;
    }

    /** A rejected row as {@code rejects/} keeps it. */
    public record RejectedRow(long line, List<String> reasons, String raw) {
        public RejectedRow {
            reasons = List.copyOf(reasons);
        }
    }

    /** The first {@code max} rejected rows of the file, from its rejects output (none when it has none). */
    public List<RejectedRow> firstRejects(Receipt receipt, int max) {
        List<RejectedRow> rows = new ArrayList<>();
        for (String key : receipt.outputs()) {
            if (!key.startsWith(Layout.REJECTS) || rows.size() >= max) {
                continue;
            }
            Optional<InputStream> in = store.open(processedBucket, key, Optional.empty());
            if (in.isEmpty()) {
                continue;
            }
            try (InputStream raw = in.get();
                 InputStream content = key.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
                 BufferedReader lines = new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8))) {
                String line;
                while (rows.size() < max && (line = lines.readLine()) != null) {
                    JsonNode row = Json.mapper().readTree(line);
                    List<String> reasons = new ArrayList<>();
                    row.path("reasons").forEach(r -> reasons.add((r.hasNonNull("field") ? r.get("field").asText() + ": " : "")
                            + r.path("code").asText() + " - " + r.path("message").asText()));
                    rows.add(new RejectedRow(row.path("line").asLong(), reasons, row.path("raw").asText()));
                }
            } catch (IOException e) {
                throw new StoreException("GetObject", processedBucket, key, e);
            }
        }
        return rows;
    }
}
