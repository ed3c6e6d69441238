package dev.eventpipe.ingest.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipe.ingest.Progress;
import dev.eventpipe.processor.ProcessorApp;
import dev.eventpipe.processor.batch.BatchMessage;
import dev.eventpipe.shared.json.Json;
import dev.eventpipe.shared.metrics.CountingMetrics;
import dev.eventpipe.shared.store.ObjectInfo;
import dev.eventpipe.testkit.events.S3Events;
import dev.eventpipe.testkit.store.CountingObjectStore;
import dev.eventpipe.testkit.store.InMemoryObjectStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query service over the in-memory store, on outputs the real processor wrote: fetch by date range,
 * reuse by ETag, empty views, the three formats, a SQL error. Dates are given, never read from a clock.
 */
class LocalQueryTest {

    private static final String INPUT = "input";
    private static final String PROCESSED = "processed";
    private static final LocalDate DAY = LocalDate.parse("2026-11-25");
    private static final LocalDate NEXT = DAY.plusDays(1);
    private static final Instant ARRIVED = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path cacheDir;

    private final InMemoryObjectStore memory = new InMemoryObjectStore();
    private final CountingObjectStore store = new CountingObjectStore(memory);
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @BeforeEach
    void process() {
        memory.put(INPUT, "in/day.csv", ("event_id,event_type,user_id,timestamp,amount,colour\n"
                + "e1,click,u1,2026-11-25T10:00:00Z,,red\n"
                + "e2,click,u2,2026-11-25T11:00:00Z,,\n"
                + "e3,purchase,u1,2026-11-25T12:00:00.250Z,12.50,\n"
                + "e4,click,u3,2026-11-26T00:30:00Z,,\n"
                + "e5,click,u4,not-a-time,,\n").getBytes(StandardCharsets.UTF_8), "text/csv");
        ObjectInfo info = memory.head(INPUT, "in/day.csv").orElseThrow();
        ProcessorApp app = ProcessorApp.fromEnvironment(Map.of("EVENTPIPE_PROCESSED_BUCKET", PROCESSED,
                "EVENTPIPE_INPUT_BUCKETS", INPUT), memory, new CountingMetrics(),
                Clock.fixed(Instant.parse("2026-11-25T10:00:02Z"), ZoneOffset.UTC));
        List<String> failed = app.processBatch(List.of(new BatchMessage("m1",
                S3Events.created(INPUT, "in/day.csv", info.size(), info.etag(), ARRIVED), Optional.empty())));
        assertThat(failed).isEmpty();
    }

    private CacheSummary fetch(LocalDate from, LocalDate to, List<Table> tables) {
        return new LocalCache(store, cacheDir, pool).fetch(PROCESSED, new DateRange(from, to), tables,
                Progress.silent(Clock.systemUTC()));
    }

    private CacheSummary fetchAll(LocalDate from, LocalDate to) {
        return fetch(from, to, List.of(Table.values()));
    }

    private static List<List<String>> rows(SqlEngine engine, String sql) {
        List<List<String>> rows = new ArrayList<>();
        engine.run(sql, new ResultSink() {
            @Override
            public void columns(List<Column> columns) {
            }

            @Override
            public void row(List<Object> values, List<String> text) {
                rows.add(text);
            }

            @Override
            public void end(long n) {
                assertThat(n).isEqualTo(rows.size());
            }
        });
        return rows;
    }

    private static String print(SqlEngine engine, String sql, ResultFormat format) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        engine.run(sql, format.sink(out, 1000));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void readsTheRangesDaysOnly_countsByType() {
        CacheSummary summary = fetchAll(DAY, DAY);

        assertThat(summary.days(Table.EVENTS)).containsExactly(DAY);
        assertThat(summary.tables().get(Table.EVENTS).objects()).isEqualTo(1);
        try (SqlEngine engine = SqlEngine.over(summary)) {
            assertThat(rows(engine, "SELECT event_type, count(*) AS n FROM events WHERE dt = '2026-11-25' "
                    + "GROUP BY event_type ORDER BY event_type"))
                    .containsExactly(List.of("click", "2"), List.of("purchase", "1"));
            assertThat(rows(engine, "SELECT count(*) FROM events")).containsExactly(List.of("3")); // not the 26th's
        }
        try (SqlEngine engine = SqlEngine.over(fetchAll(DAY, NEXT))) {
            assertThat(rows(engine, "SELECT dt, count(*) FROM events GROUP BY dt ORDER BY dt"))
                    .containsExactly(List.of("2026-11-25", "3"), List.of("2026-11-26", "1"));
        }
    }

