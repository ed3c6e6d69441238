package dev.eventpipe.ingest.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipe.shared.audit.IndexedReceipts;
import dev.eventpipe.shared.audit.Reconciliation;
import dev.eventpipe.shared.json.Json;
import dev.eventpipe.shared.layout.Layout;
import dev.eventpipe.shared.receipt.Receipt;
import dev.eventpipe.shared.receipt.Receipts;
import dev.eventpipe.shared.rollup.Covered;
import dev.eventpipe.shared.rollup.RollupCover;
import dev.eventpipe.shared.store.ListedObject;
import dev.eventpipe.testkit.store.CountingObjectStore;
import dev.eventpipe.testkit.store.InMemoryObjectStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The audit's view of the processing-date index: listed, its roll-ups read, the entries they cover not read. */
class IndexedReceiptsTest {

    private static final String BUCKET = "processed";
    private static final LocalDate DAY = LocalDate.of(2026, 11, 25);
    private static final String PREFIX = Layout.processedOnPrefix(DAY);
    private static final String A = "0".repeat(31) + "a";
    private static final String B = "0".repeat(31) + "b";
    private static final Covered.Outcome PROCESSED = new Covered.Outcome("processed", null, 1);
    private static final Covered.Outcome QUARANTINED = new Covered.Outcome("quarantined", "bad_header", 2);

    private final InMemoryObjectStore memory = new InMemoryObjectStore();
    private final CountingObjectStore store = new CountingObjectStore(memory);
    private static final ExecutorService POOL = Executors.newFixedThreadPool(2);

    private final IndexedReceipts lookup = new IndexedReceipts(store, BUCKET, POOL);

    @AfterAll
    static void stopPool() {
        POOL.shutdownNow();
    }

    @Test
    void entriesARollupCovers_comeWithTheirOutcome_andOnlyTheRollupIsRead() {
        entry("a", "{\"a\":1}");
        entry("b", "{\"b\":1}");
        rollUp("at=2026-11-25T10.json", Map.of("a", PROCESSED, "b", QUARANTINED));
        entry("c", "{\"c\":1}"); // since the roll-up: not covered yet
        long before = store.gets();

        Map<String, Optional<Covered.Outcome>> entries = lookup.entries(DAY);

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

        assertThat(lookup.entries(DAY)).containsOnly(Map.entry("a", Optional.empty()), Map.entry("b", Optional.empty()));
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

        assertThat(lookup.entries(DAY)).containsOnly(Map.entry("a", Optional.of(PROCESSED)), Map.entry("b", Optional.empty()));
    }

    @Test
    void aDayWithoutEntries_isEmpty() {
        assertThat(lookup.entries(DAY)).isEmpty();
    }

    @Test
    void find_takesEachFilesNewestEntry_fromItsRollupWhenCovered_elseReadingIt() throws Exception {
        memory.put(BUCKET, Layout.processedOnPrefix(DAY.minusDays(1)) + A + ".json", receiptJson(A, 1), "application/json");
        memory.put(BUCKET, PREFIX + A + ".json", receiptJson(A, 2), "application/json"); // replayed a day later
        memory.put(BUCKET, PREFIX + B + ".json", receiptJson(B, 1), "application/json");
        rollUp("at=2026-11-25T10.json", Map.of(B, QUARANTINED)); // the roll-up's word is taken, B is not read
        AtomicInteger counted = new AtomicInteger();
        long before = store.gets();

        Map<String, Reconciliation.Indexed> found = lookup.find(List.of(A, B, "f".repeat(32)), DAY.minusDays(1), DAY.plusDays(1),
                counted::incrementAndGet);

        assertThat(found).containsOnlyKeys(A, B);
        assertThat(found.get(A)).isEqualTo(new Reconciliation.Indexed("processed", Optional.empty(), 2,
                List.of(DAY.minusDays(1), DAY)));
        assertThat(found.get(B)).isEqualTo(new Reconciliation.Indexed("quarantined", Optional.of("bad_header"), 2, List.of(DAY)));
        assertThat(counted).hasValue(2);
        assertThat(store.gets() - before).as("the roll-up and A's newest entry").isEqualTo(2);
    }

    /** An index entry: a processed receipt of generation {@code generation}. */
    private static byte[] receiptJson(String id, int generation) {
        Instant at = Instant.parse("2026-11-25T10:00:00Z");
        return Receipts.toJson(new Receipt(Receipt.SCHEMA_VERSION, id, new Receipt.Source("in", id + ".csv", Optional.empty(), "e", 10),
                Receipt.Status.PROCESSED, Optional.empty(), Optional.empty(), "csv", "events v1", new Receipt.Rows(1, 1, 0),
                List.of(), List.of(), at, at, 1, 10, "test", new TreeMap<>(), generation, List.of()));
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
