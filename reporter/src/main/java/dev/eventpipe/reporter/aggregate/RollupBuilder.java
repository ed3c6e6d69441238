package dev.eventpipe.reporter.aggregate;

import dev.eventpipe.shared.layout.Layout;
import dev.eventpipe.shared.manifest.Manifest;
import dev.eventpipe.shared.manifest.ManifestMerge;
import dev.eventpipe.shared.receipt.Receipt;
import dev.eventpipe.shared.receipt.Receipts;
import dev.eventpipe.shared.rollup.Coverage;
import dev.eventpipe.shared.rollup.Covered;
import dev.eventpipe.shared.store.ListedObject;
import dev.eventpipe.shared.store.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rolls the per-file documents of the processed bucket up as the day goes, so the report reads about one
 * document per prefix and hour instead of two per file. One run, for each prefix it is given: lists the
 * prefix with ETags, finds the documents no standing roll-up covers ({@link Coverage}), reads them, and
 * writes one roll-up of them under the key of the run's hour ({@link Layout#rollupKey}); then deletes the
 * roll-ups that no longer hold. Idempotent: a re-run in the same hour leaves its own earlier roll-up
 * out of the coverage and rewrites it, with whatever arrived since; a crash anywhere leaves either the
 * old roll-ups (still exact, or stale and ignored) or the new one. Redelivered files rewrite identical
 * documents (same ETag: the roll-up stays good); a forced replay rewrites or deletes documents (new ETag,
 * or gone: the roll-up goes stale, its documents are read one by one until the next run rolls them up
 * again); late files are new keys under an old date; quarantined files are receipts like any other.
 */
public final class RollupBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(RollupBuilder.class);

    private final Documents documents;
    private final OrderedReads reads;

    /**
     * @param pool      runs the reads; its size is the number of concurrent GETs
     * @param readAhead how many documents may be read ahead of the one being added
     */
    public RollupBuilder(ObjectStore store, String processedBucket, ExecutorService pool, int readAhead) {
        this.documents = new Documents(store, processedBucket);
        this.reads = new OrderedReads(pool, readAhead);
    }

    /** What one prefix's roll-up did. */
    public record Result(String prefix, String key, int rolledUp, int standing, int deleted) {
        /** Nothing was left to roll up. */
        public boolean isEmpty() {
            return key == null;
        }
    }

    /**
     * The hourly run: the processed-on index of the UTC date of {@code at} and of the {@code days} before,
     * and the manifests of those dates and one more (a report in a zone east of UTC reads the day before's
     * manifests too). Late files under older dates stay per-file; a re-made report of such a day reads them.
     */
    public List<Result> rollUpRecent(Instant at, int days) {
        LocalDate today = LocalDate.ofInstant(at, ZoneOffset.UTC);
        List<Result> results = new ArrayList<>();
        for (int d = days; d >= 0; d--) {
            results.add(rollUpReceipts(today.minusDays(d), at));
        }
        for (int d = days + 1; d >= 0; d--) {
            results.add(rollUpManifests(today.minusDays(d), at));
        }
        return results;
    }

    public Result rollUpReceipts(LocalDate processingDate, Instant at) {
        String prefix = Layout.processedOnPrefix(processingDate);
        return rollUp(prefix, at, Receipts::fromJson, new Fold<Receipt>() {
            private final Map<Instant, ReceiptTally> hours = new TreeMap<>();

            @Override
            public void add(Receipt r) {
                hours.computeIfAbsent(r.processedAt().truncatedTo(ChronoUnit.HOURS), h -> ReceiptTally.unfiltered()).add(r);
            }

            @Override
            public Covered.Outcome outcome(Receipt r) {
                return new Covered.Outcome(r.status().wire(), r.reasonCode().orElse(null), r.generation());
            }

            @Override
            public Rollup rollup(List<Covered> covered, List<String> unreadable, String key) {
                List<ReceiptHour> summaries = new ArrayList<>();
                hours.forEach((hour, tally) -> summaries.add(tally.toHour(hour)));
                return new Rollup(Rollup.SCHEMA_VERSION, prefix, covered, unreadable, summaries, List.of());
            }
        });
    }

    public Result rollUpManifests(LocalDate eventDate, Instant at) {
        String prefix = Layout.manifestPrefix(eventDate);
        return rollUp(prefix, at, Manifest::fromJson, new Fold<Manifest>() {
            private final Map<LocalDate, ManifestMerge> merges = new TreeMap<>();
            private final Map<LocalDate, TreeMap<String, Long>> masks = new TreeMap<>();

            @Override
            public void add(Manifest m) {
                merges.computeIfAbsent(m.date(), d -> new ManifestMerge()).add(m);
                masks.computeIfAbsent(m.date(), d -> new TreeMap<>())
                        .merge(Rollup.ManifestDate.hex(ManifestTally.mask(m)), 1L, Long::sum);
            }

            @Override
            public Rollup rollup(List<Covered> covered, List<String> unreadable, String key) {
                List<Rollup.ManifestDate> dates = new ArrayList<>();
                merges.forEach((date, merge) -> merge.asManifest(id(key + "\0" + date), date)
                        .ifPresent(m -> dates.add(new Rollup.ManifestDate(m, masks.get(date)))));
                return new Rollup(Rollup.SCHEMA_VERSION, prefix, covered, unreadable, List.of(), dates);
            }
        });
    }

    private interface Fold<T> {
        void add(T document);

        /** What the roll-up records of the document beside its name and ETag: the audit's outcome of a receipt. */
        default Covered.Outcome outcome(T document) {
            return null;
        }

        Rollup rollup(List<Covered> covered, List<String> unreadable, String key);
    }

    private <T> Result rollUp(String prefix, Instant at, Function<byte[], T> parse, Fold<T> fold) {
        String key = Layout.rollupKey(prefix, at);
        List<ListedObject> listed = documents.store().listWithEtags(documents.bucket(), prefix, Integer.MAX_VALUE);
        Coverage<Rollup> coverage = Coverage.of(prefix, listed, DayAggregator.readRollups(reads, documents, prefix, key));
        List<Covered> covered = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        Map<String, String> etags = new TreeMap<>();
        coverage.uncovered().forEach(o -> etags.put(o.key(), o.etag()));
        reads.forEach(coverage.uncovered().stream().map(ListedObject::key).toList(), k -> documents.load(k, parse), loaded -> {
            if (loaded.deleted()) {
                return; // gone since the listing: not covered, so not counted, as a report would not count it
            }
            String name = loaded.key().substring(prefix.length());
            String etag = etags.get(loaded.key());
            if (loaded.error() != null) {
                covered.add(new Covered(name, etag));
                unreadable.add(name);
            } else {
                covered.add(new Covered(name, etag, fold.outcome(loaded.value())));
                fold.add(loaded.value());
            }
        });
        String written = null;
        if (covered.isEmpty()) {
            documents.store().delete(documents.bucket(), key); // an earlier run of this hour is covered by others now
        } else {
            documents.store().put(documents.bucket(), key, fold.rollup(covered, unreadable, key).toJson(), "application/json");
            written = key;
        }
        for (String stale : coverage.stale()) {
            documents.store().delete(documents.bucket(), stale);
        }
        LOG.info("rolled up {}: {} documents into {}, {} roll-ups standing, {} stale deleted", prefix, covered.size(),
                written, coverage.used().size(), coverage.stale().size());
        return new Result(prefix, written, covered.size(), coverage.used().size(), coverage.stale().size());
    }

    /** A manifest id for a roll-up's merge: 32 hex digits derived from the roll-up's key and date. */
    private static String id(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
