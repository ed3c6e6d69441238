package dev.eventpipe.ingest.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipe.shared.json.Json;
import dev.eventpipe.shared.layout.Layout;
import dev.eventpipe.shared.rollup.Covered;
import dev.eventpipe.shared.rollup.RollupCover;
import dev.eventpipe.shared.store.ListedObject;
import dev.eventpipe.testkit.store.CountingObjectStore;
import dev.eventpipe.testkit.store.InMemoryObjectStore;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The audit's view of a processing date: the index listed, its roll-ups read, the entries they cover not read. */
class ReceiptLookupIndexTest {

    private static final String BUCKET = "processed";
    private static final LocalDate DAY = LocalDate.of(2026, 11, 25);
    private static final String PREFIX = Layout.processedOnPrefix(DAY);
    private static final Covered.Outcome PROCESSED = new Covered.Outcome("processed", null, 1);
    private static final Covered.Outcome QUARANTINED = new Covered.Outcome("quarantined", "bad_header", 2);

    private final InMemoryObjectStore memory = new InMemoryObjectStore();
    private final CountingObjectStore store = new CountingObjectStore(memory);
    private final ReceiptLookup lookup = new ReceiptLookup(store, BUCKET);

    @Test
    void entriesARollupCovers_comeWithTheirOutcome_andOnlyTheRollupIsRead() {
        entry("a", "{\"a\":1}");
        entry("b", "{\"b\":1}");
        rollUp("at=2026-11-25T10.json", Map.of("a", PROCESSED, "b", QUARANTINED));
        entry("c", "{\"c\":1}"); // since the roll-up: not covered yet
        long before = store.gets();

        Map<String, Optional<Covered.Outcome>> entries = lookup.indexEntries(DAY);

        assertThat(entries).containsOnly(Map.entry("a", Optional.of(PROCESSED)), Map.entry("b", Optional.of(QUARANTINED)),
                Map.entry("c", Optional.empty()));
        assertThat(store.gets() - before).as("one GET: the roll-up").isEqualTo(1);
    }

    @Test
    void anEntryRewrittenSinceTheRollup_makesItStale_andEveryEntryIsLeftToRead() {
        entry("a", "{\"a\":1}");
        entry("b", "{\"b\":1}");
        rollUp("at=2026-11-25T10.json", Map.of("a", PROCESSED, "b", PROCESSED));
        entry("b", "{\"b\":2}"); // a forced replay the same day

        assertThat(lookup.indexEntries(DAY)).containsOnly(Map.entry("a", Optional.empty()), Map.entry("b", Optional.empty()));
    }

    @Test
    void anUnreadableRollup_orOneWrittenBeforeOutcomesWereRecorded_leavesItsEntriesToRead() {
        entry("a", "{\"a\":1}");
        entry("b", "{\"b\":1}");
        memory.put(BUCKET, Layout.rollupPrefix(PREFIX) + "at=2026-11-25T09.json", "{\"schema_version\": 1".getBytes(StandardCharsets.UTF_8),
                "application/json");
        rollUp("at=2026-11-25T10.json", Map.of("a", PROCESSED));
        String old = "{\"schema_version\":1,\"prefix\":\"" + PREFIX + "\",\"covered\":[{\"name\":\"b.json\",\"etag\":\"" + etag("b")
                + "\"}],\"receipts\":[],\"manifests\":[]}";
        memory.put(BUCKET, Layout.rollupPrefix(PREFIX) + "at=2026-11-25T11.json", old.getBytes(StandardCharsets.UTF_8),
                "application/json");

        assertThat(lookup.indexEntries(DAY)).containsOnly(Map.entry("a", Optional.of(PROCESSED)), Map.entry("b", Optional.empty()));
    }

    @Test
    void aDayWithoutEntries_isEmpty() {
        assertThat(lookup.indexEntries(DAY)).isEmpty();
    }

    private void entry(String id, String json) {
        memory.put(BUCKET, PREFIX + id + ".json", json.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    private String etag(String id) {
        return memory.listWithEtags(BUCKET, PREFIX + id + ".json", 1).get(0).etag();
    }

    /** A roll-up as the reporter writes it, covering the entries named, each listed now with its ETag. */
    private void rollUp(String name, Map<String, Covered.Outcome> outcomes) {
        List<Covered> covered = new ArrayList<>();
        for (ListedObject o : memory.listWithEtags(BUCKET, PREFIX, 100)) {
            String id = o.key().substring(PREFIX.length(), o.key().length() - ".json".length());
            if (outcomes.containsKey(id)) {
                covered.add(new Covered(id + ".json", o.etag(), outcomes.get(id)));
            }
        }
        try {
            memory.put(BUCKET, Layout.rollupPrefix(PREFIX) + name,
                    Json.mapper().writeValueAsBytes(new RollupCover(RollupCover.SCHEMA_VERSION, PREFIX, covered)), "application/json");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }
}
