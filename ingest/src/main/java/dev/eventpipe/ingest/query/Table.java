package dev.eventpipe.ingest.query;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The views a query sees: the names, columns and types of the Glue tables over the processed bucket
 * (docs/storage.md), so a statement written here runs on Athena with at most dialect changes (docs/query.md).
 * Every view has the partition column {@code dt} last. Types follow the Glue tables exactly: timestamps stay the
 * ISO-8601 strings the processor writes (Athena's {@code timestamp} cannot read them from JSON), except in the
 * Parquet copies, whose times are Parquet timestamps (UTC); {@code dt} is the string {@code 'YYYY-MM-DD'}, amounts
 * are {@code DECIMAL(38,9)}.
 */
public enum Table {

    /** Valid records, {@code events/dt=<event date>/<fileId>.jsonl[.gz]}. */
    EVENTS("events", "events/", List.of(".jsonl.gz", ".jsonl"), Columns.EVENTS, Reader.JSON_LINES),
    /** Rejected rows with every reason, {@code rejects/dt=<arrival date>/<fileId>.jsonl[.gz]}. */
    REJECTS("rejects", "rejects/", List.of(".jsonl.gz", ".jsonl"), Columns.REJECTS, Reader.JSON_LINES),
    /** Receipts through the processing-date index, {@code processed-on/dt=<processing date>/<fileId>.json}. */
    RECEIPTS("receipts", "processed-on/", List.of(".json"), Columns.RECEIPTS, Reader.JSON_DOCUMENTS),
    /** The compaction job's Parquet copies of {@code events}, {@code curated/events/dt=<event date>/*.parquet}. */
    CURATED_EVENTS("curated_events", "curated/events/", List.of(".parquet"), Columns.CURATED_EVENTS, Reader.PARQUET);

    private final String view;
    private final String prefix;
    private final List<String> suffixes;
    private final Map<String, String> columns;
    private final Reader reader;
    private final Pattern mention;

    Table(String view, String prefix, List<String> suffixes, Map<String, String> columns, Reader reader) {
        this.view = view;
        this.prefix = prefix;
        this.suffixes = suffixes;
        this.columns = columns;
        this.reader = reader;
        this.mention = Pattern.compile("(?i)(?<![A-Za-z0-9_$])" + view + "(?![A-Za-z0-9_$])");
    }

    /** The view's name (also the Glue table's). */
    public String view() {
        return view;
    }

    /** The key prefix under the processed bucket, before {@code dt=YYYY-MM-DD/}. */
    public String prefix() {
        return prefix;
    }

    /** Whether a listed key is one of this table's data objects (not a marker, a temporary, another format). */
    boolean holds(String key) {
        return suffixes.stream().anyMatch(key::endsWith);
    }

    /** Whether {@code sql} names this view as a word (so its objects are worth fetching). */
    public boolean mentionedIn(String sql) {
        return mention.matcher(sql).find();
    }

    /** The tables a statement names; {@code curated_events} is not taken for {@code events}. */
    public static List<Table> mentionedIn(String sql, List<Table> among) {
        return among.stream().filter(t -> t.mentionedIn(sql)).toList();
    }

    /** Column name to DuckDB type, in order, without {@code dt}. */
    public Map<String, String> columns() {
        return columns;
    }

    /** {@code CREATE VIEW} over the given per-day globs (forward slashes), or an empty typed view when none. */
    String createView(List<String> dayGlobs) {
        String body = dayGlobs.isEmpty() ? emptySelect() : reader.select(this, dayGlobs);
        return "CREATE OR REPLACE VIEW " + view + " AS " + body;
    }

    private String emptySelect() {
        String cols = columns.entrySet().stream()
                .map(e -> "CAST(NULL AS " + e.getValue() + ") AS " + quote(e.getKey()))
                .collect(Collectors.joining(", "));
        return "SELECT " + cols + ", CAST(NULL AS VARCHAR) AS dt WHERE false";
    }

    private String typesAsStruct() {
        return columns.entrySet().stream().map(e -> literal(e.getKey()) + ": " + literal(e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private String projection() {
        // Explicit casts, so a Parquet writer's physical types (e.g. a timestamp in micros) read as the Glue types.
        return columns.entrySet().stream().map(e -> "CAST(" + quote(e.getKey()) + " AS " + e.getValue() + ") AS " + quote(e.getKey()))
                .collect(Collectors.joining(", "));
    }

    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static String files(List<String> globs) {
        return globs.stream().map(Table::literal).collect(Collectors.joining(", ", "[", "]"));
    }

    /** How DuckDB reads a table's objects. Explicit columns: an all-null column would otherwise type as NULL. */
    private enum Reader {
        JSON_LINES {
            @Override
            String select(Table t, List<String> globs) {
                return "SELECT * FROM read_json(" + files(globs) + ", format = 'newline_delimited', columns = "
                        + t.typesAsStruct() + ", hive_partitioning = true, hive_types = {'dt': 'VARCHAR'})";
            }
        },
        JSON_DOCUMENTS {
            @Override
            String select(Table t, List<String> globs) {
                // Receipts are pretty-printed, one document per object.
                return "SELECT * FROM read_json(" + files(globs) + ", format = 'unstructured', columns = "
                        + t.typesAsStruct() + ", hive_partitioning = true, hive_types = {'dt': 'VARCHAR'})";
            }
        },
        PARQUET {
            @Override
            String select(Table t, List<String> globs) {
                return "SELECT " + t.projection() + ", dt FROM read_parquet(" + files(globs)
                        + ", hive_partitioning = true, hive_types = {'dt': 'VARCHAR'}, union_by_name = true)";
            }
        };

        abstract String select(Table t, List<String> globs);
    }

    /** The column lists, as docs/storage.md names them and the Glue tables type them. */
    private static final class Columns {
        static final String META = "STRUCT(line BIGINT, file_id VARCHAR, source_bucket VARCHAR, source_key VARCHAR, "
                + "source_version_id VARCHAR, source_etag VARCHAR, ingested_at VARCHAR, pipeline_version VARCHAR)";

        static final Map<String, String> EVENTS = ordered(
                "event_id", "VARCHAR", "event_type", "VARCHAR", "user_id", "VARCHAR", "timestamp", "VARCHAR",
                "action", "VARCHAR", "amount", "DECIMAL(38,9)", "session_id", "VARCHAR", "country", "VARCHAR",
                "device", "VARCHAR", "attributes", "MAP(VARCHAR, VARCHAR)", "_meta", META);

        /** The Parquet copies: the columns of {@link #EVENTS}, their two times as timestamps (UTC, as Athena reads them). */
        static final Map<String, String> CURATED_EVENTS = ordered(
                "event_id", "VARCHAR", "event_type", "VARCHAR", "user_id", "VARCHAR", "timestamp", "TIMESTAMP",
                "action", "VARCHAR", "amount", "DECIMAL(38,9)", "session_id", "VARCHAR", "country", "VARCHAR",
                "device", "VARCHAR", "attributes", "MAP(VARCHAR, VARCHAR)", "_meta", META.replace("ingested_at VARCHAR", "ingested_at TIMESTAMP"));

        static final Map<String, String> REJECTS = ordered(
                "line", "BIGINT", "reasons", "STRUCT(field VARCHAR, code VARCHAR, message VARCHAR)[]", "raw", "VARCHAR",
                "raw_truncated", "BOOLEAN", "_meta", META);

        static final Map<String, String> RECEIPTS = ordered(
                "schema_version", "INTEGER", "file_id", "VARCHAR",
                "source", "STRUCT(bucket VARCHAR, key VARCHAR, version_id VARCHAR, etag VARCHAR, size BIGINT)",
                "status", "VARCHAR", "reason_code", "VARCHAR", "reason", "VARCHAR", "format", "VARCHAR", "schema", "VARCHAR",
                "rows", "STRUCT(read BIGINT, valid BIGINT, rejected BIGINT)", "outputs", "VARCHAR[]", "event_dates", "VARCHAR[]",
                "received_at", "VARCHAR", "processed_at", "VARCHAR", "duration_ms", "BIGINT", "bytes_read", "BIGINT",
                "pipeline_version", "VARCHAR", "reject_reasons", "MAP(VARCHAR, STRUCT(rows BIGINT, example_lines BIGINT[]))",
                "generation", "INTEGER", "superseded_outputs", "VARCHAR[]");

        private static Map<String, String> ordered(String... pairs) {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < pairs.length; i += 2) {
                m.put(pairs[i], pairs[i + 1]);
            }
            return java.util.Collections.unmodifiableMap(m);
        }
    }
}
