package dev.eventpipe.local.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SequencerTest {

    @Test
    void grows_evenWhenTheClockStandsStill_andComparesAsAString() {
        Sequencer sequencer = new Sequencer(Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC));

        String first = sequencer.next();
        String second = sequencer.next();

        assertThat(first).matches("[0-9A-F]{18}");
        assertThat(second).isGreaterThan(first);
        assertThat(Long.parseLong(second, 16) - Long.parseLong(first, 16)).isEqualTo(1);
    }

    @Test
    void followsTheClock_soItKeepsGrowingAcrossRestarts() {
        String before = new Sequencer(Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC)).next();
        String after = new Sequencer(Clock.fixed(Instant.parse("2026-11-26T10:00:01Z"), ZoneOffset.UTC)).next();

        assertThat(after).isGreaterThan(before);
    }
}
