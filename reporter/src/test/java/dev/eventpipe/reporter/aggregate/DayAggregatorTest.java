package dev.eventpipe.reporter.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipe.reporter.Uploads;
import dev.eventpipe.reporter.Uploads.Rec;
import dev.eventpipe.reporter.report.DailyReport;
import dev.eventpipe.shared.receipt.Receipt;
import dev.eventpipe.testkit.store.InMemoryObjectStore;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The aggregation against a brute-force computation over the raw records, for many generated days:
 * random zones (including days where the clocks change), files whose records spill over into the days
 * around, files processed late, files delivered twice.
 */
class DayAggregatorTest {

    private static final ExecutorService POOL = Executors.newFixedThreadPool(4);
    private static final String[] TYPES = {"page_view", "click", "purchase", "login", "logout"};
    private static final String[] ACTIONS = {"view", "pay", "signin", null};
    private static final String[] ZONES = {"UTC", "Europe/Berlin", "America/New_York", "Australia/Sydney", "Pacific/Auckland"};

    @AfterAll
    static void stopPool() {
        POOL.shutdownNow();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25})
    void matchesBruteForce_onGeneratedDays(int seed) {
        Random rnd = new Random(seed);
        // Around the clock changes now and then: 2026-03-29 and 2026-10-25 in Europe, 2026-03-08 and 2026-11-01 in the US.
        LocalDate[] dates = {LocalDate.of(2026, 11, 25), LocalDate.of(2026, 3, 29), LocalDate.of(2026, 10, 25),
                LocalDate.of(2026, 3, 8), LocalDate.of(2026, 11, 1), LocalDate.of(2026, 4, 5)};
        ReportDay day = new ReportDay(dates[rnd.nextInt(dates.length)], ZoneId.of(ZONES[rnd.nextInt(ZONES.length)]));
        InMemoryObjectStore store = new InMemoryObjectStore();
        Uploads uploads = new Uploads(store);
        List<Rec> all = new ArrayList<>();
        List<Receipt> receipts = new ArrayList<>();

        int files = 1 + rnd.nextInt(40);
        for (int f = 0; f < files; f++) {
            // Processed some time between the day before and the day after; records from up to two days earlier.
            Instant processedAt = day.start().minus(Duration.ofHours(20)).plusSeconds(rnd.nextInt(68 * 3600));
            Instant receivedAt = processedAt.minusMillis(rnd.nextInt(120_000));
            List<Rec> records = new ArrayList<>();
            int n = rnd.nextInt(60);
            for (int i = 0; i < n; i++) {
                Instant at = processedAt.minusSeconds(rnd.nextInt(2 * 86_400));
                String amount = rnd.nextInt(3) == 0 ? null : BigDecimal.valueOf(rnd.nextInt(100_000), 2).toPlainString();
                records.add(new Rec(at, TYPES[rnd.nextInt(TYPES.length)], ACTIONS[rnd.nextInt(ACTIONS.length)],
                        "u" + rnd.nextInt(50), amount));
            }
            if (rnd.nextInt(10) == 0) {
                receipts.add(uploads.quarantined("in/q" + f + ".csv", "bad_header", "no timestamp column", receivedAt, processedAt));
                continue;
            }
            long rejected = rnd.nextInt(4);
            TreeMap<String, Receipt.RejectReason> reasons = new TreeMap<>();
            if (rejected > 0) {
                reasons.put("invalid_timestamp", new Receipt.RejectReason(rejected, List.of(2L)));
            }
            String key = (rnd.nextBoolean() ? "partner/" : "app/") + "f" + f + ".csv";
            Receipt r = uploads.processed(key, records, rejected, reasons, receivedAt, processedAt);
            if (rnd.nextInt(8) == 0) { // delivered twice: the processor rewrites the same keys
                uploads.processed(key, records, rejected, reasons, receivedAt, processedAt);
            }
            receipts.add(r);
            all.addAll(records);
        }

        DayFigures figures = new DayAggregator(store, Uploads.PROCESSED, POOL, 8).aggregate(day);

        Expected expected = Expected.of(day, all, receipts);
        assertThat(figures.totals().recordsValid()).isEqualTo(expected.records);
        assertThat(figures.byHour()).isEqualTo(expected.byHour());
        assertThat(figures.byEventType()).isEqualTo(expected.byType);
        assertThat(figures.byAction()).isEqualTo(expected.byAction);
        assertThat(figures.totals().filesProcessed()).isEqualTo(expected.processed);
        assertThat(figures.totals().filesQuarantined()).isEqualTo(expected.quarantined);
        assertThat(figures.totals().recordsRejected()).isEqualTo(expected.rejected);
        assertThat(figures.totals().recordsIngested()).isEqualTo(expected.ingested);
        assertThat(figures.users().distinct()).isEqualTo(expected.users.size());
        assertThat(figures.users().distinctExact()).isTrue();
        assertThat(figures.amount().map(DailyReport.Amount::count).orElse(0L)).isEqualTo(expected.amountCount);
        assertThat(figures.amount().map(DailyReport.Amount::sum).orElse(BigDecimal.ZERO))
                .isEqualByComparingTo(expected.amountSum);
        assertThat(figures.latency().map(DailyReport.Latency::files).orElse(0L)).isEqualTo(expected.processed + expected.quarantined);
        assertThat(figures.unreadable()).isEmpty();
    }

    @Test
    void emptyDay_hasZeroesAndIsEmpty() {
        DayFigures figures = new DayAggregator(new InMemoryObjectStore(), Uploads.PROCESSED, POOL, 8)
                .aggregate(ReportDay.utc(LocalDate.of(2026, 11, 25)));

        assertThat(figures.isEmpty()).isTrue();
        assertThat(figures.byHour()).hasSize(24).containsOnly(0L);
        assertThat(figures.amount()).isEmpty();
        assertThat(figures.latency()).isEmpty();
        assertThat(figures.users().distinct()).isZero();
    }

    @Test
    void twentyFiveHourDay_addsTheRepeatedHourIntoOneLocalHour_andTwentyThreeHourDayLeavesOneEmpty() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        Uploads uploads = new Uploads(store);
        Instant at = Instant.parse("2026-10-25T12:00:00Z");
        // Berlin, 2026-10-25: 02:30 happens twice, at 00:30Z (summer time) and at 01:30Z (winter time).
        uploads.processed("fall.csv", List.of(new Rec(Instant.parse("2026-10-25T00:30:00Z"), "login", null, "u1", null),
                new Rec(Instant.parse("2026-10-25T01:30:00Z"), "login", null, "u2", null),
                new Rec(Instant.parse("2026-10-24T22:30:00Z"), "login", null, "u3", null)), 0, new TreeMap<>(), at, at);
        // Berlin, 2026-03-29: 02:00-02:59 does not exist; 01:30Z is 03:30 summer time.
        uploads.processed("spring.csv", List.of(new Rec(Instant.parse("2026-03-29T00:30:00Z"), "login", null, "u1", null),
                new Rec(Instant.parse("2026-03-29T01:30:00Z"), "login", null, "u2", null)), 0, new TreeMap<>(), at, at);
        ZoneId berlin = ZoneId.of("Europe/Berlin");

        DayFigures fall = new DayAggregator(store, Uploads.PROCESSED, POOL, 8).aggregate(new ReportDay(LocalDate.of(2026, 10, 25), berlin));
        DayFigures spring = new DayAggregator(store, Uploads.PROCESSED, POOL, 8).aggregate(new ReportDay(LocalDate.of(2026, 3, 29), berlin));

        assertThat(fall.day().hours()).isEqualTo(25);
        assertThat(fall.byHour().get(0)).isEqualTo(1); // 22:30Z on the 24th is 00:30 CEST on the 25th
        assertThat(fall.byHour().get(2)).isEqualTo(2);
        assertThat(fall.totals().recordsValid()).isEqualTo(3);
        assertThat(spring.day().hours()).isEqualTo(23);
        assertThat(spring.byHour().get(1)).isEqualTo(1);
        assertThat(spring.byHour().get(2)).isZero();
        assertThat(spring.byHour().get(3)).isEqualTo(1);
    }

    @Test
    void dayWithOnlyQuarantinedFiles_countsThemWithReasons_andNoRecords() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        Uploads uploads = new Uploads(store);
        Instant noon = Instant.parse("2026-11-25T12:00:00Z");
        uploads.quarantined("b.csv", "bad_header", "header (line 1): no timestamp column", noon.minusSeconds(5), noon);
        uploads.quarantined("a.json", "unparseable", "line 3: unexpected end", noon.minusSeconds(9), noon.plusSeconds(1));

        DayFigures figures = new DayAggregator(store, Uploads.PROCESSED, POOL, 8).aggregate(ReportDay.utc(LocalDate.of(2026, 11, 25)));

        assertThat(figures.isEmpty()).isFalse();
        assertThat(figures.totals().filesQuarantined()).isEqualTo(2);
        assertThat(figures.totals().filesProcessed()).isZero();
        assertThat(figures.totals().recordsValid()).isZero();
        assertThat(figures.quality().quarantined()).extracting(DailyReport.QuarantinedFile::key).containsExactly("a.json", "b.csv");
        assertThat(figures.quality().quarantined().get(1).reasonCode()).isEqualTo("bad_header");
        assertThat(figures.latency().orElseThrow().maxMs()).isEqualTo(10_000);
    }

    @Test
    void rejectReasons_addUpAcrossFiles_withTheFirstExamplesByKeyAndLine() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        Uploads uploads = new Uploads(store);
        Instant noon = Instant.parse("2026-11-25T12:00:00Z");
        Rec ok = new Rec(noon, "login", null, "u1", null);
        uploads.processed("partner/b.csv", List.of(ok), 5, new TreeMap<>(Map.of(
                "invalid_timestamp", new Receipt.RejectReason(4, List.of(3L, 8L, 9L)),
                "missing_required", new Receipt.RejectReason(1, List.of(5L)))), noon, noon);
        uploads.processed("partner/a.csv", List.of(ok), 2, new TreeMap<>(Map.of(
                "invalid_timestamp", new Receipt.RejectReason(2, List.of(7L, 20L)))), noon, noon);
        uploads.processed("app/c.csv", List.of(ok), 0, new TreeMap<>(), noon, noon);

        DayFigures figures = new DayAggregator(store, Uploads.PROCESSED, POOL, 8).aggregate(ReportDay.utc(LocalDate.of(2026, 11, 25)));

        List<DailyReport.ReasonCount> reasons = figures.quality().topRejectReasons();
        assertThat(reasons).extracting(DailyReport.ReasonCount::code).containsExactly("invalid_timestamp", "missing_required");
        assertThat(reasons.get(0).rows()).isEqualTo(6);
        assertThat(reasons.get(0).examples()).extracting(l -> l.key() + ":" + l.line())
                .containsExactly("partner/a.csv:7", "partner/a.csv:20", "partner/b.csv:3");
        assertThat(figures.quality().rejectsByPrefix()).containsExactly(Map.entry("partner", 7L));
        assertThat(figures.totals().rejectRate()).isEqualTo(7.0 / 10);
    }

    @Test
    void unreadableManifest_isListed_andLeftOut() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        Uploads uploads = new Uploads(store);
        Instant noon = Instant.parse("2026-11-25T12:00:00Z");
        uploads.processed("a.csv", List.of(new Rec(noon, "login", null, "u1", null)), 0, new TreeMap<>(), noon, noon);
        String broken = "manifests/dt=2026-11-25/ffffffffffffffffffffffffffffffff.json";
        store.put(Uploads.PROCESSED, broken, "{\"schema_version\": 1".getBytes(StandardCharsets.UTF_8), "application/json");

        DayFigures figures = new DayAggregator(store, Uploads.PROCESSED, POOL, 8).aggregate(ReportDay.utc(LocalDate.of(2026, 11, 25)));

        assertThat(figures.unreadable()).containsExactly(broken);
        assertThat(figures.totals().recordsValid()).isEqualTo(1);
    }

    /** The brute force: every figure straight from the records and receipts. */
    private static final class Expected {
        long records;
        final long[] byHour = new long[24];
        final TreeMap<String, Long> byType = new TreeMap<>();
        final TreeMap<String, Long> byAction = new TreeMap<>();
        long processed;
        long quarantined;
        long rejected;
        long ingested;
        final Set<String> users = new HashSet<>();
        long amountCount;
        BigDecimal amountSum = BigDecimal.ZERO;

        static Expected of(ReportDay day, List<Rec> records, List<Receipt> receipts) {
            Expected e = new Expected();
            for (Rec r : records) {
                if (day.contains(r.at())) {
                    e.records++;
                    e.byHour[r.at().atZone(day.zone()).getHour()]++;
                    e.byType.merge(r.type(), 1L, Long::sum);
                    e.byAction.merge(r.action() == null ? "" : r.action(), 1L, Long::sum);
                }
                if (LocalDate.ofInstant(r.at(), ZoneOffset.UTC).equals(day.date())) {
                    e.users.add(r.user());
                    if (r.amount() != null) {
                        e.amountCount++;
                        e.amountSum = e.amountSum.add(new BigDecimal(r.amount()));
                    }
                }
            }
            for (Receipt r : receipts) {
                if (day.contains(r.processedAt())) {
                    if (r.status() == Receipt.Status.PROCESSED) {
                        e.processed++;
                        e.ingested += r.rows().valid();
                    } else {
                        e.quarantined++;
                    }
                    e.rejected += r.rows().rejected();
                }
            }
            return e;
        }

        List<Long> byHour() {
            List<Long> hours = new ArrayList<>();
            for (long n : byHour) {
                hours.add(n);
            }
            return hours;
        }
    }
}
