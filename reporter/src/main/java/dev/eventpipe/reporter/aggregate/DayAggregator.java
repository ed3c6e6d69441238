package dev.eventpipe.reporter.aggregate;

import dev.eventpipe.reporter.report.DailyReport;
import dev.eventpipe.shared.layout.Layout;
import dev.eventpipe.shared.manifest.Manifest;
import dev.eventpipe.shared.manifest.ManifestMerge;
import dev.eventpipe.shared.receipt.Receipts;
import dev.eventpipe.shared.rollup.Coverage;
import dev.eventpipe.shared.store.ListedObject;
import dev.eventpipe.shared.store.ObjectStore;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aggregates one day from the processed bucket without reading a record: the receipts of the files
 * processed on the day (through the {@code processed-on/} index) and the manifests of the UTC dates the
 * day overlaps. Reads run in parallel on the given pool and are consumed in key order, so the same store
 * gives the same figures. A receipt or manifest that cannot be parsed is listed as unreadable and left
 * out, rather than failing the whole report; a store failure throws.
 */
public final class DayAggregator {

    private static final Logger LOG = LoggerFactory.getLogger(DayAggregator.class);
    /** How many top users and reject reasons a report lists. */
    public static final int TOP = 10;

    private final Documents documents;
    private final OrderedReads reads;
    private final Reads mode;

    /** How a day's documents are read. */
    public enum Reads {
        /** Every receipt and manifest, one GET each: the reference the roll-up path is tested against. */
        PER_FILE,
        /**
         * The roll-ups of each prefix that still hold (see {@code Coverage}), plus the documents none covers;
         * the same figures, and with the roll-ups up to date about one GET per prefix and hour.
         */
        ROLLUPS
    }

    /**
     * Reads roll-ups where there are any.
     *
     * @param pool        runs the reads; its size is the number of concurrent GETs
     * @param readAhead   how many documents may be read ahead of the one being added
     */
    public DayAggregator(ObjectStore store, String processedBucket, ExecutorService pool, int readAhead) {
        this(store, processedBucket, pool, readAhead, Reads.ROLLUPS);
    }

    public DayAggregator(ObjectStore store, String processedBucket, ExecutorService pool, int readAhead, Reads mode) {
        this.documents = new Documents(store, processedBucket);
        this.reads = new OrderedReads(pool, readAhead);
        this.mode = mode;
    }

    public DayFigures aggregate(ReportDay day) {
        List<String> unreadable = new ArrayList<>();
        ReceiptTally receipts = new ReceiptTally(day);
        ManifestTally manifests = new ManifestTally(day);
        for (var utc : day.utcDates()) {
            readPrefix(Layout.processedOnPrefix(utc), Receipts::fromJson, receipts::add,
                    r -> r.receipts().forEach(receipts::add), unreadable);
        }
        for (var utc : day.utcDates()) {
            readPrefix(Layout.manifestPrefix(utc), Manifest::fromJson, manifests::add,
                    r -> r.manifests().forEach(m -> manifests.add(m.merged(), m.masks())), unreadable);
        }
        long received = receipts.processed() + receipts.quarantined();
        long read = receipts.ingested() + receipts.rejected();
        DailyReport.Totals totals = new DailyReport.Totals(received, receipts.processed(), receipts.quarantined(),
                manifests.records(), receipts.rejected(), receipts.ingested(),
                read == 0 ? 0 : (double) receipts.rejected() / read, receipts.bytesRead(), manifests.manifests());
        ManifestMerge.Totals sketches = manifests.sketchTotals();
        DailyReport.Quality quality = new DailyReport.Quality(receipts.topReasons(TOP), receipts.quarantinedFiles(),
                receipts.quarantined(), receipts.rejectsByPrefix());
        return new DayFigures(day, totals, manifests.byEventType(), manifests.byAction(), manifests.byHour(),
                users(sketches, day), amount(sketches), quality, receipts.latency(), receipts.ingestedDates(), unreadable);
    }

