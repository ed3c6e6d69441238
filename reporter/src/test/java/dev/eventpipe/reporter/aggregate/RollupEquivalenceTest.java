package dev.eventpipe.reporter.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipe.reporter.Uploads;
import dev.eventpipe.reporter.Uploads.Rec;
import dev.eventpipe.shared.layout.FileId;
import dev.eventpipe.shared.layout.Layout;
import dev.eventpipe.shared.receipt.Receipt;
import dev.eventpipe.shared.receipt.Receipts;
import dev.eventpipe.shared.rollup.Covered;
import dev.eventpipe.shared.rollup.RollupCover;
import dev.eventpipe.shared.store.ObjectStore;
import dev.eventpipe.testkit.store.CountingObjectStore;
import dev.eventpipe.testkit.store.InMemoryObjectStore;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The report from roll-ups against the report from every per-file document, over generated days on which
 * files arrive, are delivered twice, are replayed (same day and later, with superseded outputs deleted),
 * arrive late, are quarantined or unreadable, while roll-ups are built at random hours in between: the
 * figures must be equal, whatever was rolled up when.
 */
class RollupEquivalenceTest {

    private static final ExecutorService POOL = Executors.newFixedThreadPool(4);
    private static final String[] TYPES = {"page_view", "click", "purchase", "login"};
    private static final String[] ACTIONS = {"view", "pay", null};
    private static final String[] ZONES = {"UTC", "Europe/Berlin", "America/New_York", "Australia/Sydney", "Pacific/Auckland"};

