package dev.eventpipe.reporter.aggregate;

import dev.eventpipe.reporter.report.DailyReport;
import dev.eventpipe.shared.layout.Layout;
import dev.eventpipe.shared.manifest.Manifest;
import dev.eventpipe.shared.manifest.ManifestMerge;
import dev.eventpipe.shared.receipt.Receipt;
import dev.eventpipe.shared.receipt.Receipts;
import dev.eventpipe.shared.store.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
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

    private final ObjectStore store;
    private final String processedBucket;
    private final OrderedReads reads;

    /**
     * @param pool        runs the reads; its size is the number of concurrent GETs
     * @param readAhead   how many documents may be read ahead of the one being added
     */
    public DayAggregator(ObjectStore store, String processedBucket, ExecutorService pool, int readAhead) {
        this.store = store;
        this.processedBucket = processedBucket;
        this.reads = new OrderedReads(pool, readAhead);
    }

    public DayFigures aggregate(ReportDay day) {
        List<String> unreadable = new ArrayList<>();
        ReceiptTally receipts = new ReceiptTally(day);
        ManifestTally manifests = new ManifestTally(day);
        for (var utc : day.utcDates()) {
            readAll(Layout.processedOnPrefix(utc), Receipts::fromJson, receipts::add, unreadable);
        }
        for (var utc : day.utcDates()) {
            readAll(Layout.manifestPrefix(utc), Manifest::fromJson, manifests::add, unreadable);
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

    private <T> void readAll(String prefix, Function<byte[], T> parse, Consumer<T> add, List<String> unreadable) {
        List<String> keys = store.list(processedBucket, prefix, Integer.MAX_VALUE);
        reads.forEach(keys, key -> load(key, parse), loaded -> {
            if (loaded.error() != null) {
                LOG.warn("left out of the report: {} ({})", loaded.key(), loaded.error());
                unreadable.add(loaded.key());
            } else if (loaded.value() != null) {
                add.accept(loaded.value());
            }
        });
    }

    private <T> Loaded<T> load(String key, Function<byte[], T> parse) {
        Optional<InputStream> in = store.open(processedBucket, key, Optional.empty());
        if (in.isEmpty()) {
            return new Loaded<>(key, null, null); // deleted since the listing: nothing to count
        }
        byte[] bytes;
        try (InputStream s = in.get()) {
            bytes = s.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + processedBucket + "/" + key, e);
        }
        try {
            return new Loaded<>(key, parse.apply(bytes), null);
        } catch (RuntimeException e) { // a malformed document: Jackson's, or a record's validation
            return new Loaded<>(key, null, e.getMessage());
        }
    }

    private record Loaded<T>(String key, T value, String error) {
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
