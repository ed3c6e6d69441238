package dev.eventpipe.ingest.query;

import java.util.List;

/**
 * Where a statement's rows go, one at a time (nothing holds a whole result but a sink that must, like the
 * aligned table). Values are plain Java: {@code null}, {@code String}, {@code Boolean}, {@code Long},
 * {@code Integer}, {@code Double}, {@code BigDecimal}, {@code LocalDate}, {@code LocalDateTime},
 * {@code OffsetDateTime}, {@code List} (a LIST or ARRAY) and {@code Map} (a STRUCT or MAP); {@code text} is
 * DuckDB's own rendering of each value (as its shell shows it, {@code null} for NULL).
 */
public interface ResultSink {

    /** The result's columns, before any row. */
    void columns(List<Column> columns);

    void row(List<Object> values, List<String> text);

    /** After the last row; {@code rows} is the count. */
    void end(long rows);

    /** The statement returned no rows at all (e.g. {@code COPY ... TO}, {@code SET}). */
    default void noResult(long updateCount) {
    }

    /** A column: its name and DuckDB's name of its type ({@code VARCHAR}, {@code DECIMAL(38,9)}, ...). */
    record Column(String name, String type) {
        public Column {
            java.util.Objects.requireNonNull(name, "name");
            java.util.Objects.requireNonNull(type, "type");
        }

        /** Numbers line up on the right in a table. */
        boolean numeric() {
            return type.matches("(?i)(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|U?(TINY|SMALL|BIG|HUGE)?INT|FLOAT|DOUBLE|REAL|DECIMAL.*)");
        }
    }
}
