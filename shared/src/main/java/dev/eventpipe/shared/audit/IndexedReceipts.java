package dev.eventpipe.shared.audit;

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
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * What the processing-date index ({@code processed-on/dt=…/}) says of a set of files, read from listings and
 * roll-ups rather than a request per file: a receipt is indexed under the UTC date it was written, so one
 * listing per day tells which files have one, and the day's roll-ups (written hourly by the reporter) say what
 * each covered entry's receipt said. Only the entries no standing roll-up covers yet (the last hour's, or
 * rewritten since) are read, in parallel.
 */
public final class IndexedReceipts {

    private final ObjectStore store;
    private final String processedBucket;
    private final ExecutorService reads;

    /** @param reads runs the reads of entries no roll-up covers; its size is the number of concurrent GETs */
    public IndexedReceipts(ObjectStore store, String processedBucket, ExecutorService reads) {
        this.store = Objects.requireNonNull(store, "store");
        this.processedBucket = Objects.requireNonNull(processedBucket, "processedBucket");
        this.reads = Objects.requireNonNull(reads, "reads");
    }

    /**
     * The index of {@code date}: file id &rarr; its receipt's outcome when a standing roll-up covers the entry
     * (listed now with the ETag the roll-up recorded, see {@link Coverage}), empty when the entry itself must be
     * read. One listing of the index, one of its roll-ups and a GET per roll-up (about one an hour).
     */
    public Map<String, Optional<Covered.Outcome>> entries(LocalDate date) {
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
                fileId(c.name()).ifPresent(id -> entries.put(id, c.outcome()));
            }
        }
        for (ListedObject o : coverage.uncovered()) {
            fileId(o.key().substring(prefix.length())).ifPresent(id -> entries.put(id, Optional.empty()));
        }
        return entries;
    }

    /**
     * What the newest index entry of each of {@code fileIds} says, over the processing dates {@code first} to
     * {@code last}; files never indexed there are absent, as are entries deleted between the listing and
     * their read.
     *
     * @param onEach called once per file found, as it is accounted for (a progress bar)
     */
    public Map<String, Reconciliation.Indexed> find(Collection<String> fileIds, LocalDate first, LocalDate last,
                                                    Runnable onEach) throws InterruptedException {
        Map<String, Entries> indexed = new HashMap<>(fileIds.size() * 2);
        fileIds.forEach(id -> indexed.put(id, new Entries()));
        // One listing per day, empty days included: a file may be processed (or replayed) any day after its upload.
        for (LocalDate d = first; !fileIds.isEmpty() && !d.isAfter(last); d = d.plusDays(1)) {
            for (Map.Entry<String, Optional<Covered.Outcome>> e : entries(d).entrySet()) {
                Entries on = indexed.get(e.getKey());
                if (on != null) {
                    on.days.add(d);
                    on.newest = e.getValue();
                }
            }
        }
        indexed.values().removeIf(e -> e.days.isEmpty());
        return read(indexed, onEach);
    }

    /** Where a file is indexed: the processing dates, oldest first, and what the newest entry's roll-up says. */
    private static final class Entries {
        final List<LocalDate> days = new ArrayList<>(1);
        Optional<Covered.Outcome> newest = Optional.empty();
    }

    private Map<String, Reconciliation.Indexed> read(Map<String, Entries> indexed, Runnable onEach)
            throws InterruptedException {
        Map<String, Reconciliation.Indexed> out = new HashMap<>(indexed.size() * 2);
        Map<String, Future<Optional<Receipt>>> pending = new HashMap<>();
        indexed.forEach((id, e) -> {
            if (e.newest.isPresent()) {
                Covered.Outcome o = e.newest.get();
                out.put(id, new Reconciliation.Indexed(o.status(), Optional.ofNullable(o.reason()), o.generation(), e.days));
                onEach.run();
            } else {
                pending.put(id, reads.submit(() -> {
                    Optional<Receipt> r = entry(new FileId(id), e.days.get(e.days.size() - 1));
                    onEach.run();
                    return r;
                }));
            }
        });
        try {
            for (Map.Entry<String, Future<Optional<Receipt>>> e : pending.entrySet()) {
                // Gone since the listing (deleted by hand): the file is not accounted for, and says so.
                e.getValue().get().ifPresent(receipt -> out.put(e.getKey(), new Reconciliation.Indexed(receipt.status().wire(),
                        receipt.reasonCode(), receipt.generation(), indexed.get(e.getKey()).days)));
            }
        } catch (ExecutionException e) {
            pending.values().forEach(f -> f.cancel(true));
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("reading the index failed", e.getCause());
        }
        return out;
    }

    /** The copy of a receipt that the index keeps under {@code date}: what the receipt said when written that day. */
    private Optional<Receipt> entry(FileId fileId, LocalDate date) {
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

    /** The file id an index entry is named after. */
    public static Optional<String> fileId(String entryName) {
        return entryName.endsWith(".json") ? Optional.of(entryName.substring(0, entryName.length() - ".json".length()))
                : Optional.empty();
    }
}
