package dev.eventpipe.processor.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class PartialBatchTest {

    private static List<BatchMessage> standard(String... ids) {
        return java.util.Arrays.stream(ids).map(id -> new BatchMessage(id, "body-" + id, Optional.empty())).toList();
    }

    private static List<BatchMessage> fifo(String... ids) {
        return java.util.Arrays.stream(ids).map(id -> new BatchMessage(id, "body-" + id, Optional.of("group"))).toList();
    }

    private static Consumer<BatchMessage> failing(Set<String> ids, List<String> handled) {
        return m -> {
            handled.add(m.messageId());
            if (ids.contains(m.messageId())) {
                throw new IllegalStateException("boom " + m.messageId());
            }
        };
    }

    @Test
    void reportsNothing_whenAllSucceed() {
        List<String> handled = new ArrayList<>();

        assertThat(PartialBatch.process(standard("a", "b", "c"), failing(Set.of(), handled))).isEmpty();
        assertThat(handled).containsExactly("a", "b", "c");
    }

    @Test
    void reportsOnlyFailedIds_andHandlesTheRest_onStandardQueue() {
        List<String> handled = new ArrayList<>();

        List<String> failed = PartialBatch.process(standard("a", "b", "c", "d"), failing(Set.of("b", "d"), handled));

        assertThat(failed).containsExactly("b", "d");
        assertThat(handled).containsExactly("a", "b", "c", "d");
    }

    @Test
    void reportsEveryId_whenAllFail() {
        assertThat(PartialBatch.process(standard("a", "b"), failing(Set.of("a", "b"), new ArrayList<>())))
                .containsExactly("a", "b");
    }

    @Test
    void stopsAtFirstFailure_andFailsTheRest_onFifoQueue() {
        List<String> handled = new ArrayList<>();

        List<String> failed = PartialBatch.process(fifo("a", "b", "c", "d"), failing(Set.of("b"), handled));

        assertThat(failed).containsExactly("b", "c", "d");
        assertThat(handled).containsExactly("a", "b");
    }

    @Test
    void letsErrorFailTheInvocation() {
        Consumer<BatchMessage> oom = m -> {
            throw new OutOfMemoryError("simulated");
        };

        assertThatThrownBy(() -> PartialBatch.process(standard("a"), oom)).isInstanceOf(OutOfMemoryError.class);
    }

    @Test
    void reportsNothing_forEmptyBatch() {
        assertThat(PartialBatch.process(List.of(), m -> {
            throw new AssertionError("not called");
        })).isEmpty();
    }
}
