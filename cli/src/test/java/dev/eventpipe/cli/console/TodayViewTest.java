package dev.eventpipe.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TodayViewTest {

    static final LocalDate DAY = LocalDate.of(2026, 11, 25);
    static final Instant MIDNIGHT = Instant.parse("2026-11-25T00:00:00Z");

    @Test
    void countsFilesPerFiveMinutes_fromTheListing_andRecordsFromReceipts() {
        List<IndexEntry> entries = List.of(Rows.entry(1, MIDNIGHT.plusSeconds(10)), Rows.entry(2, MIDNIGHT.plusSeconds(299)),
                Rows.entry(3, MIDNIGHT.plusSeconds(300)), Rows.entry(4, Instant.parse("2026-11-25T23:59:59Z")),
                Rows.entry(5, Instant.parse("2026-11-26T00:00:00Z")));
        List<FileRow> rows = List.of(
                Rows.row(1, "a.csv", "processed", 90, 10, MIDNIGHT, MIDNIGHT.plusSeconds(10)),
                Rows.row(3, "b.csv", "quarantined", 0, 0, MIDNIGHT.plusSeconds(299), MIDNIGHT.plusSeconds(300)));

        TodayView t = TodayView.of(DAY, entries, rows);

        assertThat(t.files()).hasSize(288);
        assertThat(t.files()[0]).isEqualTo(2);
        assertThat(t.files()[1]).isEqualTo(1);
        assertThat(t.files()[287]).isEqualTo(1);
        assertThat(t.records()[0]).isEqualTo(100);
        assertThat(t.rejected()[0]).isEqualTo(10);
        assertThat(t.filesTotal()).isEqualTo(5);
        assertThat(t.rowsKnown()).isEqualTo(2);
        assertThat(t.rejectRate()).isEqualTo(0.1);
        assertThat(t.quarantines()).extracting(FileRow::key).containsExactly("b.csv");
    }

    @Test
    void latencyPercentiles_areNearestRank() {
        List<Duration> ms = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            ms.add(Duration.ofMillis(i * 10L));
        }

        assertThat(TodayView.percentiles(ms)).containsExactly(Duration.ofMillis(500), Duration.ofMillis(900),
                Duration.ofMillis(990), Duration.ofMillis(1000));
        assertThat(TodayView.percentiles(List.of(Duration.ofSeconds(3)))).containsOnly(Duration.ofSeconds(3));
        assertThat(TodayView.percentiles(List.of())).isEmpty();
    }

    @Test
    void emptyDay_hasNoRejectRateAndNoLatency() {
        TodayView t = TodayView.of(DAY, List.of(), List.of());

        assertThat(t.rejectRate()).isZero();
        assertThat(t.latencyPercentiles()).isEmpty();
        assertThat(Pages.today(t, 5)).contains("files per 5 minutes").doesNotContain("latency p50");
    }
}
