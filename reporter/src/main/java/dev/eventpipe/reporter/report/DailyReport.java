package dev.eventpipe.reporter.report;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;

/**
 * One day's report: what {@code report.json} holds (snake_case, schema version {@value #SCHEMA_VERSION}) and
 * what the text and HTML reports show. {@code docs/report.md} documents every field; the paths named there
 * as stable do not change within a schema version.
 *
 * <p>Two clocks, on purpose: file counts, rejected rows and latency belong to the day the files were
 * processed (their receipt time); valid records and every business figure belong to their event date.
 *
 * @param schemaVersion   {@value #SCHEMA_VERSION}
 * @param date            the reported day, in {@code zone}
 * @param zone            the report's time zone id
 * @param hoursInDay      23, 24 or 25 (where the clocks change)
 * @param generatedAt     when this report was made
 * @param pipelineVersion the eventpipe version that made it
 * @param totals          headline counts
 * @param byEventType     valid records per event type, sorted by name
 * @param byAction        valid records per action ({@code ""}: records without one), sorted by name
 * @param byHour          valid records per local hour, 24 counts, hour 0 first
 * @param users           distinct and top users
 * @param amount          figures over the amounts; absent when no record carried one
 * @param ingestedEventDates the UTC event dates of the records in the files processed on the day (dates
 *                        before {@code date} are late data, counted on their own day's report)
 * @param quality         rejected rows and quarantined files
 * @param operations      latency and queues
 * @param comparison      headline figures against the previous day and the 7-day median
 * @param alerts          what needs a person's attention; empty on a normal day
 */
