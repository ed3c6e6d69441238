package dev.eventpipe.shared.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.junit.jupiter.api.Test;

/**
 * Generated files, split into one builder per (file, date), written as JSON, read back and merged per
 * date, checked against a brute-force computation over the same rows.
 */
class ManifestMergeTest {

    /** Relative standard error of a merged lgK = 12 HLL: 1.04/√4096. */
    private static final double HLL_RSE = 1.04 / Math.sqrt(1 << ManifestBuilder.HLL_LG_K);
    /** The quantile sketch's guarantee, plus rounding. */
    private static final double QUANTILE_ERROR = QuantileSketch.RELATIVE_ACCURACY + 1e-12;

    @Test
    void mergesLargeFiles_exactlyWhereExact_andWithinBoundsWhereApproximate() {
        Events events = new Events(42, 200_000, 0.18);
        Random sizes = new Random(43);
        List<List<Events.Row>> files = new ArrayList<>();
        for (int f = 0; f < 12; f++) {
            files.add(events.file(10_000 + sizes.nextInt(30_000), f % 3 == 0));
        }

        Map<LocalDate, List<Manifest>> manifests = manifestsByDate(files);
        Map<LocalDate, Truth> truths = truthsByDate(files);

        assertThat(manifests.keySet()).containsExactlyInAnyOrder(Events.DAY, Events.DAY.plusDays(1));
        for (LocalDate date : truths.keySet()) {
            Truth truth = truths.get(date);
            ManifestMerge.Totals totals = ManifestMerge.merge(manifests.get(date));

            assertExactFigures(totals, truth);
            assertThat(totals.distinctUsers().exact()).isFalse();
            assertThat((double) totals.distinctUsers().estimate())
                    .isCloseTo(truth.users.size(), within(3 * HLL_RSE * truth.users.size()));
            assertAmountQuantiles(totals, truth);
            assertTopUsers(totals, truth);
        }
    }

    @Test
    void mergesManySmallFiles_withAnExactDistinctUserCount() {
        Events events = new Events(7, 20_000, 0.05);
        Random sizes = new Random(8);
        List<List<Events.Row>> files = new ArrayList<>();
        for (int f = 0; f < 400; f++) {
            files.add(events.file(20 + sizes.nextInt(400), f % 10 == 0));
        }

        Map<LocalDate, List<Manifest>> manifests = manifestsByDate(files);
        Map<LocalDate, Truth> truths = truthsByDate(files);

        for (LocalDate date : truths.keySet()) {
            Truth truth = truths.get(date);
            ManifestMerge.Totals totals = ManifestMerge.merge(manifests.get(date));

            assertExactFigures(totals, truth);
            assertThat(totals.distinctUsers()).isEqualTo(ManifestMerge.DistinctUsers.exact(truth.users.size()));
            assertThat(totals.users().getEstimate())
                    .isCloseTo(truth.users.size(), within(3 * HLL_RSE * truth.users.size()));
        }
        assertThat(manifests.get(Events.DAY)).allSatisfy(m -> assertThat(m.usersExact()).isPresent());
    }

    @Test
    void givesTheSameTotals_whateverTheOrderOfManifests() {
        Events events = new Events(11, 5_000, 0.05);
        List<List<Events.Row>> files = new ArrayList<>();
        for (int f = 0; f < 60; f++) {
            files.add(events.file(300, false));
        }
        List<Manifest> manifests = manifestsByDate(files).get(Events.DAY);
        List<Manifest> shuffled = new ArrayList<>(manifests);
        Collections.shuffle(shuffled, new Random(12));

        ManifestMerge.Totals inOrder = ManifestMerge.merge(manifests);
        ManifestMerge.Totals reordered = ManifestMerge.merge(shuffled);

        assertThat(reordered.all()).isEqualTo(inOrder.all());
        assertThat(reordered.byEventType()).isEqualTo(inOrder.byEventType());
        assertThat(reordered.byAction()).isEqualTo(inOrder.byAction());
        assertThat(reordered.amount()).isEqualTo(inOrder.amount());
        assertThat(reordered.distinctUsers()).isEqualTo(inOrder.distinctUsers());
        assertThat(reordered.amountQuantiles().toBytes()).isEqualTo(inOrder.amountQuantiles().toBytes());
    }

    @Test
    void losesExactness_whenOneManifestHasNoUserList() {
        Events events = new Events(9, 1_000_000, 0);
        List<List<Events.Row>> files = List.of(events.file(200, false), events.file(5_000, false));

        List<Manifest> manifests = manifestsByDate(files).get(Events.DAY);
        ManifestMerge.Totals totals = ManifestMerge.merge(manifests);

        int trueDistinct = truthsByDate(files).get(Events.DAY).users.size();
        assertThat(manifests.get(1).usersExact()).isEmpty();
        assertThat(totals.distinctUsers().exact()).isFalse();
        assertThat((double) totals.distinctUsers().estimate())
                .isCloseTo(trueDistinct, within(3 * HLL_RSE * trueDistinct));
    }

    @Test
    void mergesNothing_intoEmptyTotals() {
        ManifestMerge.Totals totals = ManifestMerge.merge(List.of());

        assertThat(totals.records()).isZero();
        assertThat(totals.firstEventAt()).isEmpty();
        assertThat(totals.amount()).isEmpty();
        assertThat(totals.distinctUsers()).isEqualTo(ManifestMerge.DistinctUsers.exact(0));
    }

