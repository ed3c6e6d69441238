package dev.eventpipe.reporter.render;

import dev.eventpipe.reporter.report.DailyReport;
import dev.eventpipe.reporter.report.Numbers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report.html}: one self-contained page. Inline CSS, inline SVG charts (hourly histogram, event
 * types), no script, no external asset, so it renders the same in a mail client, offline, or from a
 * presigned link; a viewport meta tag and a single fluid column make it readable on a phone.
 */
public final class HtmlReport {

    private static final String CSS = """
            :root{--fg:#1f2933;--muted:#616e7c;--line:#e4e7eb;--accent:#2563eb;--warn:#b45309;--bad:#b91c1c;}
            *{box-sizing:border-box}
            body{margin:0;font:15px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;\
            color:var(--fg);background:#f8fafc}
            main{max-width:860px;margin:0 auto;padding:16px}
            h1{font-size:1.35rem;margin:.2rem 0}
            h2{font-size:1.05rem;margin:1.6rem 0 .5rem;border-bottom:1px solid var(--line);padding-bottom:.25rem}
            .sub{color:var(--muted);margin:0 0 1rem}
            .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:10px}
            .card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 12px}
            .card b{display:block;font-size:1.35rem}
            .card span{color:var(--muted);font-size:.85rem}
            .alerts{background:#fff7ed;border:1px solid #fed7aa;border-radius:8px;padding:8px 14px;margin:0 0 1rem}
            .alerts li{color:var(--warn);margin:.2rem 0}
            table{border-collapse:collapse;width:100%;background:#fff;font-size:.9rem}
            th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}
            td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            .flag{color:var(--bad);font-weight:600}
            .muted{color:var(--muted);font-size:.85rem}
            .scroll{overflow-x:auto}
            svg{width:100%;height:auto;display:block;background:#fff;border:1px solid var(--line);border-radius:8px}
            code{word-break:break-all}
            """;

    private HtmlReport() {
    }

