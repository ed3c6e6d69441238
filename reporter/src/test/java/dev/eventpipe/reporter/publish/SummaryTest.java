package dev.eventpipe.reporter.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipe.reporter.report.DailyReport;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SummaryTest {

    private static DailyReport report(long files, long rejected, long read, long quarantined, int alerts) {
        List<Long> hours = new java.util.ArrayList<>(java.util.Collections.nCopies(24, 0L));
        List<DailyReport.Alert> list = new java.util.ArrayList<>();
        for (int i = 0; i < alerts; i++) {
            list.add(new DailyReport.Alert("out_of_band", "figure " + i + " moved"));
        }
        return new DailyReport(1, LocalDate.of(2026, 11, 25), "UTC", 24, Instant.parse("2026-11-26T08:00:00Z"), "test",
                new DailyReport.Totals(files + quarantined, files, quarantined, 10, rejected, read - rejected,
                        read == 0 ? 0 : (double) rejected / read, 0, 0),
                new TreeMap<>(), new TreeMap<>(), hours,
                new DailyReport.Users(0, true, 0, 0, List.of(), true, LocalDate.of(2026, 11, 25)), Optional.empty(), List.of(),
                new DailyReport.Quality(List.of(), List.of(), quarantined, new TreeMap<>()),
                new DailyReport.Operations(Optional.empty(), Optional.empty(), Optional.empty(), List.of()), List.of(), list);
    }

    @Test
    void subject_saysTheDateAndHeadline_inTheIssuesWords() {
        assertThat(Summary.subject(report(1_204, 8, 1_000, 2, 0)))
                .isEqualTo("eventpipe 2026-11-25: 1,204 files, 0.8% rejected, 2 quarantined");
    }

    @Test
    void subject_staysUnder100Characters_whateverTheFigures() {
        String subject = Summary.subject(report(Long.MAX_VALUE / 2, 1, 3, Long.MAX_VALUE / 3, 99));

        assertThat(subject.length()).isLessThan(100);
        assertThat(subject).startsWith("eventpipe 2026-11-25: ");
    }

    @Test
    void body_linksTheReport_orNamesItsKeyWithoutALink() {
        assertThat(Summary.body(report(3, 0, 30, 0, 0), Optional.empty(), java.time.Duration.ofHours(12)))
                .contains("daily/2026/11/25/report.html in the reports bucket");
        assertThat(Summary.body(report(3, 0, 30, 0, 0), Optional.of(java.net.URI.create("https://x.test/r")),
                java.time.Duration.ofHours(12))).contains("link valid for 12 hours", "https://x.test/r");
    }
}
