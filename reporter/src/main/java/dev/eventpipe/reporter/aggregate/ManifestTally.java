package dev.eventpipe.reporter.aggregate;

import dev.eventpipe.shared.manifest.Manifest;
import dev.eventpipe.shared.manifest.ManifestMerge;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The event-date side of a report. Counts (records, by hour, by event type, by action) come from the
 * manifests' per-UTC-hour counts, taking exactly the hours that fall in the day in its zone; distinct
 * users, top users and amounts come from {@link ManifestMerge} over the manifests of the UTC date equal to
 * the day's date, because sketches cannot be split by hour.
 */
final class ManifestTally {

    private final ReportDay day;
    private long records;
    private long manifests;
    private final long[] byHour = new long[24];
    private final Map<String, Long> byEventType = new HashMap<>();
    private final Map<String, Long> byAction = new HashMap<>();
    private final ManifestMerge sketches = new ManifestMerge();
    private final Map<LocalDate, int[]> localHours = new HashMap<>(); // UTC date -> local hour per UTC hour, or -1

    ManifestTally(ReportDay day) {
        this.day = day;
        for (LocalDate utc : day.utcDates()) {
            int[] hours = new int[24];
            for (int h = 0; h < 24; h++) {
                hours[h] = day.localHour(utc, h);
            }
            localHours.put(utc, hours);
        }
    }

    /** Adds a manifest; one of a date outside {@link ReportDay#utcDates()} adds nothing. */
    void add(Manifest m) {
        add(m, Map.of(mask(m), 1L));
    }

    /**
     * Adds a roll-up's merge of many manifests of one date: the counts add as those of the manifests would,
     * and the manifests that count are those with a record in one of the day's hours, which their masks say.
     *
     * @param hourMasks the UTC hours with records of each merged manifest (bit h for hour h) → how many
     *                  manifests had that set of hours
     */
    void add(Manifest merged, Map<Integer, Long> hourMasks) {
        int[] hours = localHours.get(merged.date());
        if (hours == null) {
            return;
        }
        int dayMask = 0;
        for (int h = 0; h < 24; h++) {
            if (hours[h] >= 0) {
                dayMask |= 1 << h;
            }
        }
        long counted = 0;
        for (var e : hourMasks.entrySet()) {
            if ((e.getKey() & dayMask) != 0) {
                counted += e.getValue();
            }
        }
        Manifest m = merged;
        long inDay = 0;
        for (int h = 0; h < 24; h++) {
            int local = hours[h];
            if (local >= 0) {
                long n = m.byHour().get(h);
                byHour[local] += n;
                inDay += n;
            }
        }
        if (inDay > 0) {
            manifests += counted;
            records += inDay;
            addInDay(byEventType, m.byEventType(), hours);
            addInDay(byAction, m.byAction(), hours);
        }
        if (m.date().equals(day.date())) {
            sketches.add(m);
        }
    }

    /** The UTC hours in which the manifest has records: bit h for hour h. */
    static int mask(Manifest m) {
        int mask = 0;
        for (int h = 0; h < 24; h++) {
            if (m.byHour().get(h) > 0) {
                mask |= 1 << h;
            }
        }
        return mask;
    }

    private static void addInDay(Map<String, Long> into, Map<String, Manifest.Counts> counts, int[] hours) {
        counts.forEach((name, c) -> {
            long n = 0;
            for (int h = 0; h < 24; h++) {
                if (hours[h] >= 0) {
                    n += c.byHour().get(h);
                }
            }
            if (n > 0) {
                into.merge(name, n, Long::sum);
            }
        });
    }

    long records() {
        return records;
    }

    long manifests() {
        return manifests;
    }

    List<Long> byHour() {
        Long[] hours = new Long[24];
        for (int h = 0; h < 24; h++) {
            hours[h] = byHour[h];
        }
        return List.of(hours);
    }

    TreeMap<String, Long> byEventType() {
        return new TreeMap<>(byEventType);
    }

    TreeMap<String, Long> byAction() {
        return new TreeMap<>(byAction);
    }

    ManifestMerge.Totals sketchTotals() {
        return sketches.totals();
    }
}
