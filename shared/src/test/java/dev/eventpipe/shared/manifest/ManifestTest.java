package dev.eventpipe.shared.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ManifestTest {

    private static final List<Long> NINE_AM = hours(9, 3);
    private static final Manifest.Sketches SKETCHES = new Manifest.Sketches("", "", "");

    @Test
    void acceptsAConsistentManifest() {
        Manifest manifest = manifest(3, Map.of("click", new Manifest.Counts(3, NINE_AM)), List.of("a", "b"));

        assertThat(manifest.records()).isEqualTo(3);
    }

    @Test
    void rejectsCounts_thatDoNotAddUpToTheRecords() {
        assertThatThrownBy(() -> manifest(3, Map.of("click", new Manifest.Counts(2, hours(9, 2))), List.of("a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("by_event_type adds up to 2");
        assertThatThrownBy(() -> new Manifest.Counts(3, hours(9, 2)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsAnExactUserList_thatIsNotSortedAndDistinct() {
        Map<String, Manifest.Counts> byType = Map.of("click", new Manifest.Counts(3, NINE_AM));

        assertThatThrownBy(() -> manifest(3, byType, List.of("b", "a"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> manifest(3, byType, List.of("a", "a"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsAnAmountSummary_withMinAboveMax() {
        assertThatThrownBy(() -> new Manifest.Amount(2, BigDecimal.ONE, BigDecimal.TEN, BigDecimal.ONE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void failsWithInvalidManifestException_onUnreadableJson() {
        assertThatThrownBy(() -> Manifest.fromJson("{\"schema_version\":2}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidManifestException.class).hasMessageContaining("schema_version 2");
        assertThatThrownBy(() -> Manifest.fromJson("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidManifestException.class);
    }

    @Test
    void failsWithInvalidManifestException_onACorruptSketch() {
        Manifest manifest = new Manifest(1, "0123456789abcdef0123456789abcdef", Events.DAY, 3,
                Instant.parse("2026-11-25T09:00:00Z"), Instant.parse("2026-11-25T09:30:00Z"), NINE_AM,
                Map.of("click", new Manifest.Counts(3, NINE_AM)), Map.of("", new Manifest.Counts(3, NINE_AM)),
                Optional.empty(), Optional.empty(), new Manifest.Sketches("AAAA", "!!", "AAAA"));

        assertThatThrownBy(manifest::users).isInstanceOf(InvalidManifestException.class).hasMessageContaining("users");
        assertThatThrownBy(manifest::topUsers).isInstanceOf(InvalidManifestException.class);
    }

    private static Manifest manifest(long records, Map<String, Manifest.Counts> byType, List<String> users) {
        return new Manifest(1, "0123456789abcdef0123456789abcdef", Events.DAY, records,
                Instant.parse("2026-11-25T09:00:00Z"), Instant.parse("2026-11-25T09:30:00Z"), hours(9, records),
                byType, Map.of("", new Manifest.Counts(records, hours(9, records))), Optional.empty(),
                Optional.of(users), SKETCHES);
    }

    private static List<Long> hours(int hour, long records) {
        List<Long> hours = new java.util.ArrayList<>(Collections.nCopies(24, 0L));
        hours.set(hour, records);
        return hours;
    }
}
