package dev.eventpipe.cli.console;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * A day's figures in 5-minute slots (UTC), drawn from the processing-date index and the receipts: files
 * per slot from the listing alone (exact, no GET), records, rejects, quarantines and upload → receipt
 * latency from the receipt summaries read so far ({@code rowsKnown} of {@code files}).
 */
record TodayView(LocalDate date, long[] files, long[] records, long[] rejected, int filesTotal, int rowsKnown,
                 long recordsTotal, long rejectedTotal, List<FileRow> quarantines, List<Duration> latencyPercentiles) {

    static final int SLOT_MINUTES = 5;
    static final int SLOTS = 24 * 60 / SLOT_MINUTES;
    /** p50, p90, p99, max. */
    static final double[] PERCENTILES = {0.50, 0.90, 0.99, 1.0};

    TodayView {
        quarantines = List.copyOf(quarantines);
        latencyPercentiles = List.copyOf(latencyPercentiles);
    }

    static TodayView of(LocalDate date, List<IndexEntry> entries, Collection<FileRow> rows) {
        Instant start = date.atStartOfDay(ZoneOffset.UTC).toInstant();
        long[] files = new long[SLOTS];
        long[] records = new long[SLOTS];
        long[] rejected = new long[SLOTS];
        for (IndexEntry e : entries) {
            int slot = slot(start, e.lastModified());
            if (slot >= 0) {
                files[slot]++;
            }
        }
        long recordsTotal = 0;
        long rejectedTotal = 0;
        List<FileRow> quarantines = new ArrayList<>();
        List<Duration> latencies = new ArrayList<>(rows.size());
        for (FileRow r : rows) {
            int slot = slot(start, r.processedAt());
            if (slot >= 0) {
                records[slot] += r.read();
                rejected[slot] += r.rejected();
            }
            recordsTotal += r.read();
            rejectedTotal += r.rejected();
            if (r.quarantined()) {
                quarantines.add(r);
            }
            latencies.add(r.latency());
        }
        quarantines.sort(Comparator.comparing(FileRow::processedAt).reversed());
        return new TodayView(date, files, records, rejected, entries.size(), rows.size(), recordsTotal, rejectedTotal,
                quarantines, percentiles(latencies));
    }

    private static int slot(Instant start, Instant at) {
        long minutes = Duration.between(start, at).toMinutes();
        if (at.isBefore(start) || minutes >= 24 * 60) {
            return -1;
        }
        return (int) (minutes / SLOT_MINUTES);
    }

    /** Nearest-rank percentiles; empty when there is no latency at all. */
    static List<Duration> percentiles(List<Duration> values) {
        if (values.isEmpty()) {
            return List.of();
        }
        List<Duration> sorted = new ArrayList<>(values);
        sorted.sort(Comparator.naturalOrder());
        List<Duration> out = new ArrayList<>();
        for (double p : PERCENTILES) {
            int rank = (int) Math.ceil(p * sorted.size());
            out.add(sorted.get(Math.max(0, Math.min(sorted.size(), rank) - 1)));
        }
        return out;
    }

    /** Rejected rows over rows read, 0 when nothing was read. */
    double rejectRate() {
        return recordsTotal == 0 ? 0 : (double) rejectedTotal / recordsTotal;
    }
}
