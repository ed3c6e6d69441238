package dev.eventpipe.reporter.aggregate;

import dev.eventpipe.reporter.report.DailyReport;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the receipts processed in one UTC hour add up to, in a form that merges exactly: sums, latencies
 * as counts per millisecond value (so nearest-rank percentiles over the merge are those over every file),
 * reject reasons with their first examples, the first quarantined files by key, the event dates. A report
 * day in a zone a whole number of hours from UTC is a set of whole UTC hours, so a roll-up's hours are
 * either wholly in a day or wholly out of it.
 *
 * @param hour          the first instant of the UTC hour the receipts' {@code processed_at} fall in
 * @param latencyMs     upload-to-receipt latency in milliseconds → how many files had it
 * @param quarantinedFiles the first {@value DailyReport.Quality#MAX_LISTED} by key (there are {@code quarantined})
 */
record ReceiptHour(Instant hour, long processed, long quarantined, long rejected, long ingested, long bytesRead,
                   SortedMap<Long, Long> latencyMs, SortedMap<String, DailyReport.ReasonCount> reasons,
                   List<DailyReport.QuarantinedFile> quarantinedFiles, SortedMap<String, Long> rejectsByPrefix,
                   List<LocalDate> ingestedDates) {

    ReceiptHour {
        Objects.requireNonNull(hour, "hour");
        if (!hour.truncatedTo(ChronoUnit.HOURS).equals(hour)) {
            throw new IllegalArgumentException("not the start of an hour: " + hour);
        }
        latencyMs = Collections.unmodifiableSortedMap(new TreeMap<>(latencyMs));
        reasons = Collections.unmodifiableSortedMap(new TreeMap<>(reasons));
        quarantinedFiles = List.copyOf(quarantinedFiles);
        rejectsByPrefix = Collections.unmodifiableSortedMap(new TreeMap<>(rejectsByPrefix));
        ingestedDates = List.copyOf(ingestedDates);
    }
}
