package dev.eventpipe.local.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class DailyScheduleTest {

    private static final LocalTime EIGHT = LocalTime.of(8, 0);

    @Test
    void nextRun_isTodayAtEight_whenBefore() {
        assertThat(DailySchedule.nextRun(Instant.parse("2026-11-26T07:59:59Z"), EIGHT, ZoneId.of("UTC")))
                .isEqualTo(Instant.parse("2026-11-26T08:00:00Z"));
    }

    @Test
    void nextRun_isTomorrow_atOrAfterEight() {
        assertThat(DailySchedule.nextRun(Instant.parse("2026-11-26T08:00:00Z"), EIGHT, ZoneId.of("UTC")))
                .isEqualTo(Instant.parse("2026-11-27T08:00:00Z"));
    }

    @Test
    void nextRun_followsTheZone_acrossAClockChange() {
        // Europe/Berlin leaves summer time on 2026-10-25: 08:00 is 06:00Z before and 07:00Z after.
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        assertThat(DailySchedule.nextRun(Instant.parse("2026-10-24T07:00:00Z"), EIGHT, berlin))
                .isEqualTo(Instant.parse("2026-10-25T07:00:00Z"));
        assertThat(DailySchedule.nextRun(Instant.parse("2026-10-23T07:00:00Z"), EIGHT, berlin))
                .isEqualTo(Instant.parse("2026-10-24T06:00:00Z"));
    }

    @Test
    void runAfterAnEarlyFiring_isTomorrow_notTheSamePlanAgain() {
        Instant planned = Instant.parse("2026-11-26T08:00:00Z");
        Instant wallClockAtFiring = Instant.parse("2026-11-26T07:59:59.998Z"); // the timer is monotonic, the plan is not

        assertThat(DailySchedule.following(planned, wallClockAtFiring, EIGHT, ZoneId.of("UTC")))
                .isEqualTo(Instant.parse("2026-11-27T08:00:00Z"));
        assertThat(DailySchedule.following(planned, Instant.parse("2026-11-26T08:00:03Z"), EIGHT, ZoneId.of("UTC")))
                .isEqualTo(Instant.parse("2026-11-27T08:00:00Z"));
    }
}
