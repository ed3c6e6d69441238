package dev.eventpipe.reporter.aggregate;

import dev.eventpipe.reporter.report.DailyReport;
import dev.eventpipe.shared.receipt.Receipt;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The processing-day side of a report: what the receipts of the files processed on the day add up to.
 * Memory grows with the number of files only through one {@code long} of latency each (exact
 * percentiles: 100,000 files cost 800 KB) and the first {@value DailyReport.Quality#MAX_LISTED}
 * quarantined files.
 */
final class ReceiptTally {

    /**
     * By key, then by everything else, so ties (two versions of one key) come out the same whatever order
     * the receipts, or the roll-ups holding them, were added in.
     */
    private static final Comparator<DailyReport.QuarantinedFile> QUARANTINED_ORDER =
            Comparator.comparing(DailyReport.QuarantinedFile::key).thenComparing(DailyReport.QuarantinedFile::bucket)
                    .thenComparing(DailyReport.QuarantinedFile::reasonCode).thenComparing(DailyReport.QuarantinedFile::reason);

    private final ReportDay day; // null: take every receipt
    private long processed;
    private long quarantined;
    private long rejected;
    private long ingested;
    private long bytesRead;
    private long[] latencies = new long[1024];
    private int latencyCount;
    private final Map<String, Reason> reasons = new HashMap<>();
    private final List<DailyReport.QuarantinedFile> quarantinedFiles = new ArrayList<>();
    private final TreeMap<String, Long> rejectsByPrefix = new TreeMap<>();
    private final TreeSet<LocalDate> ingestedDates = new TreeSet<>();

    ReceiptTally(ReportDay day) {
        this.day = Objects.requireNonNull(day, "day");
    }

    private ReceiptTally() {
        this.day = null;
    }

    /** A tally that takes every receipt: what a roll-up sums one hour with. */
    static ReceiptTally unfiltered() {
        return new ReceiptTally();
    }

    /** Adds a receipt if it was processed on the day; returns whether it was. */
    boolean add(Receipt r) {
        if (day != null && !day.contains(r.processedAt())) {
            return false;
        }
        if (r.status() == Receipt.Status.PROCESSED) {
            processed++;
            ingested += r.rows().valid();
            ingestedDates.addAll(r.eventDates());
        } else {
            quarantined++;
            quarantinedFiles.add(new DailyReport.QuarantinedFile(r.source().bucket(), r.source().key(),
                    r.reasonCode().orElse(""), r.reason().orElse("")));
        }
        rejected += r.rows().rejected();
        bytesRead += r.bytesRead();
        if (r.rows().rejected() > 0) {
            rejectsByPrefix.merge(prefix(r.source().key()), r.rows().rejected(), Long::sum);
        }
        r.rejectReasons().forEach((code, reason) -> reasons.computeIfAbsent(code, Reason::new).add(r.source(), reason));
        addLatency(Math.max(0, Duration.between(r.receivedAt(), r.processedAt()).toMillis()));
        return true;
    }

    private void addLatency(long ms) {
        if (latencyCount == latencies.length) {
            latencies = Arrays.copyOf(latencies, latencies.length * 2);
        }
        latencies[latencyCount++] = ms;
    }

    /** Adds an hour of a roll-up if the hour is in the day; returns whether it was. */
    boolean add(ReceiptHour h) {
        if (day != null && !day.contains(h.hour())) {
            return false;
        }
        processed += h.processed();
        quarantined += h.quarantined();
        rejected += h.rejected();
        ingested += h.ingested();
        bytesRead += h.bytesRead();
        ingestedDates.addAll(h.ingestedDates());
        quarantinedFiles.addAll(h.quarantinedFiles());
        h.rejectsByPrefix().forEach((prefix, n) -> rejectsByPrefix.merge(prefix, n, Long::sum));
        h.reasons().forEach((code, c) -> reasons.computeIfAbsent(code, Reason::new).add(c.rows(), c.examples()));
        h.latencyMs().forEach((ms, n) -> {
            for (long i = 0; i < n; i++) {
                addLatency(ms);
            }
        });
        return true;
    }

    /** Everything added so far as one hour's summary; {@code hour} is the caller's to know. */
    ReceiptHour toHour(Instant hour) {
        TreeMap<Long, Long> latency = new TreeMap<>();
        for (int i = 0; i < latencyCount; i++) {
            latency.merge(latencies[i], 1L, Long::sum);
        }
        TreeMap<String, DailyReport.ReasonCount> counts = new TreeMap<>();
        reasons.forEach((code, r) -> counts.put(code, r.toCount()));
        return new ReceiptHour(hour, processed, quarantined, rejected, ingested, bytesRead, latency, counts,
                quarantinedFiles(), rejectsByPrefix, List.copyOf(ingestedDates));
    }

    long processed() {
        return processed;
    }

    long quarantined() {
        return quarantined;
    }

    long rejected() {
        return rejected;
    }

    long ingested() {
        return ingested;
    }

    long bytesRead() {
        return bytesRead;
    }

    /** The UTC event dates of the records ingested on the day: late data shows as dates before it. */
    List<LocalDate> ingestedDates() {
        return List.copyOf(ingestedDates);
    }

    TreeMap<String, Long> rejectsByPrefix() {
        return rejectsByPrefix;
    }

    /** Most rows first, then by code; examples ordered by key and line, the first three. */
    List<DailyReport.ReasonCount> topReasons(int limit) {
        return reasons.values().stream()
                .sorted(Comparator.comparingLong((Reason r) -> -r.rows).thenComparing(r -> r.code))
                .limit(limit)
                .map(Reason::toCount)
                .toList();
    }

    /** Sorted by key, at most {@value DailyReport.Quality#MAX_LISTED}. */
    List<DailyReport.QuarantinedFile> quarantinedFiles() {
        return quarantinedFiles.stream()
                .sorted(QUARANTINED_ORDER)
                .limit(DailyReport.Quality.MAX_LISTED)
                .toList();
    }

    Optional<DailyReport.Latency> latency() {
        if (latencyCount == 0) {
            return Optional.empty();
        }
        long[] sorted = Arrays.copyOf(latencies, latencyCount);
        Arrays.sort(sorted);
        return Optional.of(new DailyReport.Latency(latencyCount, nearestRank(sorted, 0.50), nearestRank(sorted, 0.95),
                sorted[sorted.length - 1]));
    }

    /** The nearest-rank percentile: the smallest value with at least {@code p} of the values at or below it. */
    static long nearestRank(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    static String prefix(String key) {
        int slash = key.indexOf('/');
        return slash <= 0 ? "(root)" : key.substring(0, slash);
    }

    private static final class Reason {
        private final String code;
        private long rows;
        private final List<DailyReport.LineRef> examples = new ArrayList<>();

        Reason(String code) {
            this.code = code;
        }

        void add(Receipt.Source source, Receipt.RejectReason reason) {
            List<DailyReport.LineRef> lines = new ArrayList<>();
            for (long line : reason.exampleLines()) {
                lines.add(new DailyReport.LineRef(source.bucket(), source.key(), line));
            }
            add(reason.rows(), lines);
        }

        void add(long moreRows, List<DailyReport.LineRef> moreExamples) {
            rows += moreRows;
            examples.addAll(moreExamples);
            // Keep the first examples by key and line, whatever order the receipts came in.
            examples.sort(Comparator.comparing(DailyReport.LineRef::key).thenComparing(DailyReport.LineRef::bucket)
                    .thenComparingLong(DailyReport.LineRef::line));
            while (examples.size() > Receipt.RejectReason.EXAMPLES) {
                examples.remove(examples.size() - 1);
            }
        }

        DailyReport.ReasonCount toCount() {
            return new DailyReport.ReasonCount(code, rows, examples);
        }
    }
}
