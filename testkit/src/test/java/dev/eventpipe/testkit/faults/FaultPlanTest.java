package dev.eventpipe.testkit.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultPlanTest {

    @Test
    void drawsTheSameFaults_forTheSameSeed() {
        List<Fault> first = draw(FaultPlan.spread(0.3, Duration.ZERO, 42, Fault.INTERNAL_ERROR, Fault.TRUNCATED_BODY), 500);
        List<Fault> again = draw(FaultPlan.spread(0.3, Duration.ZERO, 42, Fault.INTERNAL_ERROR, Fault.TRUNCATED_BODY), 500);
        List<Fault> other = draw(FaultPlan.spread(0.3, Duration.ZERO, 43, Fault.INTERNAL_ERROR, Fault.TRUNCATED_BODY), 500);

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void handsOutEachFault_atAboutItsRate_andCountsThem() {
        FaultPlan plan = new FaultPlan(Map.of(Fault.INTERNAL_ERROR, 0.05, Fault.THROTTLING, 0.05, Fault.LATENCY, 0.10),
                Duration.ofMillis(5), 7);

        draw(plan, 20_000);

        assertThat(plan.requests()).isEqualTo(20_000);
        assertThat(plan.count(Fault.INTERNAL_ERROR)).isBetween(800L, 1_200L);
        assertThat(plan.count(Fault.THROTTLING)).isBetween(800L, 1_200L);
        assertThat(plan.count(Fault.LATENCY)).isBetween(1_700L, 2_300L);
        assertThat(plan.count(Fault.RESET_MID_RESPONSE)).isZero();
        assertThat(plan.failed()).isEqualTo(plan.count(Fault.INTERNAL_ERROR) + plan.count(Fault.THROTTLING));
        assertThat(plan.counts().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(20_000);
    }

    @Test
    void none_neverFails() {
        FaultPlan plan = FaultPlan.none();

        assertThat(draw(plan, 1_000)).containsOnly(Fault.NONE);
        assertThat(plan.failed()).isZero();
    }

    @Test
    void refusesRatesThatCannotBe() {
        assertThatThrownBy(() -> new FaultPlan(Map.of(Fault.INTERNAL_ERROR, 0.7, Fault.SLOW_DOWN, 0.4), Duration.ZERO, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than 1");
        assertThatThrownBy(() -> new FaultPlan(Map.of(Fault.INTERNAL_ERROR, -0.1), Duration.ZERO, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FaultPlan(Map.of(Fault.NONE, 0.5), Duration.ZERO, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FaultPlan(Map.of(), Duration.ofMillis(-1), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Fault> draw(FaultPlan plan, int n) {
        List<Fault> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(plan.next());
        }
        return out;
    }
}
