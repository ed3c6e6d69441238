package dev.eventpipe.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipe.ingest.query.Table;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Glue tables' columns against the code that writes the objects ({@link RecordShapes}), in both
 * directions: every field written is a column of the right type, and every column is written.
 */
class GlueSchemaTest {

    private static Map<String, Map<String, String>> tables;
    private final RecordShapes code = RecordShapes.of(Repo.ROOT);

    @BeforeAll
    static void parse() {
        tables = GlueColumns.tables(Repo.module());
    }

    @Test
    void theModuleHasTheFourTables() {
        assertThat(tables).containsOnlyKeys("events", "rejects", "receipts", "curated_events");
    }

    @Test
    void eventsColumnsAreTheRecordTheProcessorWrites() {
        assertThat(GlueColumns.differences("events", code.events(), tables.get("events"))).isEmpty();
    }

    @Test
    void curatedEventsColumnsAreTheRecordTheCompactorWrites() {
        assertThat(GlueColumns.differences("curated_events", RecordShapes.curatedEvents(), tables.get("curated_events"))).isEmpty();
    }

    @Test
    void rejectsColumnsAreTheRowTheProcessorWrites() {
        assertThat(GlueColumns.differences("rejects", code.rejects(), tables.get("rejects"))).isEmpty();
    }

    @Test
    void receiptsColumnsAreTheReceiptRecord() {
        assertThat(GlueColumns.differences("receipts", RecordShapes.receipts(), tables.get("receipts"))).isEmpty();
    }

    @Test
    void theWritersShapesAreReadFromTheCode() {
        // the fields a reader of storage.md expects, as the code gives them: a guard on the extraction itself
        assertThat(code.events()).containsKeys("event_id", "timestamp", "amount", "attributes", "_meta")
                .containsEntry("amount", "decimal(38,9)");
        assertThat(GlueColumns.HiveType.canonical(code.events().get("_meta"))).isEqualTo(GlueColumns.HiveType.canonical(
                "struct<line:bigint,file_id:string,source_bucket:string,source_key:string,source_version_id:string,"
                        + "source_etag:string,ingested_at:string,pipeline_version:string>"));
        assertThat(code.rejects()).containsOnlyKeys("line", "reasons", "raw", "raw_truncated", "_meta")
                .containsEntry("reasons", "array<struct<field:string,code:string,message:string>>")
                .containsEntry("raw_truncated", "boolean");
        assertThat(RecordShapes.receipts()).containsEntry("rows", "struct<read:bigint,valid:bigint,rejected:bigint>")
                .containsEntry("reject_reasons", "map<string,struct<rows:bigint,example_lines:array<bigint>>>")
                .containsEntry("superseded_outputs", "array<string>");
        // the Parquet copies keep the names of events; their times are Parquet timestamps, not strings
        assertThat(RecordShapes.curatedEvents()).containsOnlyKeys(code.events().keySet())
                .containsEntry("timestamp", "timestamp").containsEntry("amount", "decimal(38,9)");
    }

    @Test
    void localViewsHaveTheGlueTablesColumns() {
        // eventpipe query's views promise the Glue tables' names and types, so a query moves between them
        for (Table view : Table.values()) {
            Map<String, String> hive = new LinkedHashMap<>();
            view.columns().forEach((name, type) -> hive.put(name, DuckDbTypes.toHive(type)));
            assertThat(GlueColumns.differences(view.view(), hive, tables.get(view.view()))).as(view.view()).isEmpty();
        }
    }

    @Test
    void duckDbTypesReadAsHiveTypes() {
        assertThat(DuckDbTypes.toHive("STRUCT(field VARCHAR, code VARCHAR)[]")).isEqualTo("array<struct<field:string,code:string>>");
        assertThat(DuckDbTypes.toHive("MAP(VARCHAR, STRUCT(rows BIGINT, example_lines BIGINT[]))"))
                .isEqualTo("map<string,struct<rows:bigint,example_lines:array<bigint>>>");
        assertThat(DuckDbTypes.toHive("DECIMAL(38,9)")).isEqualTo("decimal(38,9)");
    }

    @Test
    void reportsDriftInBothDirectionsAndInTypes() {
        // given a table that misspells a column, lacks one, has a wrong type and a _meta without file_id
        TfConfig drifted = Hcl.load(Repo.CHECKS, List.of(Repo.FIXTURES.resolve("glue/drifted_events.tf")));
        // when
        List<String> problems = GlueColumns.differences("events", code.events(), GlueColumns.tables(drifted).get("events"));
        // then
        assertThat(problems).anyMatch(p -> p.contains("writes event_type (string), which is no column"))
                .anyMatch(p -> p.contains("writes device (string), which is no column"))
                .anyMatch(p -> p.contains("column event_typ is written by nothing"))
                .anyMatch(p -> p.contains("column amount is double, but the code writes decimal(38,9)"))
                .anyMatch(p -> p.contains("column _meta is struct<") && p.contains("file_id:string"))
                .hasSize(5);
    }

    @Test
    void structMembersCompareInAnyOrderAndTypesIgnoreCaseAndSpaces() {
        assertThat(GlueColumns.HiveType.canonical("STRUCT<b:int, a:array<struct<y:string,x:decimal(38,9)>>>"))
                .isEqualTo(GlueColumns.HiveType.canonical("struct<a:array<struct<x:decimal(38,9),y:string>>,b:int>"));
        assertThat(GlueColumns.HiveType.canonical("map<string,bigint>")).isNotEqualTo(GlueColumns.HiveType.canonical("map<string,int>"));
    }
}
