package dev.eventpipe.reporter.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipe.reporter.report.DailyReport;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The renderings on hostile content: markup in keys and reasons, very long names, many alerts. */
class RenderTest {

    private static final String KEY = "partner/<script>alert('x')</script>&\"quoted\" " + "very-long-folder-name/".repeat(8) + "file.csv";
    private static final String REASON = "header (line 1): <b>bold</b> " + "and a very long explanation ".repeat(10);

    private static DailyReport hostile() {
        List<Long> hours = new ArrayList<>(Collections.nCopies(24, 0L));
        hours.set(9, 12_345L);
        TreeMap<String, Long> types = new TreeMap<>(Map.of("<img src=x onerror=alert(1)>", 5L, "page_view", 12_340L));
        return new DailyReport(1, LocalDate.of(2026, 11, 25), "UTC", 24, Instant.parse("2026-11-26T08:00:00Z"), "test",
                new DailyReport.Totals(2, 1, 1, 12_345, 3, 12_345, 3.0 / 12_348, 1_000_000, 1),
                types, new TreeMap<>(Map.of("", 12_345L)), hours,
                new DailyReport.Users(9, true, 9, 9, List.of(new DailyReport.TopUser("<u>" + "x".repeat(100), 7)), true,
                        LocalDate.of(2026, 11, 25)),
                Optional.of(new DailyReport.Amount(1, new BigDecimal("1234567.891"), new BigDecimal("1234567.89"),
                        BigDecimal.ONE, BigDecimal.TEN, BigDecimal.ONE, BigDecimal.TEN)),
                List.of(LocalDate.of(2026, 11, 24), LocalDate.of(2026, 11, 25)),
                new DailyReport.Quality(List.of(new DailyReport.ReasonCount("invalid_timestamp", 3,
                        List.of(new DailyReport.LineRef("in", KEY, 7)))),
                        List.of(new DailyReport.QuarantinedFile("in", KEY, "bad_header", REASON)), 1,
                        new TreeMap<>(Map.of("partner", 3L))),
                new DailyReport.Operations(Optional.of(new DailyReport.Latency(2, 1_500, 65_000, 3_600_000)), Optional.of(0L),
                        Optional.of(2L), List.of()),
                List.of(), List.of(new DailyReport.Alert("quarantined", "1 file was quarantined: " + KEY)));
    }

    @Test
    void html_escapesEveryPieceOfData_andLoadsNothingFromOutside() {
        String html = HtmlReport.render(hostile());

        assertThat(html).doesNotContain("<script", "<img", "<b>bold", "<u>")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;quoted&quot;", "&lt;img src=x");
        assertThat(html).doesNotContainPattern("(?i)(src|href)\\s*=\\s*\"?(https?:)?//");
        assertThat(html).contains("<meta name=\"viewport\"", "<style>", "<svg");
    }

    @Test
    void text_fits80Columns_whateverTheNames() {
        String text = TextReport.render(hostile());

        assertThat(text.lines()).allSatisfy(line -> assertThat(line.codePointCount(0, line.length())).isLessThanOrEqualTo(80));
        assertThat(text).contains("1,234,567.89", "1.5 s / 1 min 5 s / 1 h 0 min", "2026-11-24 to 2026-11-25 (2 dates)", "…");
    }
}