    @AfterAll
    static void stopPool() {
        POOL.shutdownNow();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30})
    void rollupsGiveTheFiguresOfEveryDocument_onGeneratedDays(int seed) {
        Random rnd = new Random(seed);
        LocalDate[] dates = {LocalDate.of(2026, 11, 25), LocalDate.of(2026, 3, 29), LocalDate.of(2026, 10, 25),
                LocalDate.of(2026, 11, 1)};
        ReportDay day = new ReportDay(dates[rnd.nextInt(dates.length)], ZoneId.of(ZONES[rnd.nextInt(ZONES.length)]));
        CountingObjectStore store = new CountingObjectStore(new InMemoryObjectStore());
        Uploads uploads = new Uploads(store);
        RollupBuilder builder = new RollupBuilder(store, Uploads.PROCESSED, POOL, 8);

        List<Instant> times = new ArrayList<>();
        int steps = 20 + rnd.nextInt(60);
        for (int i = 0; i < steps; i++) {
            times.add(day.start().minus(Duration.ofHours(20)).plusSeconds(rnd.nextInt(60 * 3600)));
        }
        times.sort(Comparator.naturalOrder());
        List<String> keys = new ArrayList<>();
        List<Integer> fileSizes = new ArrayList<>();
        for (int step = 0; step < times.size(); step++) {
            Instant now = times.get(step);
            int what = rnd.nextInt(20);
            if (what < 4) { // the hourly run, looking back one or two days
                builder.rollUpRecent(now, 1 + rnd.nextInt(2));
            } else if (what < 6 && !keys.isEmpty()) { // a forced replay: other records, written now
                int f = rnd.nextInt(keys.size());
                replay(uploads, store, keys.get(f), records(rnd, now, 1 + rnd.nextInt(30), 2), rnd, now);
            } else if (what < 7 && !keys.isEmpty()) { // a duplicate delivery rewrites the same bytes: nothing changes
                continue;
            } else if (what < 8) {
                uploads.quarantined("in/q" + step + ".csv", "bad_header", "no timestamp column", now.minusSeconds(rnd.nextInt(60)), now);
            } else if (what < 9) { // an unreadable manifest under a date of the day
                LocalDate d = LocalDate.ofInstant(now, ZoneOffset.UTC);
                store.put(Uploads.PROCESSED, Layout.manifestPrefix(d) + String.format("%032x", step) + ".json",
                        "{\"schema_version\": 1".getBytes(StandardCharsets.UTF_8), "application/json");
            } else { // a file; now and then a late one, its records days before it arrives
                String key = (rnd.nextBoolean() ? "partner/" : "app/") + "f" + step + ".csv";
                int lateDays = rnd.nextInt(6) == 0 ? 2 + rnd.nextInt(2) : 0;
                processed(uploads, key, records(rnd, now.minus(Duration.ofDays(lateDays)), rnd.nextInt(40), 2), rnd, now);
                keys.add(key);
            }
        }

        assertSameFigures(store, day);
        assertSameFigures(store, day.minusDays(1));
        // and once everything recent is rolled up, the report reads roll-ups, not files
        Instant after = day.end().plus(Duration.ofHours(1));
        builder.rollUpRecent(after, 2);
        assertSameFigures(store, day);
        long perFile = gets(store, day, DayAggregator.Reads.PER_FILE);
        long rolled = gets(store, day, DayAggregator.Reads.ROLLUPS);
        long rollups = 0;
        for (LocalDate utc : day.utcDates()) {
            rollups += store.list(Uploads.PROCESSED, Layout.rollupPrefix(Layout.processedOnPrefix(utc)), 1000).size()
                    + store.list(Uploads.PROCESSED, Layout.rollupPrefix(Layout.manifestPrefix(utc)), 1000).size();
        }
        assertThat(rolled).isEqualTo(rollups); // one GET per roll-up, none per file
        assertThat(rollups).isLessThanOrEqualTo(perFile);
    }

    @Test
    void reRunInTheSameHour_rewritesTheSameRollup() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        Uploads uploads = new Uploads(store);
        Instant noon = Instant.parse("2026-11-25T12:00:00Z");
        Random rnd = new Random(7);
        processed(uploads, "a.csv", records(rnd, noon, 20, 1), rnd, noon);
        RollupBuilder builder = new RollupBuilder(store, Uploads.PROCESSED, POOL, 8);

        builder.rollUpRecent(noon.plusSeconds(60), 1);
        List<String> first = store.list(Uploads.PROCESSED, "rollups/", 100);
        byte[] firstBytes = store.bytes(Uploads.PROCESSED, first.get(0));
        builder.rollUpRecent(noon.plusSeconds(120), 1);

        assertThat(store.list(Uploads.PROCESSED, "rollups/", 100)).isEqualTo(first);
        assertThat(store.bytes(Uploads.PROCESSED, first.get(0))).isEqualTo(firstBytes);
        // a later hour finds everything covered and writes nothing
        builder.rollUpRecent(noon.plus(Duration.ofHours(1)), 1);
        assertThat(store.list(Uploads.PROCESSED, "rollups/", 100)).isEqualTo(first);
    }

    @Test
    void receiptRollup_recordsEachEntrysOutcome_soTheAuditNeedNotReadTheEntries() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        Uploads uploads = new Uploads(store);
        Instant noon = Instant.parse("2026-11-25T12:00:00Z");
        Random rnd = new Random(11);
        processed(uploads, "a.csv", records(rnd, noon, 5, 1), rnd, noon);
        uploads.quarantined("q.csv", "bad_header", "no timestamp column", noon.minusSeconds(5), noon);

        new RollupBuilder(store, Uploads.PROCESSED, POOL, 8).rollUpReceipts(LocalDate.of(2026, 11, 25), noon.plusSeconds(60));

        String prefix = Layout.processedOnPrefix(LocalDate.of(2026, 11, 25));
        List<String> rollups = store.list(Uploads.PROCESSED, Layout.rollupPrefix(prefix), 10);
        assertThat(rollups).hasSize(1);
        RollupCover cover = RollupCover.fromJson(store.bytes(Uploads.PROCESSED, rollups.get(0)));
        assertThat(cover.prefix()).isEqualTo(prefix);
        List<String> entries = store.list(Uploads.PROCESSED, prefix, 10);
        assertThat(cover.covered()).hasSize(entries.size());
        for (Covered c : cover.covered()) {
            Receipt r = Receipts.fromJson(store.bytes(Uploads.PROCESSED, prefix + c.name()));
            assertThat(c.outcome()).as(c.name())
                    .contains(new Covered.Outcome(r.status().wire(), r.reasonCode().orElse(null), r.generation()));
        }
        assertThat(cover.covered()).extracting(c -> c.receipt().status() + " " + c.receipt().reason())
                .containsExactlyInAnyOrder("processed null", "quarantined bad_header");
    }

    @Test
    void replayedFile_makesItsRollupStale_untilTheNextRunRollsItUpAgain() {
        CountingObjectStore store = new CountingObjectStore(new InMemoryObjectStore());
        Uploads uploads = new Uploads(store);
        Instant noon = Instant.parse("2026-11-25T12:00:00Z");
        Random rnd = new Random(3);
        for (int f = 0; f < 10; f++) {
            processed(uploads, "f" + f + ".csv", records(rnd, noon, 10, 0), rnd, noon.plusSeconds(f));
        }
        RollupBuilder builder = new RollupBuilder(store, Uploads.PROCESSED, POOL, 8);
        builder.rollUpRecent(noon.plus(Duration.ofMinutes(30)), 1);
        ReportDay day = ReportDay.utc(LocalDate.of(2026, 11, 25));

        replay(uploads, store, "f3.csv", records(rnd, noon, 4, 0), rnd, noon.plus(Duration.ofMinutes(40)));
        assertSameFigures(store, day);
        assertThat(gets(store, day, DayAggregator.Reads.ROLLUPS)).isGreaterThan(10); // stale: read one by one

        var results = builder.rollUpRecent(noon.plus(Duration.ofMinutes(70)), 1);
        assertThat(results).anyMatch(r -> r.deleted() > 0);
        assertSameFigures(store, day);
        assertThat(gets(store, day, DayAggregator.Reads.ROLLUPS)).isLessThanOrEqualTo(2);
    }

    @Test
    void manyUsers_beyondTheExactLists_giveTheSameEstimates() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        Uploads uploads = new Uploads(store);
        Instant noon = Instant.parse("2026-11-25T12:00:00Z");
        Random rnd = new Random(11);
        RollupBuilder builder = new RollupBuilder(store, Uploads.PROCESSED, POOL, 8);
        for (int f = 0; f < 12; f++) {
            List<Rec> records = new ArrayList<>();
            for (int i = 0; i < 1_500; i++) { // over 1,000 users a file: no exact list, the HLL counts
                records.add(new Rec(noon.minusSeconds(rnd.nextInt(36_000)), "login", null, "u" + rnd.nextInt(20_000), "1.5"));
            }
            processed(uploads, "big" + f + ".csv", records, rnd, noon.plus(Duration.ofMinutes(10L * f)));
            if (f % 4 == 3) {
                builder.rollUpRecent(noon.plus(Duration.ofMinutes(10L * f + 5)), 1);
            }
        }
        ReportDay day = ReportDay.utc(LocalDate.of(2026, 11, 25));

        DayFigures rolled = assertSameFigures(store, day);
        assertThat(rolled.users().distinctExact()).isFalse();
    }

    private static DayFigures assertSameFigures(ObjectStore store, ReportDay day) {
        DayFigures perFile = new DayAggregator(store, Uploads.PROCESSED, POOL, 8, DayAggregator.Reads.PER_FILE).aggregate(day);
        DayFigures rolled = new DayAggregator(store, Uploads.PROCESSED, POOL, 8, DayAggregator.Reads.ROLLUPS).aggregate(day);
        assertThat(rolled).isEqualTo(perFile);
        return rolled;
    }

    private static long gets(CountingObjectStore store, ReportDay day, DayAggregator.Reads mode) {
        long before = store.gets();
        new DayAggregator(store, Uploads.PROCESSED, POOL, 8, mode).aggregate(day);
        return store.gets() - before;
    }

    private static List<Rec> records(Random rnd, Instant around, int n, int daysBack) {
        List<Rec> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Instant at = around.minusSeconds(rnd.nextInt(Math.max(1, daysBack) * 86_400));
            String amount = rnd.nextInt(3) == 0 ? null : BigDecimal.valueOf(rnd.nextInt(100_000), 2).toPlainString();
            records.add(new Rec(at, TYPES[rnd.nextInt(TYPES.length)], ACTIONS[rnd.nextInt(ACTIONS.length)],
                    "u" + rnd.nextInt(50), amount));
        }
        return records;
    }

    private static Receipt processed(Uploads uploads, String key, List<Rec> records, Random rnd, Instant now) {
        long rejected = rnd.nextInt(3);
        TreeMap<String, Receipt.RejectReason> reasons = new TreeMap<>();
        if (rejected > 0) {
            reasons.put("invalid_timestamp", new Receipt.RejectReason(rejected, List.of(1L + rnd.nextInt(9))));
        }
        return uploads.processed(key, records, rejected, reasons, now.minusMillis(rnd.nextInt(90_000)), now);
    }

    /**
     * What a forced replay leaves: the new outputs at the same keys, the new receipt (its processed-on entry
     * replaced on the same day, a new one on a later day) and the old outputs it did not rewrite deleted.
     */
    private static void replay(Uploads uploads, ObjectStore store, String key, List<Rec> records, Random rnd, Instant now) {
        FileId id = FileId.of(Uploads.INPUT, key, Optional.empty(), "etag-" + key.hashCode());
        List<String> old = store.list(Uploads.PROCESSED, Layout.MANIFESTS, Integer.MAX_VALUE).stream()
                .filter(k -> k.endsWith(id + ".json")).toList();
        Receipt fresh = processed(uploads, key, records, rnd, now);
        for (String k : old) {
            if (!fresh.outputs().contains(k)) {
                store.delete(Uploads.PROCESSED, k);
            }
        }
    }
}
