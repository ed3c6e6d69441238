package dev.eventpipe.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipe.processor.file.Harness;
import dev.eventpipe.processor.file.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SnapStart's priming: the whole per-file path once, on a store of its own. */
class PrimingTest {

    @Test
    void processesTheSyntheticFile_evenWithAnInputAllowList_andLeavesTheRealStoreAndMetricsUntouched() {
        Harness h = new Harness(); // its settings allow only eventpipe-input

        List<Outcome> outcomes = Priming.prime(h.app);

        assertThat(outcomes).singleElement().isInstanceOfSatisfying(Outcome.Processed.class, p -> {
            assertThat(p.receipt().rows().valid()).isEqualTo(1);
            assertThat(p.receipt().rows().rejected()).isEqualTo(1);
        });
        assertThat(h.keys("")).isEmpty();
        assertThat(h.metrics.flushes()).isZero();
    }
}