    private <T> void readPrefix(String prefix, Function<byte[], T> parse, Consumer<T> add, Consumer<Rollup> addRollup,
                                List<String> unreadable) {
        if (mode == Reads.PER_FILE) {
            readAll(documents.store().list(documents.bucket(), prefix, Integer.MAX_VALUE), parse, add, unreadable);
            return;
        }
        List<ListedObject> listed = documents.store().listWithEtags(documents.bucket(), prefix, Integer.MAX_VALUE);
        Coverage<Rollup> coverage = Coverage.of(prefix, listed, readRollups(reads, documents, prefix, null));
        // The unreadable keys of a prefix in key order, as reading every document would list them.
        List<String> left = new ArrayList<>();
        for (Coverage.Keyed<Rollup> k : coverage.used()) {
            addRollup.accept(k.rollup());
            k.rollup().unreadable().forEach(name -> left.add(prefix + name));
        }
        readAll(coverage.uncovered().stream().map(ListedObject::key).toList(), parse, add, left);
        Collections.sort(left);
        unreadable.addAll(left);
    }

    /**
     * The roll-ups of a prefix, in key order, except {@code except}; one that cannot be read is left out
     * (its documents are then read one by one), not reported: a roll-up is a copy.
     */
    static List<Coverage.Keyed<Rollup>> readRollups(OrderedReads reads, Documents documents, String prefix, String except) {
        List<String> keys = documents.store().list(documents.bucket(), Layout.rollupPrefix(prefix), Integer.MAX_VALUE)
                .stream().filter(k -> !k.equals(except)).toList();
        List<Coverage.Keyed<Rollup>> rollups = new ArrayList<>();
        reads.forEach(keys, key -> documents.load(key, Rollup::fromJson), loaded -> {
            if (loaded.error() != null) {
                LOG.warn("roll-up left out, its documents are read instead: {} ({})", loaded.key(), loaded.error());
            } else if (loaded.value() != null) {
                rollups.add(new Coverage.Keyed<>(loaded.key(), loaded.value()));
            }
        });
        return rollups;
    }

    private <T> void readAll(List<String> keys, Function<byte[], T> parse, Consumer<T> add, List<String> unreadable) {
        reads.forEach(keys, key -> documents.load(key, parse), loaded -> {
            if (loaded.error() != null) {
                LOG.warn("left out of the report: {} ({})", loaded.key(), loaded.error());
                unreadable.add(loaded.key());
            } else if (loaded.value() != null) {
                add.accept(loaded.value());
            }
        });
    }

    private static DailyReport.Users users(ManifestMerge.Totals t, ReportDay day) {
        ItemsSketch<String> sketch = t.topUsers();
        List<DailyReport.TopUser> top = new ArrayList<>();
        for (ItemsSketch.Row<String> row : sketch.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES)) {
            top.add(new DailyReport.TopUser(row.getItem(), row.getEstimate()));
        }
        top.sort(Comparator.comparingLong((DailyReport.TopUser u) -> -u.records()).thenComparing(DailyReport.TopUser::user));
        List<DailyReport.TopUser> first = top.subList(0, Math.min(TOP, top.size()));
        var distinct = t.distinctUsers();
        return new DailyReport.Users(distinct.estimate(), distinct.exact(), distinct.lowerBound(), distinct.upperBound(),
                first, sketch.getMaximumError() == 0, day.date());
    }

    private static Optional<DailyReport.Amount> amount(ManifestMerge.Totals t) {
        return t.amount().map(a -> {
            BigDecimal mean = a.sum().divide(BigDecimal.valueOf(a.count()), MathContext.DECIMAL64)
                    .setScale(2, RoundingMode.HALF_EVEN);
            return new DailyReport.Amount(a.count(), a.sum(), mean, a.min(), a.max(),
                    quantile(t, 0.50, a), quantile(t, 0.95, a));
        });
    }

    /** The sketch's value, kept within the exact min and max (a sketch bucket's midpoint may lie outside). */
    private static BigDecimal quantile(ManifestMerge.Totals t, double rank, Manifest.Amount exact) {
        BigDecimal v = BigDecimal.valueOf(t.amountQuantiles().quantile(rank));
        return v.max(exact.min()).min(exact.max()).setScale(2, RoundingMode.HALF_EVEN);
    }
}
