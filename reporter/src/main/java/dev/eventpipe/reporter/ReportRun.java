package dev.eventpipe.reporter;

import dev.eventpipe.reporter.report.DailyReport;
import java.util.List;

/**
 * What one run of the reporter did.
 *
 * @param report       the report
 * @param text         {@code report.txt} as written
 * @param bucket       the reports bucket
 * @param keys         the keys written: JSON, text, HTML
 * @param notification what became of the notification
 */
public record ReportRun(DailyReport report, String text, String bucket, List<String> keys, Notification notification) {

    public ReportRun {
        keys = List.copyOf(keys);
    }

    /** The notification's fate. */
    public enum Notification {
        /** Published. */
        SENT,
        /** Not asked for ({@code --no-notify}) or no topic configured. */
        SKIPPED,
        /** Still failing after the retries; logged and counted, the reports stay written. */
        FAILED
    }
}
