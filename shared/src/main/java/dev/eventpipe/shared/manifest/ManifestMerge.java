package dev.eventpipe.shared.manifest;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.Union;

/**
 * Merges manifests into the totals of a day, the way the reporter aggregates a day without re-reading a
 * record. Memory is bounded whatever the number of manifests: counters per event type and action, the
 * sketches, and at most {@value #EXACT_UNION_LIMIT} user ids; pass a lazy {@link Iterable} and no more
 * than one manifest is held at a time.
 *
 * <p>Each manifest is one (file, date), whose key is unique in the store, so none is counted twice.
 */
public final class ManifestMerge {

    /** Up to this many distinct users the union of the exact lists is kept, and the count is exact. */
    static final int EXACT_UNION_LIMIT = 100_000;
    /**
     * The merged frequent-items map: wider than a file's, because the day's purges are where a narrow map
     * loses the top users (error bound 3.5/4096 ≈ 0.09% of the day's records from merging).
     */
    static final int MERGED_TOP_USERS_MAP_SIZE = 4_096;
    /** Distinct-user bounds are ±2 standard deviations of the HLL estimate: about 95% confidence. */
    static final int BOUND_STD_DEVS = 2;

    private long manifests;
    private long records;
    private Instant first;
    private Instant last;
    private final long[] byHour = new long[24];
    private final Map<String, long[]> byEventType = new HashMap<>();
    private final Map<String, long[]> byAction = new HashMap<>();
    private long amountCount;
    private BigDecimal amountSum = BigDecimal.ZERO;
    private BigDecimal amountMin;
    private BigDecimal amountMax;
    private final Union users = new Union(ManifestBuilder.HLL_LG_K);
    private final ItemsSketch<String> topUsers = new ItemsSketch<>(MERGED_TOP_USERS_MAP_SIZE);
    private final QuantileSketch amountQuantiles = new QuantileSketch();
    private Set<String> usersExact = new HashSet<>(); // null once some manifest has none, or above the limit

    /** An empty merge, to {@link #add} manifests to one at a time. */
    public ManifestMerge() {
    }

    public static Totals merge(Iterable<Manifest> manifests) {
        ManifestMerge merge = new ManifestMerge();
        for (Manifest manifest : manifests) {
            merge.add(manifest);
        }
        return merge.totals();
    }

    /**
     * Adds one manifest. The exact figures do not depend on the order; the top-users sketch may, by a
     * little, so callers that want the same bytes from the same manifests add them in key order.
     */
    public void add(Manifest m) {
        manifests++;
        records += m.records();
        first = first == null || m.firstEventAt().isBefore(first) ? m.firstEventAt() : first;
        last = last == null || m.lastEventAt().isAfter(last) ? m.lastEventAt() : last;
        addHours(byHour, m.byHour());
        addCounts(byEventType, m.byEventType());
        addCounts(byAction, m.byAction());
        m.amount().ifPresent(a -> {
            amountCount += a.count();
            amountSum = amountSum.add(a.sum());
            amountMin = amountMin == null ? a.min() : amountMin.min(a.min());
            amountMax = amountMax == null ? a.max() : amountMax.max(a.max());
        });
        users.update(m.users());
        topUsers.merge(m.topUsers());
        amountQuantiles.merge(m.amountQuantiles());
        if (usersExact != null) {
            m.usersExact().ifPresentOrElse(usersExact::addAll, () -> usersExact = null);
            if (usersExact != null && usersExact.size() > EXACT_UNION_LIMIT) {
                usersExact = null;
            }
        }
    }

    private static void addCounts(Map<String, long[]> into, Map<String, Manifest.Counts> counts) {
        counts.forEach((key, c) -> addHours(into.computeIfAbsent(key, k -> new long[24]), c.byHour()));
    }

    private static void addHours(long[] into, List<Long> hours) {
        for (int h = 0; h < 24; h++) {
            into[h] += hours.get(h);
        }
    }

