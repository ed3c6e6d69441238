package dev.eventpipe.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipe.ingest.receipt.FileReport;
import dev.eventpipe.ingest.receipt.ReceiptLookup;
import dev.eventpipe.shared.receipt.Receipt;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FileViewTest {

    static final String HOSTILE_KEY = "in/<img src=x onerror=alert(1)> \"q\" 'it''s' ü日本.csv";

    static Receipt receipt(String key, Receipt.Status status, Optional<String> reason) {
        Instant received = Instant.parse("2026-11-25T10:00:00Z");
        return new Receipt(1, "0123456789abcdef0123456789abcdef", new Receipt.Source("in", key, Optional.of("v1"), "e1", 1234),
                status, reason.map(r -> "bad_header"), reason, "csv", "events v1", new Receipt.Rows(3, 2, 1),
                List.of("events/dt=2026-11-25/0123456789abcdef0123456789abcdef.jsonl.gz",
                        "rejects/dt=2026-11-25/0123456789abcdef0123456789abcdef.jsonl.gz"),
                List.of(LocalDate.of(2026, 11, 25)), received, received.plusMillis(1500), 400, 1234, "1.0",
                new TreeMap<>(Map.of("invalid_timestamp", new Receipt.RejectReason(1, List.of(3L)))), 1, List.of());
    }

    static FileReport report(Receipt r, List<ReceiptLookup.RejectedRow> rejects) {
        return new FileReport(r.source().bucket(), r.source().key(), r.source().versionId(), Optional.of("e1"),
                r.status() == Receipt.Status.PROCESSED ? FileReport.State.PROCESSED : FileReport.State.QUARANTINED,
                Optional.of(r.fileId()), Optional.of(r), rejects, List.of(), r.reason().orElse("2 valid and 1 rejected row(s)"));
    }

    @Test
    void timeline_goesFromUploadToReceipt() {
        FileView v = FileView.of(report(receipt("a.csv", Receipt.Status.PROCESSED, Optional.empty()), List.of()), Map.of(),
                Map.of());

        assertThat(v.timeline()).extracting(FileView.Step::at).containsExactly(Instant.parse("2026-11-25T10:00:00Z"),
                Instant.parse("2026-11-25T10:00:01.100Z"), Instant.parse("2026-11-25T10:00:01.500Z"));
    }

    @Test
    void outputs_carryTheirSizesAndLinks_andAGoneOneHasNoLink() {
        Receipt r = receipt("a.csv", Receipt.Status.PROCESSED, Optional.empty());
        String events = r.outputs().get(0);
        FileView v = FileView.of(report(r, List.of()), Map.of(events, 99L),
                Map.of(events, URI.create("http://s3/x?X-Amz-Signature=1&b=2"), r.outputs().get(1), URI.create("http://s3/y")));

        assertThat(v.outputs().get(0).size()).contains(99L);
        assertThat(v.outputs().get(1).size()).isEmpty();
        String html = Pages.file(v);
        assertThat(html).contains("href=\"http://s3/x?X-Amz-Signature=1&amp;b=2\"", "99 B", "gone")
                .doesNotContain("http://s3/y");
    }

    @Test
    void commands_quoteTheKeyForTheShell() {
        FileView v = FileView.of(report(receipt("it's here.csv", Receipt.Status.PROCESSED, Optional.empty()), List.of()),
                Map.of(), Map.of());

        assertThat(v.commands()).containsExactly(
                "eventpipe receipt 's3://in/it'\\''s here.csv' --version-id v1",
                "eventpipe replay --bucket in --prefix 'it'\\''s here.csv' --dry-run --force",
                "eventpipe replay --bucket in --prefix 'it'\\''s here.csv' --force");
        assertThat(FileView.shell("incoming/plain-1.csv")).isEqualTo("incoming/plain-1.csv");
    }

    @Test
    void hostileKeyReasonAndRow_renderEscaped() {
        Receipt r = receipt(HOSTILE_KEY, Receipt.Status.QUARANTINED, Optional.of("header <b>bold</b> & \"quoted\""));
        FileView v = FileView.of(report(r, List.of(new ReceiptLookup.RejectedRow(3, List.of("x: <i>bad</i>"),
                "<script>alert('row')</script>"))), Map.of(), Map.of());

        String html = Pages.layout(HOSTILE_KEY, "files", Pages.file(v), 0);

        assertThat(html).doesNotContain("<img", "<script", "<b>bold", "<i>bad")
                .contains("&lt;img src=x onerror=alert(1)&gt; &quot;q&quot; &#39;it&#39;&#39;s&#39; ü日本.csv",
                        "header &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;", "&lt;script&gt;alert(&#39;row&#39;)&lt;/script&gt;");
    }
}
