package dev.eventpipe.ingest.query;

import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * One embedded, in-memory DuckDB over a {@link LocalCache}'s copy: the views of {@link Table}, then
 * statements. Every statement gets a fresh JDBC {@code Statement} (DuckDB closes one after a failed
 * statement). Extensions are neither installed nor loaded on demand: {@code json} and {@code parquet} are
 * built in, and a query naming {@code s3://} fails at once instead of trying the network.
 */
public final class SqlEngine implements AutoCloseable {

    private final Connection connection;

    private SqlEngine(Connection connection) {
        this.connection = connection;
    }

    /** An engine whose views read the days {@code summary} found, each table not in it an empty view. */
    public static SqlEngine over(CacheSummary summary) {
        SqlEngine engine = open();
        try {
            for (Table t : Table.values()) {
                Path dir = summary.directory();
                List<String> globs = summary.days(t).stream()
                        .map(d -> slashes(dir.resolve(t.prefix() + "dt=" + d)) + "/*" + suffixGlob(t))
                        .toList();
                engine.execute(t.createView(globs));
            }
            return engine;
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    /** An engine with no views yet, its settings made. */
    static SqlEngine open() {
        try {
            Connection c = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new Properties());
            SqlEngine engine = new SqlEngine(c);
            engine.execute("SET autoinstall_known_extensions = false");
            engine.execute("SET autoload_known_extensions = false");
            engine.execute("SET TimeZone = 'UTC'");
            return engine;
        } catch (SQLException e) {
            throw QueryException.of(e);
        }
    }

    private static String suffixGlob(Table t) {
        return switch (t) {
            case EVENTS, REJECTS -> ".jsonl*";
            case RECEIPTS -> ".json";
            case CURATED_EVENTS -> ".parquet";
        };
    }

    /** DuckDB globs take forward slashes on every platform. */
    private static String slashes(Path p) {
        return p.toAbsolutePath().toString().replace('\\', '/');
    }

    private void execute(String sql) {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw QueryException.of(e);
        }
    }

    /**
     * Runs one statement and streams its rows to {@code sink}.
     *
     * @return the number of rows
     * @throws QueryException with DuckDB's message when the statement fails
     */
    public long run(String sql, ResultSink sink) {
        try (Statement s = connection.createStatement()) {
            if (!s.execute(sql)) {
                sink.noResult(s.getUpdateCount());
                return 0;
            }
            try (ResultSet rs = s.getResultSet()) {
                ResultSetMetaData m = rs.getMetaData();
                int n = m.getColumnCount();
                List<ResultSink.Column> columns = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    columns.add(new ResultSink.Column(m.getColumnLabel(i), m.getColumnTypeName(i)));
                }
                sink.columns(columns);
                long rows = 0;
                while (rs.next()) {
                    Object[] values = new Object[n];
                    String[] text = new String[n];
                    for (int i = 1; i <= n; i++) {
                        values[i - 1] = plain(rs.getObject(i));
                        text[i - 1] = values[i - 1] instanceof LocalDateTime t ? text(t) : rs.getString(i);
                    }
                    sink.row(Arrays.asList(values), Arrays.asList(text));
                    rows++;
                }
                sink.end(rows);
                return rows;
            }
        } catch (SQLException e) {
            throw QueryException.of(e);
        }
    }

    private static final DateTimeFormatter WALL = new DateTimeFormatterBuilder().appendPattern("uuuu-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd().toFormatter(Locale.ROOT);

    /** A TIMESTAMP as DuckDB's shell prints it ({@code 2026-11-25 10:00:00}, {@code ... 12:00:00.25}), not as JDBC's {@code Timestamp}. */
    static String text(LocalDateTime t) {
        return WALL.format(t);
    }

    /** JDBC's objects as plain Java values (nested ones recursively), so the sinks need no driver type. */
    static Object plain(Object o) throws SQLException {
        if (o instanceof java.sql.Timestamp t) {
            return t.toLocalDateTime(); // TIMESTAMP has no zone: the UTC wall time as written
        }
        if (o instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        if (o == null || o instanceof String || o instanceof Boolean || o instanceof Number
                || o instanceof java.time.temporal.Temporal) {
            return o;
        }
        if (o instanceof org.duckdb.DuckDBStruct d) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : d.getMap().entrySet()) {
                m.put(e.getKey(), plain(e.getValue()));
            }
            return m;
        }
        if (o instanceof Map<?, ?> map) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                m.put(String.valueOf(plain(e.getKey())), plain(e.getValue()));
            }
            return m;
        }
        if (o instanceof Array a) {
            Object[] items = (Object[]) a.getArray();
            List<Object> l = new ArrayList<>(items.length);
            for (Object item : items) {
                l.add(plain(item));
            }
            return l;
        }
        if (o instanceof byte[] b) {
            return java.util.Base64.getEncoder().encodeToString(b);
        }
        return o.toString(); // UUID, INTERVAL, BLOB wrappers, ...
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // Nothing of an in-memory database outlives its connection.
        }
    }
}
