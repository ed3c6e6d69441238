package dev.eventpipe.reporter.render;

import dev.eventpipe.reporter.report.DailyReport;
import dev.eventpipe.reporter.report.Numbers;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report.txt}: the report as plain text for a terminal or an email body. No line is longer than
 * {@value #WIDTH} columns (long keys and reasons are shortened with an ellipsis).
 */
public final class TextReport {

    public static final int WIDTH = 80;
    private static final int BAR = 30;

    private TextReport() {
    }

    public static String render(DailyReport r) {
        StringBuilder out = new StringBuilder(4096);
        DailyReport.Totals t = r.totals();
        line(out, "eventpipe daily report: " + r.date() + " (" + r.zone() + (r.hoursInDay() != 24
                ? ", a " + r.hoursInDay() + "-hour day" : "") + ")");
        line(out, "=".repeat(Math.min(WIDTH, 40)));
        out.append('\n');
        if (!r.alerts().isEmpty()) {
            line(out, "ALERTS");
            for (DailyReport.Alert a : r.alerts()) {
                line(out, "  ! " + a.message());
            }
            out.append('\n');
        }
        line(out, "FILES (processed on the day)");
        row(out, "received", Numbers.count(t.filesReceived()));
        row(out, "processed", Numbers.count(t.filesProcessed()));
        row(out, "quarantined", Numbers.count(t.filesQuarantined()));
        row(out, "bytes read", Numbers.bytes(t.bytesRead()));
        row(out, "rows rejected", Numbers.count(t.recordsRejected()) + " (" + Numbers.percent(t.rejectRate()) + ")");
        row(out, "records ingested", Numbers.count(t.recordsIngested()) + " (any event date)");
        if (!r.ingestedEventDates().isEmpty()) {
            row(out, "their event dates", dates(r.ingestedEventDates()));
        }
        out.append('\n');
        line(out, "RECORDS (event date " + r.date() + ")");
        row(out, "valid records", Numbers.count(t.recordsValid()));
        DailyReport.Users u = r.users();
        row(out, "distinct users", Numbers.count(u.distinct()) + (u.distinctExact() ? " (exact)"
                : " (estimate, " + Numbers.count(u.lowerBound()) + "-" + Numbers.count(u.upperBound()) + ")"));
        r.amount().ifPresent(a -> {
            row(out, "amount sum", Numbers.money(a.sum()) + " over " + Numbers.plural(a.count(), "record"));
            row(out, "amount mean", Numbers.money(a.mean()));
            row(out, "amount p50 / p95", Numbers.money(a.p50()) + " / " + Numbers.money(a.p95()) + " (within 0.5%)");
        });
        if (!Zones.isUtc(r.zone())) {
            line(out, "  (users and amounts cover UTC date " + u.utcDate() + ")");
        }
        out.append('\n');
        counts(out, "BY EVENT TYPE", r.byEventType(), t.recordsValid());
        counts(out, "BY ACTION", Counts.labelled(r.byAction()), t.recordsValid());
        hours(out, r.byHour());
        if (!u.top().isEmpty()) {
            line(out, "TOP USERS" + (u.topExact() ? "" : " (estimated counts)"));
            for (DailyReport.TopUser top : u.top()) {
                row(out, top.user(), Numbers.count(top.records()));
            }
            out.append('\n');
        }
        quality(out, r.quality());
        operations(out, r.operations());
        comparison(out, r.comparison());
        line(out, "generated " + r.generatedAt() + " by eventpipe " + r.pipelineVersion());
        return out.toString();
    }

    private static void counts(StringBuilder out, String title, Map<String, Long> counts, long total) {
        if (counts.isEmpty()) {
            return;
        }
        line(out, title);
        long max = counts.values().stream().mapToLong(Long::longValue).max().orElse(1);
        Counts.largestFirst(counts).forEach(e -> line(out, String.format(Locale.ROOT, "  %-18s %10s %6s  %s", clip(e.getKey(), 18),
                        Numbers.count(e.getValue()), Numbers.percent(total == 0 ? 0 : (double) e.getValue() / total),
                        bar(e.getValue(), max))));
        out.append('\n');
    }

    private static void hours(StringBuilder out, List<Long> byHour) {
        long max = byHour.stream().mapToLong(Long::longValue).max().orElse(0);
        if (max == 0) {
            return;
        }
        line(out, "BY HOUR");
        for (int h = 0; h < 24; h++) {
            line(out, String.format(Locale.ROOT, "  %02d:00 %10s  %s", h, Numbers.count(byHour.get(h)), bar(byHour.get(h), max)));
        }
        out.append('\n');
    }

    private static void quality(StringBuilder out, DailyReport.Quality q) {
        if (q.topRejectReasons().isEmpty() && q.quarantinedTotal() == 0) {
            return;
        }
        line(out, "DATA QUALITY");
        for (DailyReport.ReasonCount reason : q.topRejectReasons()) {
            row(out, reason.code(), Numbers.plural(reason.rows(), "row"));
            for (DailyReport.LineRef ex : reason.examples()) {
                line(out, "      e.g. " + clip(ex.key(), WIDTH - 24) + " line " + ex.line());
            }
        }
        if (!q.rejectsByPrefix().isEmpty()) {
            line(out, "  rejected rows by prefix:");
            q.rejectsByPrefix().forEach((prefix, n) -> row(out, "  " + prefix, Numbers.count(n)));
        }
        if (q.quarantinedTotal() > 0) {
            line(out, "  quarantined files (" + Numbers.count(q.quarantinedTotal()) + "):");
            for (DailyReport.QuarantinedFile f : q.quarantined()) {
                line(out, "    " + clip(f.key(), WIDTH - 6));
                line(out, "      " + f.reasonCode() + ": " + clip(f.reason(), WIDTH - 10 - f.reasonCode().length()));
            }
            if (q.quarantinedTotal() > q.quarantined().size()) {
                line(out, "    ... and " + (q.quarantinedTotal() - q.quarantined().size()) + " more in report.json");
            }
        }
        out.append('\n');
    }

    private static void operations(StringBuilder out, DailyReport.Operations ops) {
        line(out, "OPERATIONS");
        ops.latency().ifPresentOrElse(l -> row(out, "latency p50/p95/max", Numbers.millis(l.p50Ms()) + " / "
                + Numbers.millis(l.p95Ms()) + " / " + Numbers.millis(l.maxMs())), () -> row(out, "latency", "no files"));
        row(out, "files queue", ops.queueDepth().map(n -> Numbers.count(n) + " waiting").orElse("unknown"));
        row(out, "dead-letter queue", ops.dlqDepth().map(Numbers::count).orElse("unknown"));
        if (!ops.unreadable().isEmpty()) {
            row(out, "unreadable documents", Numbers.count(ops.unreadable().size()));
        }
        ops.uploads().ifPresent(u -> {
            row(out, "uploads of the day", Numbers.count(u.objects()) + " (" + Numbers.count(u.processed() + u.quarantined())
                    + " with a receipt)");
            row(out, "  without a receipt", Numbers.count(u.noReceipt()) + (u.noReceipt() > 0 ? " (in the DLQ or lost)" : ""));
            if (u.stillQueued() > 0) {
                row(out, "  maybe still queued", Numbers.count(u.stillQueued()));
            }
            if (u.replayed() > 0) {
                row(out, "  replayed", Numbers.count(u.replayed()));
            }
        });
        out.append('\n');
    }

    private static void comparison(StringBuilder out, List<DailyReport.Comparison> comparison) {
        line(out, "COMPARED WITH EARLIER DAYS");
        line(out, String.format(Locale.ROOT, "  %-18s %12s %12s %12s %8s", "figure", "today", "yesterday", "7-day med.", "change"));
        for (DailyReport.Comparison c : comparison) {
            line(out, String.format(Locale.ROOT, "  %-18s %12s %12s %12s %8s%s", c.figure(),
                    Numbers.figure(c.figure(), c.value()),
                    c.previousDay().map(v -> Numbers.figure(c.figure(), v)).orElse("-"),
                    c.median7().map(v -> Numbers.figure(c.figure(), v)).orElse("-"),
                    c.changeVsMedian().map(v -> String.format(Locale.ROOT, "%+.0f%%", 100 * v)).orElse("-"),
                    c.flagged() ? " !" : ""));
        }
        out.append('\n');
    }

    /** The first and last of a sorted list of dates, and how many: fits a line however long the list. */
    static String dates(List<java.time.LocalDate> dates) {
        if (dates.size() == 1) {
            return dates.get(0).toString();
        }
        return dates.get(0) + " to " + dates.get(dates.size() - 1) + " (" + dates.size() + " dates)";
    }

    private static void row(StringBuilder out, String label, String value) {
        line(out, String.format(Locale.ROOT, "  %-22s %s", clip(label, 22), value));
    }

    private static String bar(long value, long max) {
        int n = max == 0 ? 0 : (int) Math.round((double) value * BAR / max);
        return "#".repeat(value > 0 ? Math.max(1, n) : 0);
    }

    /** Shortens to {@code width} code points, ending with an ellipsis when cut. */
    static String clip(String s, int width) {
        if (s.codePointCount(0, s.length()) <= width) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, Math.max(0, width - 1))) + "…";
    }

    private static void line(StringBuilder out, String text) {
        out.append(clip(text.stripTrailing(), WIDTH)).append('\n');
    }
}