    @Test
    void viewsHaveTheGlueColumnsAndTypes_onTheProcessorsOutput() {
        try (SqlEngine engine = SqlEngine.over(fetchAll(DAY, NEXT))) {
            assertThat(rows(engine, "SELECT event_id, \"timestamp\", amount, attributes['colour'], _meta.line, _meta.source_key, "
                    + "_meta.ingested_at FROM events WHERE event_id IN ('e1', 'e3') ORDER BY event_id"))
                    .containsExactly(
                            List.of("e1", "2026-11-25T10:00:00.000Z", "NULL", "red", "2", "in/day.csv", "2026-11-25T10:00:00Z")
                                    .stream().map(v -> v.equals("NULL") ? null : v).toList(),
                            Stream.of("e3", "2026-11-25T12:00:00.250Z", "12.500000000", null, "4", "in/day.csv", "2026-11-25T10:00:00Z")
                                    .toList());
            assertThat(rows(engine, "SELECT date_trunc('hour', CAST(\"timestamp\" AS TIMESTAMP)) FROM events WHERE event_id = 'e3'"))
                    .containsExactly(List.of("2026-11-25 12:00:00")); // the ISO strings cast for arithmetic
            assertThat(rows(engine, "SELECT column_name, column_type FROM (DESCRIBE events)"))
                    .extracting(r -> r.get(0) + " " + r.get(1))
                    .startsWith("event_id VARCHAR", "event_type VARCHAR", "user_id VARCHAR", "timestamp VARCHAR")
                    .contains("amount DECIMAL(38,9)", "attributes MAP(VARCHAR, VARCHAR)")
                    .endsWith("dt VARCHAR");
            assertThat(rows(engine, "SELECT line, reasons[1].code, reasons[1].field, raw, dt FROM rejects"))
                    .containsExactly(Arrays.asList("6", "invalid_timestamp", "timestamp", "e5,click,u4,not-a-time,,", "2026-11-25"));
            assertThat(rows(engine, "SELECT status, rows.valid, rows.rejected, source.key, format, "
                    + "reject_reasons['invalid_timestamp'].rows, len(outputs), event_dates[1], dt FROM receipts"))
                    .containsExactly(List.of("processed", "4", "1", "in/day.csv", "csv", "1", "5", "2026-11-25", "2026-11-25"));
        }
    }

