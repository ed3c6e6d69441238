package dev.eventpipe.cli.console;

import static dev.eventpipe.cli.console.Html.esc;
import static dev.eventpipe.cli.console.Html.q;

import dev.eventpipe.ingest.ObjectRef;
import dev.eventpipe.ingest.dlq.DeadLetterQueue;
import dev.eventpipe.ingest.dlq.DlqStatus;
import dev.eventpipe.ingest.dlq.PeekedMessage;
import dev.eventpipe.ingest.dlq.QueueDepth;
import dev.eventpipe.ingest.dlq.RedriveResult;
import dev.eventpipe.ingest.receipt.FileReport;
import dev.eventpipe.ingest.receipt.ReceiptLookup;
import dev.eventpipe.shared.receipt.Receipt;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The HTML of every page. Every string from data goes through {@link Html#esc}; no inline script, no style attribute. */
final class Pages {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Pages() {
    }

    static String layout(String title, String active, String body, int refreshSeconds) {
        StringBuilder b = new StringBuilder(8192);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        if (refreshSeconds > 0) {
            b.append("<meta http-equiv=\"refresh\" content=\"").append(refreshSeconds).append("\">");
        }
        b.append("<title>").append(esc(title)).append(" · eventpipe console</title>")
                .append("<link rel=\"stylesheet\" href=\"/static/console.css\">")
                .append("<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">")
                .append("</head><body><header><a class=\"brand\" href=\"/\">eventpipe</a><nav>");
        for (String[] item : new String[][] {{"files", "/", "Files"}, {"today", "/today", "Today"}, {"dlq", "/dlq", "DLQ"},
            {"reports", "/reports", "Reports"}}) {
            b.append("<a href=\"").append(item[1]).append('"').append(item[0].equals(active) ? " aria-current=\"page\"" : "")
                    .append('>').append(item[2]).append("</a>");
        }
        b.append("</nav></header><main>").append(body).append("</main></body></html>\n");
        return b.toString();
    }

    static String time(Instant t) {
        return "<time datetime=\"" + esc(t) + "\">" + esc(TIME.format(t)) + "</time>";
    }

    static String duration(Duration d) {
        long ms = d.toMillis();
        return ms < 1_000 ? ms + " ms" : ms < 60_000 ? String.format(Locale.ROOT, "%.1f s", ms / 1000.0)
                : ms < 3_600_000 ? ms / 60_000 + " min " + ms / 1000 % 60 + " s" : ms / 3_600_000 + " h " + ms / 60_000 % 60 + " min";
    }

    static String size(long bytes) {
        return bytes < 1024 ? bytes + " B" : bytes < 1024 * 1024 ? String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0)
                : String.format(Locale.ROOT, "%.1f MiB", bytes / 1024.0 / 1024.0);
    }

    private static String badge(String status) {
        return "<span class=\"badge " + esc(status.replaceAll("[^a-z_]", "")) + "\">" + esc(status) + "</span>";
    }

    static String fileLink(FileRow r) {
        return "<a href=\"/file?id=" + esc(q(r.fileId())) + "\">" + esc(r.key()) + "</a>";
    }

    // ---- Files ----

    static String files(FilesView v, boolean searchByKey) {
        Filter f = v.filter();
        StringBuilder b = new StringBuilder(16_384);
        b.append("<h1>Files processed on ").append(esc(f.date())).append("</h1>");
        b.append("<form class=\"filters\" method=\"get\" action=\"/\">")
                .append("<label>Date <input type=\"date\" name=\"date\" value=\"").append(esc(f.date())).append("\"></label>")
                .append("<label>Status <select name=\"status\">");
        for (String s : new String[] {"", "processed", "quarantined"}) {
            b.append("<option value=\"").append(s).append('"').append(f.status().orElse("").equals(s) ? " selected" : "")
                    .append('>').append(s.isEmpty() ? "any" : s).append("</option>");
        }
        b.append("</select></label><label>Key prefix <input type=\"text\" name=\"prefix\" value=\"").append(esc(f.prefix()))
                .append("\"></label><button type=\"submit\">Filter</button></form>");
        if (searchByKey) {
            b.append("<form class=\"filters\" method=\"get\" action=\"/file\"><label>Find a file by key ")
                    .append("<input type=\"text\" name=\"key\" required placeholder=\"incoming/file.csv\"></label>")
                    .append("<button type=\"submit\">Find</button></form>");
        }
        b.append("<p class=\"meta\">").append(String.format(Locale.ROOT, "%,d", v.dayTotal())).append(" file(s) that day");
        if (f.narrowed()) {
            b.append("; ").append(String.format(Locale.ROOT, "%,d", v.scanned())).append(" looked at for this page");
            if (!v.complete()) {
                b.append(" (the scan stopped early: the next page goes on)");
            }
        }
        b.append("</p>");
        if (v.rows().isEmpty()) {
            b.append("<p class=\"empty\">No files.</p>");
        } else {
            b.append("<div class=\"scroll\"><table><thead><tr><th>Key</th><th>Status</th><th class=\"num\">Valid</th>")
                    .append("<th class=\"num\">Rejected</th><th class=\"wide\">Event dates</th><th class=\"num wide\">Latency</th><th>Processed</th>")
                    .append("</tr></thead><tbody>");
            for (FileRow r : v.rows()) {
                b.append("<tr><td class=\"key\">").append(fileLink(r)).append("</td><td>").append(badge(r.status()))
                        .append(r.reasonCode().map(c -> " <span class=\"code\">" + esc(c) + "</span>").orElse(""))
                        .append("</td><td class=\"num\">").append(String.format(Locale.ROOT, "%,d", r.valid()))
                        .append("</td><td class=\"num\">").append(String.format(Locale.ROOT, "%,d", r.rejected()))
                        .append("</td><td class=\"wide\">").append(esc(r.eventDatesText())).append("</td><td class=\"num wide\">")
                        .append(duration(r.latency())).append("</td><td>").append(time(r.processedAt())).append("</td></tr>");
            }
            b.append("</tbody></table></div>");
        }
        b.append("<nav class=\"pager\">");
        String base = "/?date=" + q(f.date().toString()) + f.status().map(s -> "&status=" + q(s)).orElse("")
                + (f.prefix().isEmpty() ? "" : "&prefix=" + q(f.prefix()));
        if (f.page() > 0) {
            b.append("<a href=\"").append(esc(base + "&page=" + (f.page() - 1))).append("\">← newer</a>");
        }
        if (v.hasNext()) {
            b.append("<a href=\"").append(esc(base + "&page=" + (f.page() + 1))).append("\">older →</a>");
        }
        LocalDate prev = f.date().minusDays(1);
        b.append("<a href=\"/?date=").append(esc(prev)).append("\">").append(esc(prev)).append("</a></nav>");
        return b.toString();
    }

    // ---- One file ----

    static String file(FileView v) {
        FileReport r = v.report();
        StringBuilder b = new StringBuilder(16_384);
        b.append("<h1 class=\"key\">").append(esc(r.key())).append("</h1>");
        b.append("<p>").append(badge(r.state().wire())).append(' ').append(esc(r.explanation())).append("</p>");
        b.append("<dl class=\"facts\"><dt>Object</dt><dd class=\"key\">s3://").append(esc(r.bucket())).append('/').append(esc(r.key()))
                .append("</dd>");
        r.versionId().ifPresent(ver -> b.append("<dt>Version</dt><dd>").append(esc(ver)).append("</dd>"));
        r.fileId().ifPresent(id -> b.append("<dt>File id</dt><dd class=\"mono\">").append(esc(id)).append("</dd>"));
        if (r.receipt().isPresent()) {
            Receipt c = r.receipt().get();
            b.append("<dt>Rows</dt><dd>").append(String.format(Locale.ROOT, "%,d read, %,d valid, %,d rejected", c.rows().read(),
                    c.rows().valid(), c.rows().rejected())).append("</dd>");
            b.append("<dt>Format</dt><dd>").append(esc(c.format().isEmpty() ? "?" : c.format())).append(", schema ")
                    .append(esc(c.schema())).append("</dd>");
            b.append("<dt>Size</dt><dd>").append(size(c.source().size())).append("</dd>");
            b.append("<dt>Generation</dt><dd>").append(c.generation()).append(" (pipeline ").append(esc(c.pipelineVersion()))
                    .append(")</dd>");
            if (!c.eventDates().isEmpty()) {
                b.append("<dt>Event dates</dt><dd>").append(esc(String.join(", ", c.eventDates().stream().map(Object::toString)
                        .toList()))).append("</dd>");
            }
            c.reasonCode().ifPresent(code -> b.append("<dt>Quarantine</dt><dd><span class=\"code\">").append(esc(code))
                    .append("</span> ").append(esc(c.reason().orElse(""))).append("</dd>"));
        }
        b.append("</dl>");
        if (!v.timeline().isEmpty()) {
            b.append("<h2>Timeline</h2><ol class=\"timeline\">");
            Instant first = v.timeline().get(0).at();
            for (FileView.Step s : v.timeline()) {
                b.append("<li>").append(time(s.at())).append(" <span>").append(esc(s.what())).append("</span> <span class=\"meta\">+")
                        .append(duration(Duration.between(first, s.at()).isNegative() ? Duration.ZERO : Duration.between(first, s.at())))
                        .append("</span></li>");
            }
            b.append("</ol>");
        }
        r.receipt().ifPresent(c -> {
            if (!c.rejectReasons().isEmpty()) {
                b.append("<h2>Reject reasons</h2><table><thead><tr><th>Reason</th><th class=\"num\">Rows</th><th>First lines</th>")
                        .append("</tr></thead><tbody>");
                for (Map.Entry<String, Receipt.RejectReason> e : c.rejectReasons().entrySet()) {
                    b.append("<tr><td class=\"code\">").append(esc(e.getKey())).append("</td><td class=\"num\">")
                            .append(String.format(Locale.ROOT, "%,d", e.getValue().rows())).append("</td><td>")
                            .append(esc(String.join(", ", e.getValue().exampleLines().stream().map(Object::toString).toList())))
                            .append("</td></tr>");
                }
                b.append("</tbody></table>");
            }
        });
        if (!r.rejects().isEmpty()) {
            b.append("<h2>First rejected rows</h2><div class=\"scroll\"><table><thead><tr><th class=\"num\">Line</th>")
                    .append("<th>Reasons</th><th>Row</th></tr></thead><tbody>");
            for (ReceiptLookup.RejectedRow row : r.rejects()) {
                b.append("<tr><td class=\"num\">").append(row.line()).append("</td><td>")
                        .append(esc(String.join("; ", row.reasons()))).append("</td><td class=\"mono\">").append(esc(row.raw()))
                        .append("</td></tr>");
            }
            b.append("</tbody></table></div>");
        }
        if (!v.outputs().isEmpty()) {
            b.append("<h2>Outputs</h2><div class=\"scroll\"><table><thead><tr><th>Key</th><th class=\"num\">Size</th><th></th>")
                    .append("</tr></thead><tbody>");
            for (FileView.Output o : v.outputs()) {
                b.append("<tr><td class=\"mono\">").append(esc(o.key())).append("</td><td class=\"num\">")
                        .append(o.size().map(Pages::size).orElse("gone")).append("</td><td>")
                        .append(o.link().filter(l -> o.size().isPresent())
                                .map(l -> "<a href=\"" + esc(l) + "\" rel=\"noreferrer\">download</a>").orElse(""))
                        .append("</td></tr>");
            }
            b.append("</tbody></table></div>");
        }
        if (!r.dlqMessageIds().isEmpty()) {
            b.append("<h2>In the dead-letter queue</h2><ul>");
            r.dlqMessageIds().forEach(id -> b.append("<li class=\"mono\">").append(esc(id)).append("</li>"));
            b.append("</ul><p><a href=\"/dlq\">DLQ page</a></p>");
        }
        b.append("<h2>Commands</h2><pre class=\"commands\">");
        v.commands().forEach(c -> b.append(esc(c)).append('\n'));
        b.append("</pre>");
        return b.toString();
    }

    // ---- DLQ ----

    static String dlq(DlqStatus s, List<PeekedMessage> peeked, boolean readOnly) {
        StringBuilder b = new StringBuilder(8192);
        b.append("<h1>Dead-letter queue</h1><div class=\"tiles\">")
                .append(tile("waiting in the DLQ", String.format(Locale.ROOT, "%,d", s.dlq().visible())))
                .append(tile("oldest message", s.oldestDlqMessageAgeSeconds().map(a -> duration(Duration.ofSeconds(a))).orElse("–")))
                .append(tile("files queue", String.format(Locale.ROOT, "%,d waiting, %,d in flight", s.queue().visible(),
                        s.queue().inFlight())))
                .append("</div>");
        b.append("<dl class=\"facts\"><dt>DLQ</dt><dd class=\"mono\">").append(esc(s.dlq().url())).append("</dd><dt>Files queue</dt>")
                .append("<dd class=\"mono\">").append(esc(s.queue().url())).append("</dd><dt>Redrive tasks</dt><dd>")
                .append(!s.moveTasksSupported() ? "this endpoint has no message-move tasks"
                        : s.moveTasks().isEmpty() ? "none running" : s.moveTasks().size() + " running")
                .append("</dd></dl>");
        if (!readOnly && s.dlq().total() > 0) {
            b.append("<p class=\"actions\"><a class=\"button\" href=\"/dlq/redrive\">Redrive…</a> ")
                    .append("<a class=\"button danger\" href=\"/dlq/purge\">Purge…</a></p>");
        }
        b.append("<h2>Messages (peeked, nothing consumed)</h2>");
        b.append(messages(peeked));
        return b.toString();
    }

    static String messages(List<PeekedMessage> peeked) {
        if (peeked.isEmpty()) {
            return "<p class=\"empty\">No messages.</p>";
        }
        StringBuilder b = new StringBuilder();
        b.append("<div class=\"scroll\"><table><thead><tr><th>Message</th><th class=\"num\">Receives</th><th>Sent</th>")
                .append("<th>File</th></tr></thead><tbody>");
        for (PeekedMessage m : peeked) {
            b.append("<tr><td class=\"mono\">").append(esc(m.messageId())).append("</td><td class=\"num\">").append(m.receiveCount())
                    .append("</td><td>").append(m.sentAt().map(Pages::time).orElse("?")).append("</td><td>");
            for (ObjectRef o : m.objects()) {
                b.append("<div class=\"key\"><a href=\"/file?id=").append(esc(q(o.fileId()))).append("\">s3://").append(esc(o.bucket()))
                        .append('/').append(esc(o.key())).append("</a> <span class=\"meta\">receipt: ").append(esc(o.receiptStatus()))
                        .append("</span></div>");
            }
            m.problem().ifPresent(p -> b.append("<div class=\"problem\">not an S3 notification: ").append(esc(p)).append("</div>"));
            b.append("</td></tr>");
        }
        return b.append("</tbody></table></div>").toString();
    }

    static String redriveConfirm(RedriveResult dry, String token) {
        StringBuilder b = new StringBuilder();
        b.append("<h1>Redrive the DLQ</h1><p>Dry run: <strong>").append(String.format(Locale.ROOT, "%,d", dry.before()))
                .append("</strong> message(s) would move back to the files queue. The first ones:</p>").append(messages(dry.sample()));
        b.append("<form method=\"post\" action=\"/dlq/redrive\"><input type=\"hidden\" name=\"csrf\" value=\"").append(esc(token))
                .append("\"><label class=\"confirm\"><input type=\"checkbox\" name=\"confirm\" value=\"yes\" required> ")
                .append("Move these messages back to the files queue</label> <button type=\"submit\">Redrive</button> ")
                .append("<a href=\"/dlq\">Cancel</a></form>");
        return b.toString();
    }

    static String redriveDone(RedriveResult r) {
        StringBuilder b = new StringBuilder("<h1>Redrive</h1>");
        b.append("<p class=\"").append(r.succeeded() ? "ok" : "problem").append("\">").append(esc(r.method())).append(" redrive: ")
                .append(r.moved()).append(" of ").append(r.before()).append(" message(s) moved back to the files queue; ")
                .append(r.remaining()).append(" left in the DLQ.</p>");
        r.failure().ifPresent(f -> b.append("<p class=\"problem\">").append(esc(f)).append("</p>"));
        return b.append("<p><a href=\"/dlq\">Back to the DLQ</a></p>").toString();
    }

    static String purgeConfirm(QueueDepth depth, String token) {
        return "<h1>Purge the DLQ</h1><p class=\"problem\">This deletes about <strong>" + String.format(Locale.ROOT, "%,d",
                depth.total()) + "</strong> message(s) from <span class=\"mono\">" + esc(depth.url()) + "</span> for good. "
                + "Their files will not be processed unless replayed.</p>"
                + "<form method=\"post\" action=\"/dlq/purge\"><input type=\"hidden\" name=\"csrf\" value=\"" + esc(token) + "\">"
                + "<label>Type <code>purge</code> to confirm <input type=\"text\" name=\"confirm\" required autocomplete=\"off\"></label> "
                + "<button class=\"danger\" type=\"submit\">Purge</button> <a href=\"/dlq\">Cancel</a></form>";
    }

    static String purgeDone(List<DeadLetterQueue.Purged> deleted) {
        StringBuilder b = new StringBuilder("<h1>Purge</h1><p>").append(deleted.size()).append(" message(s) deleted.</p><ul>");
        for (DeadLetterQueue.Purged p : deleted) {
            b.append("<li><span class=\"mono\">").append(esc(p.messageId())).append("</span> ");
            p.objects().forEach(o -> b.append("<span class=\"key\">s3://").append(esc(o.bucket())).append('/').append(esc(o.key()))
                    .append("</span> "));
            p.problem().ifPresent(x -> b.append(esc(x)));
            b.append("</li>");
        }
        return b.append("</ul><p><a href=\"/dlq\">Back to the DLQ</a></p>").toString();
    }

    // ---- Today ----

    static String today(TodayView t, int refreshSeconds) {
        StringBuilder b = new StringBuilder(32_768);
        b.append("<h1>Today, ").append(esc(t.date())).append(" (UTC)</h1><div class=\"tiles\">")
                .append(tile("files", String.format(Locale.ROOT, "%,d", t.filesTotal())))
                .append(tile("records", String.format(Locale.ROOT, "%,d", t.recordsTotal())))
                .append(tile("reject rate", String.format(Locale.ROOT, "%.2f %%", 100 * t.rejectRate())))
                .append(tile("quarantined", String.format(Locale.ROOT, "%,d", t.quarantines().size())));
        List<Duration> p = t.latencyPercentiles();
        String[] names = {"p50", "p90", "p99", "max"};
        for (int i = 0; i < p.size(); i++) {
            b.append(tile("latency " + names[i], duration(p.get(i))));
        }
        b.append("</div>");
        if (t.rowsKnown() < t.filesTotal()) {
            b.append("<p class=\"meta\">Receipt figures from ").append(String.format(Locale.ROOT, "%,d of %,d", t.rowsKnown(),
                    t.filesTotal())).append(" files so far; each refresh reads more.</p>");
        }
        b.append("<p class=\"meta\">Refreshes every ").append(refreshSeconds).append(" s. Upload → receipt latency is from the ")
                .append("S3 event time to the receipt.</p>");
        b.append("<h2>Files per 5 minutes</h2>").append(Charts.bars("files per 5 minutes", t.files(), null));
        b.append("<h2>Records per 5 minutes <span class=\"legend\"><span class=\"swatch bar\"></span>read ")
                .append("<span class=\"swatch bar2\"></span>rejected</span></h2>")
                .append(Charts.bars("records read and rejected per 5 minutes", t.records(), t.rejected()));
        b.append("<h2>Quarantined files</h2>");
        if (t.quarantines().isEmpty()) {
            b.append("<p class=\"empty\">None.</p>");
        } else {
            b.append("<ul class=\"quarantines\">");
            t.quarantines().stream().limit(50).forEach(r -> b.append("<li>").append(time(r.processedAt())).append(' ')
                    .append(fileLink(r)).append(" <span class=\"code\">").append(esc(r.reasonCode().orElse("?")))
                    .append("</span></li>"));
            b.append("</ul>");
        }
        return b.toString();
    }

    private static String tile(String label, String value) {
        return "<div class=\"tile\"><div class=\"value\">" + esc(value) + "</div><div class=\"label\">" + esc(label) + "</div></div>";
    }

    // ---- Reports ----

    static String reports(List<LocalDate> dates, Optional<String> bucket) {
        StringBuilder b = new StringBuilder("<h1>Daily reports</h1>");
        if (bucket.isEmpty()) {
            return b.append("<p class=\"empty\">No reports bucket configured (--reports-bucket or EVENTPIPE_REPORTS_BUCKET).</p>")
                    .toString();
        }
        b.append("<p class=\"meta\">From s3://").append(esc(bucket.get())).append("/daily/</p>");
        if (dates.isEmpty()) {
            return b.append("<p class=\"empty\">No reports yet.</p>").toString();
        }
        b.append("<ul class=\"reports\">");
        dates.forEach(d -> b.append("<li><a href=\"/reports/").append(esc(d)).append("\">").append(esc(d)).append("</a></li>"));
        return b.append("</ul>").toString();
    }

    static String error(String message) {
        return "<h1>Something went wrong</h1><p class=\"problem\">" + esc(message) + "</p>";
    }
}