    private static void assertExactFigures(ManifestMerge.Totals totals, Truth truth) {
        assertThat(totals.records()).isEqualTo(truth.records);
        assertThat(totals.all().byHour()).isEqualTo(boxed(truth.byHour));
        assertThat(hourly(totals.byEventType())).isEqualTo(truth.hourly(truth.byEventType));
        assertThat(hourly(totals.byAction())).isEqualTo(truth.hourly(truth.byAction));
        assertThat(totals.firstEventAt()).contains(Instant.ofEpochMilli(truth.first));
        assertThat(totals.lastEventAt()).contains(Instant.ofEpochMilli(truth.last));
        Manifest.Amount amount = totals.amount().orElseThrow();
        assertThat(amount.count()).isEqualTo(truth.amounts.size());
        assertThat(amount.sum()).isEqualByComparingTo(truth.amountSum);
        assertThat(amount.min()).isEqualByComparingTo(truth.amounts.stream().min(BigDecimal::compareTo).orElseThrow());
        assertThat(amount.max()).isEqualByComparingTo(truth.amounts.stream().max(BigDecimal::compareTo).orElseThrow());
    }

    private static void assertAmountQuantiles(ManifestMerge.Totals totals, Truth truth) {
        double[] sorted = truth.amounts.stream().mapToDouble(BigDecimal::doubleValue).sorted().toArray();
        for (double rank : new double[] {0.5, 0.95}) {
            double exact = sorted[(int) Math.floor(rank * (sorted.length - 1))];
            double estimate = totals.amountQuantiles().quantile(rank);

            assertThat(estimate).as("p%s", rank).isCloseTo(exact, within(QUANTILE_ERROR * Math.abs(exact)));
        }
    }

    private static void assertTopUsers(ManifestMerge.Totals totals, Truth truth) {
        List<String> trueTop3 = truth.users.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(3).map(Map.Entry::getKey).toList();
        ItemsSketch.Row<String>[] rows = totals.topUsers().getFrequentItems(ErrorType.NO_FALSE_NEGATIVES);

        assertThat(trueTop3).containsExactlyInAnyOrderElementsOf(Events.HEAVY_HITTERS);
        assertThat(Arrays.stream(rows).limit(3).map(ItemsSketch.Row::getItem))
                .containsExactlyInAnyOrderElementsOf(trueTop3);
        for (ItemsSketch.Row<String> row : Arrays.copyOf(rows, 3)) {
            assertThat(truth.users.get(row.getItem())).isBetween(row.getLowerBound(), row.getUpperBound());
        }
    }

    /** One builder per (file, date), each written as JSON and read back, as the reporter would see them. */
    private static Map<LocalDate, List<Manifest>> manifestsByDate(List<List<Events.Row>> files) {
        Map<LocalDate, List<Manifest>> byDate = new HashMap<>();
        for (int f = 0; f < files.size(); f++) {
            String fileId = "%032x".formatted(f);
            Map<LocalDate, ManifestBuilder> builders = new LinkedHashMap<>();
            for (Events.Row row : files.get(f)) {
                builders.computeIfAbsent(row.date(), date -> new ManifestBuilder(fileId, date))
                        .add(row.epochMillis(), row.eventType(), row.action(), row.userId(), row.amount());
            }
            builders.forEach((date, builder) ->
                    byDate.computeIfAbsent(date, d -> new ArrayList<>()).add(Manifest.fromJson(builder.toJson())));
        }
        return byDate;
    }

    private static Map<LocalDate, Truth> truthsByDate(List<List<Events.Row>> files) {
        Map<LocalDate, Truth> truths = new HashMap<>();
        for (List<Events.Row> file : files) {
            file.forEach(row -> truths.computeIfAbsent(row.date(), d -> new Truth()).add(row));
        }
        return truths;
    }

    /** The brute force: every figure computed directly from the rows. */
    private static final class Truth {
        long records;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        final long[] byHour = new long[24];
        final Map<String, long[]> byEventType = new HashMap<>();
        final Map<String, long[]> byAction = new HashMap<>();
        final List<BigDecimal> amounts = new ArrayList<>();
        BigDecimal amountSum = BigDecimal.ZERO;
        final Map<String, Long> users = new HashMap<>();

        void add(Events.Row row) {
            int hour = Instant.ofEpochMilli(row.epochMillis()).atZone(java.time.ZoneOffset.UTC).getHour();
            records++;
            first = Math.min(first, row.epochMillis());
            last = Math.max(last, row.epochMillis());
            byHour[hour]++;
            byEventType.computeIfAbsent(row.eventType(), k -> new long[24])[hour]++;
            byAction.computeIfAbsent(row.action() == null ? "" : row.action(), k -> new long[24])[hour]++;
            users.merge(row.userId(), 1L, Long::sum);
            if (row.amount() != null) {
                BigDecimal amount = new BigDecimal(row.amount());
                amounts.add(amount);
                amountSum = amountSum.add(amount);
            }
        }

        Map<String, List<Long>> hourly(Map<String, long[]> counts) {
            return counts.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> boxed(e.getValue())));
        }
    }

    private static Map<String, List<Long>> hourly(Map<String, Manifest.Counts> counts) {
        return counts.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().byHour()));
    }

    private static List<Long> boxed(long[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