public record DailyReport(int schemaVersion, LocalDate date, String zone, long hoursInDay, Instant generatedAt,
                          String pipelineVersion, Totals totals, SortedMap<String, Long> byEventType,
                          SortedMap<String, Long> byAction, List<Long> byHour, Users users, Optional<Amount> amount,
                          List<LocalDate> ingestedEventDates, Quality quality, Operations operations,
                          List<Comparison> comparison, List<Alert> alerts) {

    public static final int SCHEMA_VERSION = 1;

    public DailyReport {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(generatedAt, "generatedAt");
        Objects.requireNonNull(totals, "totals");
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(quality, "quality");
        Objects.requireNonNull(operations, "operations");
        byEventType = Collections2.sorted(byEventType);
        byAction = Collections2.sorted(byAction);
        byHour = List.copyOf(byHour);
        ingestedEventDates = List.copyOf(ingestedEventDates);
        comparison = List.copyOf(comparison);
        alerts = List.copyOf(alerts);
        if (byHour.size() != 24) {
            throw new IllegalArgumentException("by_hour needs 24 counts, has " + byHour.size());
        }
    }

    /**
     * @param filesReceived    files that reached a receipt on the day: processed + quarantined
     * @param filesProcessed   files whose records were written
     * @param filesQuarantined files refused whole, with a reason
     * @param recordsValid     valid records whose event falls on the day
     * @param recordsRejected  rows rejected in the files processed on the day
     * @param recordsIngested  valid records in the files processed on the day, whatever their event date
     * @param rejectRate       rejected / (rejected + ingested), over the files processed on the day
     * @param bytesRead        bytes read from the input bucket for those files
     * @param manifests        manifests merged for the day's records
     */
    public record Totals(long filesReceived, long filesProcessed, long filesQuarantined, long recordsValid,
                         long recordsRejected, long recordsIngested, double rejectRate, long bytesRead, long manifests) {
    }

    /**
     * @param distinct      distinct user ids on the day
     * @param distinctExact whether {@code distinct} is exact; otherwise a HyperLogLog estimate within
     *                      {@code lowerBound..upperBound} at about 95% confidence
     * @param top           the most active users, most records first
     * @param topExact      whether the top users' counts are exact
     * @param utcDate       the UTC date these figures cover: the same as {@code date} unless the zone is not
     *                      UTC, because distinct users exist per UTC date only
     */
    public record Users(long distinct, boolean distinctExact, long lowerBound, long upperBound, List<TopUser> top,
                        boolean topExact, LocalDate utcDate) {
        public Users {
            top = List.copyOf(top);
        }
    }

    /** A frequent user; {@code records} is exact when the report says {@code top_exact}, else an estimate. */
    public record TopUser(String user, long records) {
    }

    /**
     * Count, sum, min, max and mean are exact (decimal arithmetic); p50 and p95 are within 0.5% of the
     * true value at that rank. Like users, they cover {@code Users.utcDate}.
     */
    public record Amount(long count, BigDecimal sum, BigDecimal mean, BigDecimal min, BigDecimal max, BigDecimal p50,
                         BigDecimal p95) {
    }

    /**
     * @param topRejectReasons reasons for rejected rows, most rows first, with example lines
     * @param quarantined      quarantined files, by key (at most {@value #MAX_LISTED}; {@code quarantinedTotal}
     *                         has them all)
     * @param rejectsByPrefix  rejected rows by the first path segment of the input key ({@code "(root)"} for
     *                         keys without one)
     */
    public record Quality(List<ReasonCount> topRejectReasons, List<QuarantinedFile> quarantined, long quarantinedTotal,
                          SortedMap<String, Long> rejectsByPrefix) {
        public static final int MAX_LISTED = 50;

        public Quality {
            topRejectReasons = List.copyOf(topRejectReasons);
            quarantined = List.copyOf(quarantined);
            rejectsByPrefix = Collections2.sorted(rejectsByPrefix);
        }
    }

    /** Rows rejected for one code, and where to find the first of them. */
    public record ReasonCount(String code, long rows, List<LineRef> examples) {
        public ReasonCount {
            examples = List.copyOf(examples);
        }
    }

    /** A line of an uploaded file. */
    public record LineRef(String bucket, String key, long line) {
    }

    public record QuarantinedFile(String bucket, String key, String reasonCode, String reason) {
    }

    /**
     * @param latency        upload to receipt, over the files processed on the day; absent when none
     * @param queueDepth     messages waiting or in flight in the files queue when the report ran: files
     *                       without a receipt yet; absent when the queue is not configured or unreadable
     * @param dlqDepth       messages in the dead-letter queue when the report ran
     * @param unreadable     manifests or receipts that could not be read, by key
     * @param uploads        the day's uploads accounted for; absent when no input bucket is configured
     */
    public record Operations(Optional<Latency> latency, Optional<Long> queueDepth, Optional<Long> dlqDepth,
                             List<String> unreadable, Optional<Uploads> uploads) {
        public Operations {
            Objects.requireNonNull(latency, "latency");
            Objects.requireNonNull(queueDepth, "queueDepth");
            Objects.requireNonNull(dlqDepth, "dlqDepth");
            unreadable = List.copyOf(unreadable);
            Objects.requireNonNull(uploads, "uploads");
        }

        public Operations(Optional<Latency> latency, Optional<Long> queueDepth, Optional<Long> dlqDepth, List<String> unreadable) {
            this(latency, queueDepth, dlqDepth, unreadable, Optional.empty());
        }
    }

    /**
     * The uploads of the day (object versions created in the input buckets between the day's start and end)
     * and what became of them, reconciled as {@code eventpipe audit} does from the listings and the
     * processing-date index, but without peeking the dead-letter queue: a scheduled job that received from it
     * would raise every message's receive count and interleave with an operator's redrive. So a file whose
     * message is in the DLQ counts under {@code noReceipt}, beside a lost one; the audit tells them apart.
     *
     * @param objects     uploads of the day
     * @param processed   with a {@code processed} receipt
     * @param quarantined with a {@code quarantined} receipt
     * @param stillQueued without a receipt while the files queue holds messages (at most its depth)
     * @param noReceipt   without a receipt and not waiting in the files queue: in the DLQ, or lost
     * @param replayed    with more than one receipt generation or index entry (replays)
     * @param buckets     the input buckets listed
     */
    public record Uploads(long objects, long processed, long quarantined, long stillQueued, long noReceipt, long replayed,
                          List<String> buckets) {
        public Uploads {
            buckets = List.copyOf(buckets);
        }
    }

    /** Exact percentiles (nearest rank) of the files' processing latency, in milliseconds. */
    public record Latency(long files, long p50Ms, long p95Ms, long maxMs) {
    }

    /**
     * One headline figure against recent days. The median is over the days of the last seven that have a
     * report; {@code flagged} when the figure is further from it than the band allows.
     */
    public record Comparison(String figure, double value, Optional<Double> previousDay, Optional<Double> median7,
                             int daysInMedian, Optional<Double> changeVsMedian, boolean flagged) {
    }

    /** Something for a person to look at. {@code code} is stable: {@code no_data}, {@code out_of_band}, ... */
    public record Alert(String code, String message) {
    }

    /** Small helpers for the records above. */
    static final class Collections2 {
        private Collections2() {
        }

        static <V> SortedMap<String, V> sorted(Map<String, V> map) {
            return java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(map));
        }
    }
}
