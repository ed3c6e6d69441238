package dev.eventpipe.shared.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipe.shared.store.ListedObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoverageTest {

    private static final String PREFIX = "processed-on/dt=2026-11-25/";

    @Test
    void aRollupStandsIn_whileEveryDocumentItCoversIsListedWithItsEtag() {
        List<ListedObject> listed = List.of(doc("a", "1"), doc("b", "2"), doc("c", "3"));
        Coverage<RollupCover> c = Coverage.of(PREFIX, listed, List.of(rollup("r1", PREFIX, covered("a", "1"), covered("b", "2"))));

        assertThat(c.used()).extracting(Coverage.Keyed::key).containsExactly("r1");
        assertThat(c.stale()).isEmpty();
        assertThat(c.uncovered()).containsExactly(doc("c", "3"));
    }

    @Test
    void aRollupIsStale_whenADocumentChangedOrWentAway_andItsDocumentsAreLeftToRead() {
        List<ListedObject> listed = List.of(doc("a", "1"), doc("b", "9"));
        Coverage<RollupCover> changed = Coverage.of(PREFIX, listed, List.of(rollup("r1", PREFIX, covered("a", "1"), covered("b", "2"))));
        Coverage<RollupCover> gone = Coverage.of(PREFIX, listed, List.of(rollup("r1", PREFIX, covered("a", "1"), covered("x", "5"))));

        for (Coverage<RollupCover> c : List.of(changed, gone)) {
            assertThat(c.used()).isEmpty();
            assertThat(c.stale()).containsExactly("r1");
            assertThat(c.uncovered()).containsExactlyElementsOf(listed);
        }
    }

    @Test
    void overlappingRollups_theFirstInKeyOrderStandsIn_theLaterIsStale() {
        List<ListedObject> listed = List.of(doc("a", "1"), doc("b", "2"));
        Coverage<RollupCover> c = Coverage.of(PREFIX, listed, List.of(rollup("r1", PREFIX, covered("a", "1")),
                rollup("r2", PREFIX, covered("a", "1"), covered("b", "2"))));

        assertThat(c.used()).extracting(Coverage.Keyed::key).containsExactly("r1");
        assertThat(c.stale()).containsExactly("r2");
        assertThat(c.uncovered()).containsExactly(doc("b", "2"));
    }

    @Test
    void aRollupOfAnotherPrefix_isStale() {
        List<ListedObject> listed = List.of(doc("a", "1"));
        Coverage<RollupCover> c = Coverage.of(PREFIX, listed, List.of(rollup("r1", "manifests/dt=2026-11-25/", covered("a", "1"))));

        assertThat(c.used()).isEmpty();
        assertThat(c.stale()).containsExactly("r1");
        assertThat(c.uncovered()).containsExactly(doc("a", "1"));
    }

    @Test
    void readsTheCoverAndTheOutcomes_ofARollupDocument_ignoringItsFigures() {
        String json = """
                {"schema_version":1,"prefix":"processed-on/dt=2026-11-25/",
                 "covered":[{"name":"a.json","etag":"1","receipt":{"status":"quarantined","reason":"bad_header","generation":2}},
                            {"name":"b.json","etag":"2"}],
                 "unreadable":["b.json"],"receipts":[{"hour":"2026-11-25T10:00:00Z","processed":1}],"manifests":[]}
                """;

        RollupCover cover = RollupCover.fromJson(json.getBytes(StandardCharsets.UTF_8));

        assertThat(cover.prefix()).isEqualTo(PREFIX);
        assertThat(cover.covered()).containsExactly(
                new Covered("a.json", "1", new Covered.Outcome("quarantined", "bad_header", 2)), new Covered("b.json", "2"));
        assertThat(cover.covered().get(1).outcome()).isEmpty();
    }

    private static ListedObject doc(String name, String etag) {
        return new ListedObject(PREFIX + name, etag);
    }

    private static Covered covered(String name, String etag) {
        return new Covered(name, etag);
    }

    private static Coverage.Keyed<RollupCover> rollup(String key, String prefix, Covered... covered) {
        return new Coverage.Keyed<>(key, new RollupCover(RollupCover.SCHEMA_VERSION, prefix, List.of(covered)));
    }
}
