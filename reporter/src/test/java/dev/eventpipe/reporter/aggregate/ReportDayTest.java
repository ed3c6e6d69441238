package dev.eventpipe.reporter.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ReportDayTest {

    @Test
    void utcDay_isOneUtcDateOf24Hours() {
        ReportDay day = ReportDay.utc(LocalDate.of(2026, 11, 25));

        assertThat(day.hours()).isEqualTo(24);
        assertThat(day.utcDates()).containsExactly(LocalDate.of(2026, 11, 25));
        assertThat(day.localHour(LocalDate.of(2026, 11, 25), 13)).isEqualTo(13);
        assertThat(day.localHour(LocalDate.of(2026, 11, 24), 23)).isEqualTo(-1);
    }

    @Test
    void berlinDay_spansTwoUtcDates_shiftedByItsOffset() {
        ReportDay day = new ReportDay(LocalDate.of(2026, 11, 25), ZoneId.of("Europe/Berlin")); // UTC+1

        assertThat(day.utcDates()).containsExactly(LocalDate.of(2026, 11, 24), LocalDate.of(2026, 11, 25));
        assertThat(day.localHour(LocalDate.of(2026, 11, 24), 23)).isEqualTo(0);
        assertThat(day.localHour(LocalDate.of(2026, 11, 25), 22)).isEqualTo(23);
        assertThat(day.localHour(LocalDate.of(2026, 11, 25), 23)).isEqualTo(-1);
    }

    @Test
    void springForward_isA23HourDay_withoutLocalHour2() {
        ReportDay day = new ReportDay(LocalDate.of(2026, 3, 29), ZoneId.of("Europe/Berlin"));

        assertThat(day.hours()).isEqualTo(23);
        assertThat(localHoursSeen(day)).isEqualTo(new int[] {1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1});
    }

    @Test
    void fallBack_isA25HourDay_withLocalHour2Twice() {
        ReportDay day = new ReportDay(LocalDate.of(2026, 10, 25), ZoneId.of("Europe/Berlin"));

        assertThat(day.hours()).isEqualTo(25);
        assertThat(localHoursSeen(day)).isEqualTo(new int[] {1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1});
    }

    @Test
    void refusesZone_whoseOffsetIsNotWholeHours() {
        assertThatThrownBy(() -> new ReportDay(LocalDate.of(2026, 11, 25), ZoneId.of("Asia/Kolkata")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("+05:30");
    }

    private static int[] localHoursSeen(ReportDay day) {
        int[] seen = new int[24];
        for (LocalDate utc : day.utcDates()) {
            for (int h = 0; h < 24; h++) {
                int local = day.localHour(utc, h);
                if (local >= 0) {
                    seen[local]++;
                }
            }
        }
        return seen;
    }
}