    public static String render(DailyReport r) {
        StringBuilder h = new StringBuilder(16_384);
        DailyReport.Totals t = r.totals();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>eventpipe ").append(r.date()).append("</title>\n<style>").append(CSS).append("</style>\n")
                .append("</head>\n<body>\n<main>\n");
        h.append("<h1>eventpipe daily report: ").append(r.date()).append("</h1>\n");
        h.append("<p class=\"sub\">").append(esc(r.zone())).append(r.hoursInDay() != 24 ? ", a " + r.hoursInDay()
                + "-hour day" : "").append(" · generated ").append(r.generatedAt()).append("</p>\n");
        if (!r.alerts().isEmpty()) {
            h.append("<ul class=\"alerts\">\n");
            for (DailyReport.Alert a : r.alerts()) {
                h.append("<li>").append(esc(a.message())).append("</li>\n");
            }
            h.append("</ul>\n");
        }
        h.append("<div class=\"cards\">\n");
        card(h, Numbers.count(t.filesProcessed()), "files processed");
        card(h, Numbers.count(t.filesQuarantined()), "files quarantined");
        card(h, Numbers.count(t.recordsValid()), "valid records (event date)");
        card(h, Numbers.percent(t.rejectRate()), Numbers.count(t.recordsRejected()) + " rows rejected");
        card(h, Numbers.count(r.users().distinct()), r.users().distinctExact() ? "distinct users" : "distinct users (est.)");
        r.amount().ifPresent(a -> card(h, Numbers.money(a.sum()), "amount sum"));
        h.append("</div>\n");

        h.append("<h2>Records by hour</h2>\n").append(hourChart(r.byHour()));
        if (!r.byEventType().isEmpty()) {
            h.append("<h2>Event types</h2>\n").append(barChart(r.byEventType()));
        }
        table(h, "Actions", "action", Counts.labelled(r.byAction()), t.recordsValid());
        business(h, r);
        quality(h, r.quality());
        operations(h, r);
        comparison(h, r.comparison());
        h.append("<p class=\"muted\">Files, rejected rows and latency count by the day the files were processed; ")
                .append("valid records and business figures by their event date. Made by eventpipe ")
                .append(esc(r.pipelineVersion())).append(".</p>\n");
        h.append("</main>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void card(StringBuilder h, String value, String label) {
        h.append("<div class=\"card\"><b>").append(esc(value)).append("</b><span>").append(esc(label))
                .append("</span></div>\n");
    }

    /** 24 vertical bars, hour 0 first, with every third hour labelled. */
    static String hourChart(List<Long> byHour) {
        long max = Math.max(1, byHour.stream().mapToLong(Long::longValue).max().orElse(1));
        int w = 480; // a phone's width in CSS pixels, give or take: labels stay legible when scaled down
        int hgt = 180;
        int left = 8;
        int bottom = 22;
        double slot = (w - 2.0 * left) / 24;
        StringBuilder s = new StringBuilder();
        s.append("<svg viewBox=\"0 0 ").append(w).append(' ').append(hgt)
                .append("\" role=\"img\" aria-label=\"valid records per hour\">\n");
        for (int i = 0; i < 24; i++) {
            long v = byHour.get(i);
            double bh = (hgt - bottom - 14.0) * v / max;
            double x = left + i * slot + 2;
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#2563eb\">"
                    + "<title>%02d:00 %s</title></rect>\n", x, hgt - bottom - bh, slot - 4, bh, i, Numbers.count(v)));
            if (i % 3 == 0) {
                s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"#616e7c\">%02d</text>\n",
                        x, hgt - 6, i));
            }
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"12\" font-size=\"11\" fill=\"#616e7c\">max %s</text>\n",
                left, Numbers.count(max)));
        return s.append("</svg>\n").toString();
    }

    /** Horizontal bars, largest first. */
    static String barChart(Map<String, Long> counts) {
        List<Map.Entry<String, Long>> rows = Counts.largestFirst(counts);
        long max = Math.max(1, rows.isEmpty() ? 1 : rows.get(0).getValue());
        int rowH = 24;
        int w = 480;
        int labelW = 120;
        int hgt = rows.size() * rowH + 8;
        StringBuilder s = new StringBuilder();
        s.append("<svg viewBox=\"0 0 ").append(w).append(' ').append(hgt)
                .append("\" role=\"img\" aria-label=\"valid records per event type\">\n");
        for (int i = 0; i < rows.size(); i++) {
            var e = rows.get(i);
            double bw = (w - labelW - 70.0) * e.getValue() / max;
            int y = 4 + i * rowH;
            s.append(String.format(Locale.ROOT, "<text x=\"6\" y=\"%d\" font-size=\"13\" fill=\"#1f2933\">%s</text>\n", y + 16,
                    esc(TextReport.clip(e.getKey(), 15))));
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#2563eb\" rx=\"2\"/>\n",
                    labelW, y + 3, Math.max(1, bw), rowH - 8));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"12\" fill=\"#616e7c\">%s</text>\n",
                    labelW + Math.max(1, bw) + 6, y + 16, Numbers.count(e.getValue())));
        }
        return s.append("</svg>\n").toString();
    }

    private static void table(StringBuilder h, String title, String column, Map<String, Long> counts, long total) {
        if (counts.isEmpty()) {
            return;
        }
        h.append("<h2>").append(esc(title)).append("</h2>\n<div class=\"scroll\"><table>\n<tr><th>").append(esc(column))
                .append("</th><th class=\"n\">records</th><th class=\"n\">share</th></tr>\n");
        for (var e : Counts.largestFirst(counts)) {
            h.append("<tr><td>").append(esc(e.getKey())).append("</td><td class=\"n\">").append(Numbers.count(e.getValue()))
                    .append("</td><td class=\"n\">").append(Numbers.percent(total == 0 ? 0 : (double) e.getValue() / total))
                    .append("</td></tr>\n");
        }
        h.append("</table></div>\n");
    }

    private static void business(StringBuilder h, DailyReport r) {
        DailyReport.Users u = r.users();
        h.append("<h2>Users and amounts</h2>\n<div class=\"scroll\"><table>\n");
        kv(h, "distinct users", Numbers.count(u.distinct()) + (u.distinctExact() ? " (exact)"
                : " (estimate, " + Numbers.count(u.lowerBound()) + "–" + Numbers.count(u.upperBound()) + ")"));
        r.amount().ifPresent(a -> {
            kv(h, "amounts", Numbers.count(a.count()) + " records");
            kv(h, "sum / mean", Numbers.money(a.sum()) + " / " + Numbers.money(a.mean()));
            kv(h, "min / max", Numbers.money(a.min()) + " / " + Numbers.money(a.max()));
            kv(h, "p50 / p95", Numbers.money(a.p50()) + " / " + Numbers.money(a.p95()) + " (within 0.5%)");
        });
        h.append("</table></div>\n");
        if (!Zones.isUtc(r.zone())) {
            h.append("<p class=\"muted\">Users and amounts cover UTC date ").append(u.utcDate()).append(".</p>\n");
        }
        if (!u.top().isEmpty()) {
            h.append("<h2>Top users").append(u.topExact() ? "" : " (estimated counts)").append("</h2>\n")
                    .append("<div class=\"scroll\"><table>\n<tr><th>user</th><th class=\"n\">records</th></tr>\n");
            for (DailyReport.TopUser top : u.top()) {
                h.append("<tr><td>").append(esc(top.user())).append("</td><td class=\"n\">").append(Numbers.count(top.records()))
                        .append("</td></tr>\n");
            }
            h.append("</table></div>\n");
        }
    }

    private static void quality(StringBuilder h, DailyReport.Quality q) {
        h.append("<h2>Data quality</h2>\n");
        if (q.topRejectReasons().isEmpty() && q.quarantinedTotal() == 0) {
            h.append("<p>No rejected rows and no quarantined files.</p>\n");
            return;
        }
        if (!q.topRejectReasons().isEmpty()) {
            h.append("<div class=\"scroll\"><table>\n<tr><th>reject reason</th><th class=\"n\">rows</th><th>examples</th></tr>\n");
            for (DailyReport.ReasonCount reason : q.topRejectReasons()) {
                List<String> ex = new ArrayList<>();
                for (DailyReport.LineRef l : reason.examples()) {
                    ex.add("<code>" + esc(l.key()) + "</code> line " + l.line());
                }
                h.append("<tr><td>").append(esc(reason.code())).append("</td><td class=\"n\">").append(Numbers.count(reason.rows()))
                        .append("</td><td>").append(String.join("<br>", ex)).append("</td></tr>\n");
            }
            h.append("</table></div>\n");
        }
        table(h, "Rejected rows by prefix", "prefix", q.rejectsByPrefix(), q.rejectsByPrefix().values().stream()
                .mapToLong(Long::longValue).sum());
        if (q.quarantinedTotal() > 0) {
            h.append("<h2>Quarantined files (").append(Numbers.count(q.quarantinedTotal())).append(")</h2>\n")
                    .append("<div class=\"scroll\"><table>\n<tr><th>file</th><th>reason</th></tr>\n");
            for (DailyReport.QuarantinedFile f : q.quarantined()) {
                h.append("<tr><td><code>").append(esc(f.key())).append("</code></td><td><b>").append(esc(f.reasonCode()))
                        .append("</b>: ").append(esc(f.reason())).append("</td></tr>\n");
            }
            h.append("</table></div>\n");
            if (q.quarantinedTotal() > q.quarantined().size()) {
                h.append("<p class=\"muted\">The first ").append(q.quarantined().size()).append(" by key; report.json ")
                        .append("has the count, and <code>eventpipe receipt</code> each file's story.</p>\n");
            }
        }
    }

    private static void operations(StringBuilder h, DailyReport r) {
        DailyReport.Operations ops = r.operations();
        h.append("<h2>Operations</h2>\n<div class=\"scroll\"><table>\n");
        kv(h, "processing latency p50 / p95 / max", ops.latency().map(l -> Numbers.millis(l.p50Ms()) + " / "
                + Numbers.millis(l.p95Ms()) + " / " + Numbers.millis(l.maxMs())).orElse("no files"));
        kv(h, "bytes read", Numbers.bytes(r.totals().bytesRead()));
        kv(h, "records ingested (any event date)", Numbers.count(r.totals().recordsIngested()));
        if (!r.ingestedEventDates().isEmpty()) {
            kv(h, "their event dates", TextReport.dates(r.ingestedEventDates()));
        }
        kv(h, "files queue (waiting)", ops.queueDepth().map(Numbers::count).orElse("unknown"));
        kv(h, "dead-letter queue", ops.dlqDepth().map(Numbers::count).orElse("unknown"));
        if (!ops.unreadable().isEmpty()) {
            kv(h, "unreadable documents", Numbers.count(ops.unreadable().size()));
        }
        ops.uploads().ifPresent(u -> {
            kv(h, "uploads of the day", Numbers.count(u.objects()));
            kv(h, "processed / quarantined / queued", Numbers.count(u.processed()) + " / " + Numbers.count(u.quarantined())
                    + " / " + Numbers.count(u.stillQueued()));
            kv(h, "without a receipt (in the DLQ or lost)", Numbers.count(u.noReceipt()));
            kv(h, "replayed", Numbers.count(u.replayed()));
        });
        h.append("</table></div>\n");
    }

    private static void comparison(StringBuilder h, List<DailyReport.Comparison> comparison) {
        h.append("<h2>Compared with earlier days</h2>\n<div class=\"scroll\"><table>\n<tr><th>figure</th>")
                .append("<th class=\"n\">today</th><th class=\"n\">yesterday</th><th class=\"n\">7-day median</th>")
                .append("<th class=\"n\">change</th></tr>\n");
        for (DailyReport.Comparison c : comparison) {
            h.append("<tr").append(c.flagged() ? " class=\"flag\"" : "").append("><td>").append(esc(c.figure()))
                    .append("</td><td class=\"n\">").append(Numbers.figure(c.figure(), c.value()))
                    .append("</td><td class=\"n\">").append(c.previousDay().map(v -> Numbers.figure(c.figure(), v)).orElse("–"))
                    .append("</td><td class=\"n\">").append(c.median7().map(v -> Numbers.figure(c.figure(), v)).orElse("–"))
                    .append("</td><td class=\"n\">").append(c.changeVsMedian()
                            .map(v -> String.format(Locale.ROOT, "%+.0f%%", 100 * v)).orElse("–"))
                    .append(c.flagged() ? " ⚠" : "").append("</td></tr>\n");
        }
        h.append("</table></div>\n");
    }

    private static void kv(StringBuilder h, String key, String value) {
        h.append("<tr><td>").append(esc(key)).append("</td><td class=\"n\">").append(esc(value)).append("</td></tr>\n");
    }

    /** Escapes text for HTML element content and double-quoted attributes. */
    static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
