package dev.eventpipe.reporter.aggregate;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A calendar day in the report's zone, and how it maps onto the UTC dates and hours the processor
 * partitions by. Manifests count per UTC hour, so a zone's day is exact when the zone's offset is a whole
 * number of hours on that day; a day in a zone at :30 or :45 is refused rather than approximated.
 *
 * <p>A day is 23 or 25 hours long where the clocks change; its hours still go into 24 local-hour buckets
 * (the repeated hour adds into one bucket, the skipped one stays empty).
 */
public record ReportDay(LocalDate date, ZoneId zone) {

    public ReportDay {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(zone, "zone");
        for (ZonedDateTime t = date.atStartOfDay(zone); t.isBefore(date.plusDays(1).atStartOfDay(zone)); t = t.plusHours(1)) {
            if (t.getOffset().getTotalSeconds() % 3600 != 0) {
                throw new IllegalArgumentException("zone " + zone + " is " + t.getOffset() + " from UTC on " + date
                        + ": reports need a whole-hour offset, because manifests count per UTC hour");
            }
        }
    }

    public static ReportDay utc(LocalDate date) {
        return new ReportDay(date, ZoneOffset.UTC);
    }

    /** The first instant of the day. */
    public Instant start() {
        return date.atStartOfDay(zone).toInstant();
    }

    /** The first instant after the day. */
    public Instant end() {
        return date.plusDays(1).atStartOfDay(zone).toInstant();
    }

    public boolean contains(Instant t) {
        return !t.isBefore(start()) && t.isBefore(end());
    }

    /** 23, 24 or 25. */
    public long hours() {
        return Duration.between(start(), end()).toHours();
    }

    /** The UTC dates the day overlaps: one for UTC, two for any other zone. */
    public List<LocalDate> utcDates() {
        LocalDate first = LocalDate.ofInstant(start(), ZoneOffset.UTC);
        LocalDate last = LocalDate.ofInstant(end().minusNanos(1), ZoneOffset.UTC);
        List<LocalDate> dates = new ArrayList<>(2);
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            dates.add(d);
        }
        return dates;
    }

    /**
     * The local hour (0–23) that UTC hour {@code utcHour} of {@code utcDate} falls in, or -1 when that
     * hour is outside the day.
     */
    public int localHour(LocalDate utcDate, int utcHour) {
        Instant at = utcDate.atStartOfDay(ZoneOffset.UTC).plusHours(utcHour).toInstant();
        return contains(at) ? at.atZone(zone).getHour() : -1;
    }

    /** The previous calendar day in the same zone. */
    public ReportDay minusDays(int days) {
        return new ReportDay(date.minusDays(days), zone);
    }

    public boolean isUtc() {
        return zone.normalized().equals(ZoneOffset.UTC);
    }
}
