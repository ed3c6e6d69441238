package dev.eventpipe.reporter.publish;

import dev.eventpipe.reporter.report.DailyReport;
import dev.eventpipe.reporter.report.Numbers;
import dev.eventpipe.shared.notify.Notifier;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The notification of a report: a subject that says the day's headline in under 100 characters, and a
 * short plain-text body with the key figures, the alerts and a link to the HTML report.
 */
public final class Summary {

    private Summary() {
    }

    public static Notifier.Message of(DailyReport r, Optional<URI> link, Duration linkValidity) {
        return new Notifier.Message(subject(r), body(r, link, linkValidity));
    }

    /** e.g. {@code eventpipe 2026-11-25: 1,204 files, 0.8% rejected, 2 quarantined}. */
    static String subject(DailyReport r) {
        DailyReport.Totals t = r.totals();
        String head = "eventpipe " + r.date() + ": ";
        String subject = r.alerts().stream().anyMatch(a -> a.code().equals("no_data"))
                ? head + "no data arrived"
                : head + Numbers.count(t.filesProcessed()) + (t.filesProcessed() == 1 ? " file, " : " files, ")
                        + Numbers.percent(t.rejectRate()) + " rejected, " + Numbers.count(t.filesQuarantined())
                        + " quarantined";
        long alerts = r.alerts().size();
        if (alerts > 0 && !subject.endsWith("no data arrived")) {
            subject += " [" + alerts + (alerts == 1 ? " alert]" : " alerts]");
        }
        return subject.length() <= Notifier.Message.MAX_SUBJECT ? subject
                : subject.substring(0, Notifier.Message.MAX_SUBJECT - 1) + "…";
    }

    static String body(DailyReport r, Optional<URI> link, Duration validity) {
        DailyReport.Totals t = r.totals();
        StringBuilder b = new StringBuilder(1024);
        b.append("eventpipe daily report for ").append(r.date()).append(" (").append(r.zone()).append(")\n\n");
        if (!r.alerts().isEmpty()) {
            b.append("Alerts:\n");
            r.alerts().forEach(a -> b.append("  - ").append(a.message()).append('\n'));
            b.append('\n');
        }
        b.append("Files processed:    ").append(Numbers.count(t.filesProcessed())).append('\n')
                .append("Files quarantined:  ").append(Numbers.count(t.filesQuarantined())).append('\n')
                .append("Valid records:      ").append(Numbers.count(t.recordsValid())).append('\n')
                .append("Rejected rows:      ").append(Numbers.count(t.recordsRejected())).append(" (")
                .append(Numbers.percent(t.rejectRate())).append(")\n")
                .append("Distinct users:     ").append(Numbers.count(r.users().distinct()))
                .append(r.users().distinctExact() ? "" : " (estimate)").append('\n');
        r.amount().ifPresent(a -> b.append("Amount sum:         ").append(Numbers.money(a.sum())).append('\n'));
        r.operations().latency().ifPresent(l -> b.append("Latency p95:        ").append(Numbers.millis(l.p95Ms())).append('\n'));
        r.operations().dlqDepth().ifPresent(n -> b.append("Dead-letter queue:  ").append(Numbers.count(n)).append('\n'));
        r.operations().uploads().ifPresent(u -> b.append("Uploads:            ").append(Numbers.count(u.objects()))
                .append(u.noReceipt() > 0 ? ", " + Numbers.count(u.noReceipt()) + " without a receipt" : ", all accounted for")
                .append('\n'));
        b.append('\n');
        link.ifPresentOrElse(
                l -> b.append("Full report (link valid for ").append(humanize(validity)).append("):\n").append(l).append('\n'),
                () -> b.append("Full report: daily/").append(r.date().toString().replace('-', '/')).append("/report.html")
                        .append(" in the reports bucket\n"));
        return b.toString();
    }

    private static String humanize(Duration d) {
        if (d.toHours() >= 24 && d.toHours() % 24 == 0) {
            long days = d.toDays();
            return days + (days == 1 ? " day" : " days");
        }
        if (d.toMinutes() % 60 == 0) {
            long hours = d.toHours();
            return hours + (hours == 1 ? " hour" : " hours");
        }
        return d.toMinutes() + " minutes";
    }
}
