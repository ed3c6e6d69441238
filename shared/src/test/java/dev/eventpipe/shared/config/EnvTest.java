package dev.eventpipe.shared.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvTest {

    @Test
    void namesVariable_whenRequiredMissing() {
        assertThatThrownBy(() -> Env.of(Map.of()).required("EVENTPIPE_PROCESSED_BUCKET"))
                .isInstanceOf(ConfigException.class).hasMessage("EVENTPIPE_PROCESSED_BUCKET is required but not set");
    }

    @Test
    void parsesSizesWithUnits() {
        Env env = Env.of(Map.of("A", "64MiB", "B", "2GiB", "C", "512", "D", "10 KB"));

        assertThat(env.bytes("A", 0, 0, Long.MAX_VALUE)).isEqualTo(64L << 20);
        assertThat(env.bytes("B", 0, 0, Long.MAX_VALUE)).isEqualTo(2L << 30);
        assertThat(env.bytes("C", 0, 0, Long.MAX_VALUE)).isEqualTo(512);
        assertThat(env.bytes("D", 0, 0, Long.MAX_VALUE)).isEqualTo(10L << 10);
        assertThat(env.bytes("E", 7, 0, Long.MAX_VALUE)).isEqualTo(7);
    }

    @Test
    void refusesOutOfRangeAndGarbage() {
        Env env = Env.of(Map.of("A", "lots", "B", "0", "C", "maybe"));

        assertThatThrownBy(() -> env.bytes("A", 0, 1, 10)).hasMessageContaining("A must be a size");
        assertThatThrownBy(() -> env.intValue("B", 5, 1, 10)).hasMessageContaining("between 1 and 10");
        assertThatThrownBy(() -> env.bool("C", true)).hasMessageContaining("true or false");
    }

    @Test
    void splitsLists_andTreatsBlankAsUnset() {
        Env env = Env.of(Map.of("L", " a, b ,,c ", "BLANK", "  "));

        assertThat(env.list("L")).containsExactly("a", "b", "c");
        assertThat(env.optional("BLANK")).isEmpty();
        assertThat(env.list("MISSING")).isEmpty();
    }

    enum Mode { GZIP, NONE }

    @Test
    void readsChoices_caseInsensitively() {
        assertThat(Env.of(Map.of("M", "None")).choice("M", Mode.class, Mode.GZIP)).isEqualTo(Mode.NONE);
        assertThatThrownBy(() -> Env.of(Map.of("M", "zip")).choice("M", Mode.class, Mode.GZIP))
                .hasMessageContaining("[gzip, none]");
    }
}