    /**
     * What has been merged so far, as one manifest of {@code date} under the id {@code id}: manifests are
     * mergeable by design, so merging this one gives the same exact figures, the same HLL registers and the
     * same quantile counts as merging the manifests it was made of (the frequent-items counters too, while
     * no purge happened; otherwise within the same error bound). The user list is kept while every merged
     * manifest had one and their union is within {@value #EXACT_UNION_LIMIT}, as {@link #totals} counts it.
     * Empty when nothing with records was merged. Call before {@link #totals}: this copies the sketches.
     *
     * @param id 32 lower-case hex digits naming the merge (a roll-up derives it from its own key)
     */
    public Optional<Manifest> asManifest(String id, LocalDate date) {
        if (records == 0) {
            return Optional.empty();
        }
        Base64.Encoder base64 = Base64.getEncoder();
        Manifest.Sketches sketches = new Manifest.Sketches(
                base64.encodeToString(users.getResult(ManifestBuilder.HLL_TYPE).toCompactByteArray()),
                base64.encodeToString(topUsers.toByteArray(ManifestBuilder.STRINGS)),
                base64.encodeToString(amountQuantiles.toBytes()));
        Optional<Manifest.Amount> amount = amountCount == 0 ? Optional.empty()
                : Optional.of(new Manifest.Amount(amountCount, amountSum, amountMin, amountMax));
        Optional<List<String>> exact = Optional.ofNullable(usersExact).map(u -> {
            List<String> sorted = new ArrayList<>(u);
            Collections.sort(sorted);
            return sorted;
        });
        return Optional.of(new Manifest(Manifest.SCHEMA_VERSION, id, date, records, first, last,
                Manifest.Counts.boxed(byHour), ManifestBuilder.counts(byEventType), ManifestBuilder.counts(byAction),
                amount, exact, sketches));
    }

    /** The figures so far; the merge hands over its sketches, so add nothing after this. */
    public Totals totals() {
        HllSketch union = users.getResult(ManifestBuilder.HLL_TYPE);
        DistinctUsers distinct = usersExact != null
                ? DistinctUsers.exact(usersExact.size())
                : new DistinctUsers(false, Math.round(union.getEstimate()),
                        (long) Math.floor(union.getLowerBound(BOUND_STD_DEVS)),
                        (long) Math.ceil(union.getUpperBound(BOUND_STD_DEVS)));
        Optional<Manifest.Amount> amount = amountCount == 0 ? Optional.empty()
                : Optional.of(new Manifest.Amount(amountCount, amountSum, amountMin, amountMax));
        return new Totals(manifests, records, Optional.ofNullable(first), Optional.ofNullable(last),
                Manifest.Counts.of(byHour), ManifestBuilder.counts(byEventType), ManifestBuilder.counts(byAction),
                amount, distinct, union, topUsers, amountQuantiles);
    }

    /**
     * A day's figures. The sketches are the merge's own, handed over: read them, do not update them.
     *
     * @param manifests       how many manifests were merged
     * @param all             records, and their UTC hours
     * @param distinctUsers   exact or estimated, see {@link DistinctUsers}
     * @param users           the merged HLL, for merging further (a week, a month)
     * @param topUsers        merged frequent items: ask {@code getFrequentItems(NO_FALSE_NEGATIVES)}
     * @param amountQuantiles merged exactly (bucket counts add); empty when no amounts
     */
    public record Totals(long manifests, long records, Optional<Instant> firstEventAt, Optional<Instant> lastEventAt,
                         Manifest.Counts all, Map<String, Manifest.Counts> byEventType,
                         Map<String, Manifest.Counts> byAction, Optional<Manifest.Amount> amount,
                         DistinctUsers distinctUsers, HllSketch users, ItemsSketch<String> topUsers,
                         QuantileSketch amountQuantiles) {
        public Totals {
            byEventType = Map.copyOf(byEventType);
            byAction = Map.copyOf(byAction);
            if (all.records() != records) {
                throw new IllegalArgumentException("hours add up to " + all.records() + ", not " + records);
            }
        }
    }

    /**
     * Distinct users: exact when every merged manifest listed its users and their union stayed within
     * {@value #EXACT_UNION_LIMIT}; otherwise the HLL estimate with ±2σ bounds.
     */
    public record DistinctUsers(boolean exact, long estimate, long lowerBound, long upperBound) {
        public DistinctUsers {
            if (lowerBound > estimate || estimate > upperBound || exact && lowerBound != upperBound) {
                throw new IllegalArgumentException("inconsistent distinct users " + lowerBound + " <= " + estimate
                        + " <= " + upperBound + ", exact " + exact);
            }
        }

        static DistinctUsers exact(long count) {
            return new DistinctUsers(true, count, count, count);
        }
    }
}
