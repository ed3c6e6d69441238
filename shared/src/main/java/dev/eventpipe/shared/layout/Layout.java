package dev.eventpipe.shared.layout;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Where everything lives in the processed bucket. Every key derives from a {@link FileId} and a date,
 * never from a clock reading or a counter, so re-processing a file rewrites the same keys.
 *
 * <pre>
 * events/dt=YYYY-MM-DD/&lt;fileId&gt;.jsonl[.gz]      valid records, by the event's UTC date
 * rejects/dt=YYYY-MM-DD/&lt;fileId&gt;.jsonl[.gz]     rejected rows with reasons, by the date the file arrived
 * manifests/dt=YYYY-MM-DD/&lt;fileId&gt;.json         per (file, event date) aggregates for the reporter
 * receipts/&lt;fileId&gt;.json                       the commit point: what happened to the file
 * processed-on/dt=YYYY-MM-DD/&lt;fileId&gt;.json      a copy of the receipt, by processing date (UTC)
 * rollups/&lt;prefix&gt;at=YYYY-MM-DDTHH.json          the per-file documents of a prefix rolled up in that UTC hour
 * </pre>
 *
 * <p>The {@code dt=} form is Hive-style partitioning, which Athena and Glue read as a column.
 */
public final class Layout {

    public static final String EVENTS = "events/";
    public static final String REJECTS = "rejects/";
    public static final String MANIFESTS = "manifests/";
    public static final String RECEIPTS = "receipts/";
    public static final String PROCESSED_ON = "processed-on/";
    public static final String ROLLUPS = "rollups/";
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);

    private Layout() {
    }

    public static String eventsKey(FileId file, LocalDate eventDate, boolean gzip) {
        return EVENTS + partition(eventDate) + file + jsonl(gzip);
    }

    public static String rejectsKey(FileId file, LocalDate receivedDate, boolean gzip) {
        return REJECTS + partition(receivedDate) + file + jsonl(gzip);
    }

    public static String manifestKey(FileId file, LocalDate eventDate) {
        return MANIFESTS + partition(eventDate) + file + ".json";
    }

    public static String manifestPrefix(LocalDate eventDate) {
        return MANIFESTS + partition(eventDate);
    }

    public static String receiptKey(FileId file) {
        return RECEIPTS + file + ".json";
    }

    public static String processedOnKey(FileId file, LocalDate processingDate) {
        return PROCESSED_ON + partition(processingDate) + file + ".json";
    }

    public static String processedOnPrefix(LocalDate processingDate) {
        return PROCESSED_ON + partition(processingDate);
    }

    /** Where the roll-ups of a per-file prefix (such as {@link #processedOnPrefix}) live. */
    public static String rollupPrefix(String prefix) {
        return ROLLUPS + prefix;
    }

    /**
     * The key of the roll-up that a run in the hour of {@code at} writes for {@code prefix}: a re-run in the same
     * hour rewrites the same key.
     */
    public static String rollupKey(String prefix, Instant at) {
        return rollupPrefix(prefix) + "at=" + HOUR.format(at.truncatedTo(ChronoUnit.HOURS)) + ".json";
    }

    private static String partition(LocalDate date) {
        return "dt=" + date + "/";
    }

    private static String jsonl(boolean gzip) {
        return gzip ? ".jsonl.gz" : ".jsonl";
    }
}
