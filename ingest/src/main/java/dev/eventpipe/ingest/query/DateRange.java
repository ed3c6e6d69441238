package dev.eventpipe.ingest.query;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * The UTC dates whose partitions a query reads, both ends included. Each table's own {@code dt} decides:
 * the event date for {@code events}, the arrival date for {@code rejects}, the processing date for
 * {@code receipts}.
 */
public record DateRange(LocalDate from, LocalDate to) {

    /** More days than this is a mistake more often than a wish (each day is a listing per table). */
    public static final int MAX_DAYS = 366;

    public DateRange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("--to " + to + " is before --from " + from);
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
            throw new IllegalArgumentException("at most " + MAX_DAYS + " days at once: " + from + " .. " + to);
        }
    }

    /** The {@code days} days that end with {@code today} (so {@code lastDays(today, 7)} is today and the 6 before). */
    public static DateRange lastDays(LocalDate today, int days) {
        if (days < 1) {
            throw new IllegalArgumentException("days must be at least 1: " + days);
        }
        return new DateRange(today.minusDays(days - 1L), today);
    }

    public List<LocalDate> days() {
        return from.datesUntil(to.plusDays(1)).toList();
    }
}
