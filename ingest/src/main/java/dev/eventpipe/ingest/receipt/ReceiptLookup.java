package dev.eventpipe.ingest.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipe.shared.json.Json;
import dev.eventpipe.shared.layout.FileId;
import dev.eventpipe.shared.layout.Layout;
import dev.eventpipe.shared.receipt.Receipt;
import dev.eventpipe.shared.receipt.Receipts;
import dev.eventpipe.shared.rollup.Coverage;
import dev.eventpipe.shared.rollup.Covered;
import dev.eventpipe.shared.rollup.RollupCover;
import dev.eventpipe.shared.store.ListedObject;
import dev.eventpipe.shared.store.ObjectStore;
import dev.eventpipe.shared.store.StoreException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
            entryId(key.substring(prefix.length())).ifPresent(ids::add);
        }
        return ids;
    }

    /**
     * The processing-date index of {@code date}, with what its receipts said wherever the day's roll-ups tell:
     * file id &rarr; the receipt's outcome when a standing roll-up covers the entry (listed now with the ETag the
     * roll-up recorded, see {@link Coverage}), empty when the entry itself must be read ({@link #indexed}). One
     * listing of the index, one of its roll-ups and a GET per roll-up (about one an hour) instead of one per file.
     */
    public Map<String, Optional<Covered.Outcome>> indexEntries(LocalDate date) {
        String prefix = Layout.processedOnPrefix(date);
        List<ListedObject> listed = store.listWithEtags(processedBucket, prefix, Integer.MAX_VALUE);
        List<Coverage.Keyed<RollupCover>> rollups = new ArrayList<>();
        for (String key : store.list(processedBucket, Layout.rollupPrefix(prefix), Integer.MAX_VALUE)) {
            rollup(key).ifPresent(r -> rollups.add(new Coverage.Keyed<>(key, r)));
        }
        Coverage<RollupCover> coverage = Coverage.of(prefix, listed, rollups);
        Map<String, Optional<Covered.Outcome>> entries = new HashMap<>(listed.size() * 2);
        for (Coverage.Keyed<RollupCover> used : coverage.used()) {
            for (Covered c : used.rollup().covered()) {
                entryId(c.name()).ifPresent(id -> entries.put(id, c.outcome()));
            }
        }
        for (ListedObject o : coverage.uncovered()) {
            entryId(o.key().substring(prefix.length())).ifPresent(id -> entries.put(id, Optional.empty()));
        }
        return entries;
    }

    /**
     * A roll-up's cover; none when it is gone, cannot be read or is of another format (a roll-up is a copy: its
     * entries are then read one by one).
     */
    private Optional<RollupCover> rollup(String key) {
        try {
            Optional<InputStream> in = store.open(processedBucket, key, Optional.empty());
            if (in.isEmpty()) {
                return Optional.empty();
            }
            try (InputStream s = in.get()) {
                return Optional.of(RollupCover.fromJson(s.readAllBytes()));
            }
        } catch (IOException | UncheckedIOException | IllegalArgumentException | StoreException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> entryId(String name) {
        return name.endsWith(".json") ? Optional.of(name.substring(0, name.length() - ".json".length())) : Optional.empty();
    }

    /**
     * The copy of a receipt that the processing-date index keeps under {@code date}: what the receipt said when
     * it was written that day (the audit reads these, so it never needs the whole {@code receipts/} history).
     */
    public Optional<Receipt> indexed(FileId fileId, LocalDate date) {
        String key = Layout.processedOnKey(fileId, date);
        Optional<InputStream> in = store.open(processedBucket, key, Optional.empty());
        if (in.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream s = in.get()) {
            return Optional.of(Receipts.fromJson(s.readAllBytes()));
        } catch (IOException e) {
            throw new StoreException("GetObject", processedBucket, key, e);
        }
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
