package dev.eventpipe.ingest.query;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link LocalCache#fetch} left in the cache for one bucket and date range: per table the days that
 * have objects (the views read exactly those days' directories) and what it cost.
 *
 * @param directory the bucket's directory in the cache
 */
public record CacheSummary(String bucket, DateRange range, Path directory, Map<Table, Part> tables) {

    public CacheSummary {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(directory, "directory");
        tables = Map.copyOf(tables);
    }

    /**
     * One table's share.
     *
     * @param days    the dates in range with at least one object, in order
     * @param objects objects now cached for those days
     * @param fetched objects downloaded by this run (new, or changed since: another ETag)
     * @param reused  objects already cached with the listed ETag
     * @param removed cached files no longer listed (deleted or superseded in the bucket), deleted here
     * @param bytes   bytes downloaded by this run
     */
    public record Part(List<LocalDate> days, long objects, long fetched, long reused, long removed, long bytes) {
        public Part {
            days = List.copyOf(days);
        }
    }

    public long fetched() {
        return tables.values().stream().mapToLong(Part::fetched).sum();
    }

    public long reused() {
        return tables.values().stream().mapToLong(Part::reused).sum();
    }

    public long bytes() {
        return tables.values().stream().mapToLong(Part::bytes).sum();
    }

    /** The days with objects of a table; empty for a table not fetched. */
    public List<LocalDate> days(Table t) {
        Part p = tables.get(t);
        return p == null ? List.of() : p.days();
    }
}