    @Test
    void secondFetch_reusesByEtag_andFollowsRewritesAndDeletions() throws Exception {
        CacheSummary first = fetchAll(DAY, NEXT);
        long opens = store.gets();
        assertThat(first.fetched()).isEqualTo(opens).isEqualTo(4); // events x2, rejects, receipt
        assertThat(first.reused()).isZero();

        CacheSummary second = fetchAll(DAY, NEXT);
        assertThat(store.gets()).isEqualTo(opens);
        assertThat(second.fetched()).isZero();
        assertThat(second.reused()).isEqualTo(4);

        String eventsKey = memory.list(PROCESSED, "events/dt=2026-11-26/", 10).get(0);
        String rejectsKey = memory.list(PROCESSED, "rejects/dt=2026-11-25/", 10).get(0);
        memory.put(PROCESSED, eventsKey, gzip("{\"event_id\":\"x1\",\"event_type\":\"view\"}\n{\"event_id\":\"x2\"}\n"), "application/x-ndjson");
        memory.delete(PROCESSED, rejectsKey);

        CacheSummary third = fetchAll(DAY, NEXT);
        assertThat(store.gets()).isEqualTo(opens + 1);
        assertThat(third.fetched()).isEqualTo(1);
        assertThat(third.tables().get(Table.REJECTS).removed()).isEqualTo(1);
        assertThat(third.days(Table.REJECTS)).isEmpty();
        try (SqlEngine engine = SqlEngine.over(third)) {
            assertThat(rows(engine, "SELECT event_id FROM events WHERE dt = '2026-11-26' ORDER BY 1"))
                    .containsExactly(List.of("x1"), List.of("x2"));
            assertThat(rows(engine, "SELECT count(*) FROM rejects")).containsExactly(List.of("0"));
        }
        try (Stream<Path> files = Files.walk(cacheDir)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.endsWith(".part")); // nothing half-written left behind
        }
    }

    @Test
    void everyViewExists_andIsEmpty_onADayWithoutData() {
        CacheSummary summary = fetchAll(LocalDate.parse("2026-12-01"), LocalDate.parse("2026-12-02"));

        assertThat(summary.fetched()).isZero();
        try (SqlEngine engine = SqlEngine.over(summary)) {
            for (Table t : Table.values()) {
                assertThat(rows(engine, "SELECT count(*) FROM " + t.view())).as(t.view()).containsExactly(List.of("0"));
                assertThat(rows(engine, "SELECT count(*) FROM (DESCRIBE " + t.view() + ")")).as(t.view())
                        .containsExactly(List.of(String.valueOf(t.columns().size() + 1)));
            }
            assertThat(rows(engine, "SELECT count(*) FROM events WHERE _meta.file_id = 'x' AND attributes['a'] = 'b'"))
                    .containsExactly(List.of("0")); // typed, not NULL columns
        }
    }

    @Test
    void onlyTheTablesAStatementNames_areFetched() {
        assertThat(Table.mentionedIn("SELECT count(*) FROM curated_events", List.of(Table.values())))
                .containsExactly(Table.CURATED_EVENTS);
        assertThat(Table.mentionedIn("select * from EVENTS e join receipts r on e._meta.file_id = r.file_id",
                List.of(Table.values()))).containsExactly(Table.EVENTS, Table.RECEIPTS);

        CacheSummary summary = fetch(DAY, NEXT, List.of(Table.RECEIPTS));
        assertThat(summary.fetched()).isEqualTo(1);
        try (SqlEngine engine = SqlEngine.over(summary)) {
            assertThat(rows(engine, "SELECT count(*) FROM events")).containsExactly(List.of("0"));
        }
    }

    @Test
    void curatedEvents_readsParquetCopies() throws Exception {
        Path parquet = cacheDir.resolve("made.parquet");
        try (SqlEngine engine = SqlEngine.over(fetchAll(DAY, DAY))) {
            // typed as the compaction job writes them: the two times as Parquet timestamps
            engine.run("COPY (SELECT * EXCLUDE (dt) REPLACE (CAST(\"timestamp\" AS TIMESTAMPTZ) AS \"timestamp\", "
                    + "CAST(_meta AS STRUCT(line BIGINT, file_id VARCHAR, source_bucket VARCHAR, source_key VARCHAR, "
                    + "source_version_id VARCHAR, source_etag VARCHAR, ingested_at TIMESTAMPTZ, pipeline_version VARCHAR)) AS _meta) "
                    + "FROM events) TO '" + parquet.toString().replace('\\', '/')
                    + "' (FORMAT parquet)", ResultFormat.CSV.sink(new PrintStream(new ByteArrayOutputStream()), 1));
        }
        memory.put(PROCESSED, "curated/events/dt=2026-11-25/part-00000.parquet", Files.readAllBytes(parquet),
                "application/vnd.apache.parquet");

        try (SqlEngine engine = SqlEngine.over(fetchAll(DAY, DAY))) {
            assertThat(rows(engine, "SELECT event_type, count(*), min(dt) FROM curated_events GROUP BY 1 ORDER BY 1"))
                    .containsExactly(List.of("click", "2", "2026-11-25"), List.of("purchase", "1", "2026-11-25"));
            assertThat(rows(engine, "SELECT count(*) FROM events e JOIN curated_events c USING (event_id)"))
                    .containsExactly(List.of("3"));
            assertThat(rows(engine, "SELECT DISTINCT typeof(\"timestamp\"), typeof(_meta.ingested_at) FROM curated_events"))
                    .containsExactly(List.of("TIMESTAMP", "TIMESTAMP"));
        }
    }

    @Test
    void formats_tableCsvAndJson() throws Exception {
        try (SqlEngine engine = SqlEngine.over(fetchAll(DAY, DAY))) {
            String sql = "SELECT event_type, count(*) AS n, max(amount) AS top, NULL AS nothing, "
                    + "{'a': 1, 'b': 'x, \"y\"'} AS nested FROM events GROUP BY 1 ORDER BY 1";

            assertThat(print(engine, sql, ResultFormat.TABLE)).isEqualTo(String.join("\n",
                    "event_type  n           top  nothing  nested",
                    "----------  -  ------------  -------  -----------------------",
                    "click       2          NULL  NULL     {'a': 1, 'b': 'x, \"y\"'}",
                    "purchase    1  12.500000000  NULL     {'a': 1, 'b': 'x, \"y\"'}",
                    "(2 rows)", ""));
            assertThat(print(engine, sql, ResultFormat.CSV)).isEqualTo(String.join("\n",
                    "event_type,n,top,nothing,nested",
                    "click,2,,,\"{'a': 1, 'b': 'x, \"\"y\"\"'}\"",
                    "purchase,1,12.500000000,,\"{'a': 1, 'b': 'x, \"\"y\"\"'}\"", ""));
            String text = print(engine, sql, ResultFormat.JSON);
            assertThat(text.lines().toList()).containsExactly("[",
                    "{\"event_type\":\"click\",\"n\":2,\"top\":null,\"nothing\":null,\"nested\":{\"a\":1,\"b\":\"x, \\\"y\\\"\"}},",
                    "{\"event_type\":\"purchase\",\"n\":1,\"top\":12.500000000,\"nothing\":null,\"nested\":{\"a\":1,\"b\":\"x, \\\"y\\\"\"}}",
                    "]");
            JsonNode json = Json.mapper().readTree(text);
            assertThat(json).hasSize(2);
            assertThat(Json.mapper().readTree(print(engine, "SELECT 1 WHERE false", ResultFormat.JSON))).isEmpty();
            assertThat(print(engine, "SELECT 1 AS one WHERE false", ResultFormat.TABLE)).endsWith("(0 rows)\n");
        }
    }

    @Test
    void tableShowsAtMostMaxRows_andSaysHowManyThereAre() {
        try (SqlEngine engine = SqlEngine.over(fetchAll(DAY, DAY))) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            engine.run("SELECT * FROM range(5) t(i)", ResultFormat.TABLE.sink(new PrintStream(bytes, true, StandardCharsets.UTF_8), 2));
            assertThat(bytes.toString(StandardCharsets.UTF_8).lines().toList())
                    .containsExactly("i", "-", "0", "1", "(5 rows, the first 2 shown: --max-rows N, or --format csv for all)");
        }
    }

    @Test
    void sqlError_isOneLineOfDuckDbsMessage_andTheEngineGoesOn() {
        try (SqlEngine engine = SqlEngine.over(fetchAll(DAY, DAY))) {
            assertThatThrownBy(() -> engine.run("SELEC 1", ResultFormat.CSV.sink(System.out, 1)))
                    .isInstanceOf(QueryException.class)
                    .hasMessageStartingWith("Parser Error: syntax error at or near \"SELEC\"")
                    .hasMessageNotContaining("\n");
            assertThatThrownBy(() -> rows(engine, "SELECT nope FROM events"))
                    .isInstanceOf(QueryException.class)
                    .hasMessageStartingWith("Binder Error: Referenced column \"nope\" not found")
                    .hasMessageNotContaining("\n");
            assertThatThrownBy(() -> rows(engine, "SELECT * FROM read_json('s3://processed/events/x.jsonl.gz')"))
                    .isInstanceOf(QueryException.class).hasMessageContaining("httpfs");
            assertThat(rows(engine, "SELECT count(*) FROM events")).containsExactly(List.of("3")); // a fresh statement works
        }
    }

    @Test
    void dateRange_andCacheDirectories() {
        assertThat(DateRange.lastDays(NEXT, 7)).isEqualTo(new DateRange(LocalDate.parse("2026-11-20"), NEXT));
        assertThat(DateRange.lastDays(NEXT, 7).days()).hasSize(7);
        assertThatThrownBy(() -> new DateRange(NEXT, DAY)).hasMessageContaining("before");
        assertThatThrownBy(() -> new DateRange(DAY, DAY.plusDays(DateRange.MAX_DAYS))).hasMessageContaining("at most");

        assertThat(CacheDirs.defaultDir(Map.of(), "Linux", "/home/a")).isEqualTo(Path.of("/home/a/.cache/eventpipe/query"));
        assertThat(CacheDirs.defaultDir(Map.of("XDG_CACHE_HOME", "/xdg"), "Linux", "/home/a")).isEqualTo(Path.of("/xdg/eventpipe/query"));
        assertThat(CacheDirs.defaultDir(Map.of(), "Mac OS X", "/Users/a"))
                .isEqualTo(Path.of("/Users/a/Library/Caches/eventpipe/query"));
        assertThat(CacheDirs.defaultDir(Map.of("LOCALAPPDATA", "C:/Users/a/AppData/Local"), "Windows 11", "C:/Users/a"))
                .isEqualTo(Path.of("C:/Users/a/AppData/Local", "eventpipe", "cache", "query"));
        assertThatThrownBy(() -> new LocalCache(store, cacheDir, pool).directory("../etc")).hasMessageContaining("bucket");
    }

    private static byte[] gzip(String text) throws java.io.IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(bytes)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
