package dev.eventpipe.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipe.cli.stack.LocalStack;
import dev.eventpipe.cli.stack.StackSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code eventpipe query} against a local stack, configured only by the SDK's endpoint variables
 * and {@code EVENTPIPE_PROCESSED_BUCKET}: files go through {@code ingest --wait} and the real processor, then
 * SQL counts their records by type from a local cache; a second run downloads nothing.
 */
class QueryIT {

    @TempDir
    static Path data;

    @TempDir
    Path files;

    static LocalStack stack;

    @BeforeAll
    static void start() {
        stack = LocalStack.start(StackSettings.defaults(0, 0, data.resolve("stack")).withRetries(1, Duration.ofSeconds(1)),
                Map.of());
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private CliRun eventpipe(String... args) throws IOException, InterruptedException {
        return CliRun.of(stack, files, args);
    }

    @Test
    void countsByType_overProcessedFiles_fromTheCache() throws Exception {
        Path dir = Files.createDirectories(files.resolve("day"));
        Files.writeString(dir.resolve("a.csv"), "event_id,event_type,user_id,timestamp\n"
                + "a1,click,u1,2026-11-25T10:00:00Z\na2,click,u2,2026-11-25T11:00:00Z\na3,purchase,u1,2026-11-25T12:00:00Z\n"
                + "a4,click,u1,2026-11-24T23:59:59Z\n");
        Files.writeString(dir.resolve("b.jsonl"), "{\"event_id\":\"b1\",\"event_type\":\"view\",\"user_id\":\"u3\",\"timestamp\":\"2026-11-25T08:00:00Z\"}\n"
                + "{\"event_id\":\"b2\",\"event_type\":\"click\",\"user_id\":\"u3\",\"timestamp\":\"2026-11-25T08:01:00Z\"}\n");
        Files.writeString(dir.resolve("c.csv"), "event_id,event_type,user_id,timestamp\nc1,view,u4,2026-11-26T09:00:00Z\n");
        CliRun ingest = eventpipe("ingest", dir.toString(), "--bucket", stack.settings().inputBucket(), "--prefix", "q/",
                "--wait", "--timeout", "60s", "--json");
        assertThat(ingest.exit()).as(ingest.out()).isZero();
        Path cache = files.resolve("cache");

        String sql = "SELECT event_type, count(*) AS n FROM events WHERE dt = '2026-11-25' GROUP BY event_type ORDER BY event_type";
        CliRun first = eventpipe("query", sql, "--from", "2026-11-25", "--to", "2026-11-25", "--cache-dir", cache.toString(),
                "--format", "json");

        assertThat(first.exit()).as(first.out()).isZero();
        JsonNode rows = first.json();
        assertThat(rows).extracting(r -> r.get("event_type").asText() + "=" + r.get("n").asLong())
                .containsExactly("click=3", "purchase=1", "view=1");
        try (Stream<Path> cached = Files.walk(cache)) {
            assertThat(cached.filter(p -> p.getFileName().toString().endsWith(".jsonl.gz"))).hasSize(2); // a and b on the 25th
        }

        CliRun table = eventpipe("query", "SELECT dt, count(*) AS n FROM events GROUP BY dt ORDER BY dt", "--from", "2026-11-24",
                "--to", "2026-11-26", "--cache-dir", cache.toString());
        assertThat(table.exit()).isZero();
        assertThat(table.out().lines().toList()).containsExactly("dt          n", "----------  -", "2026-11-24  1",
                "2026-11-25  5", "2026-11-26  1", "(3 rows)");

        CliRun csv = eventpipe("query", "SELECT count(*) AS n FROM rejects", "--from", "2026-11-25", "--to", "2026-11-25",
                "--cache-dir", cache.toString(), "--format", "csv");
        assertThat(csv.exit()).isZero();
        assertThat(csv.out()).isEqualTo("n\n0\n");

        CliRun bad = eventpipe("query", "SELECT nope FROM events", "--from", "2026-11-25", "--to", "2026-11-25",
                "--cache-dir", cache.toString());
        assertThat(bad.exit()).isEqualTo(ExitCodes.FAILED);
        assertThat(bad.out()).isEmpty();

        CliRun usage = eventpipe("query", "SELECT 1", "--from", "2026-11-26", "--to", "2026-11-25");
        assertThat(usage.exit()).isEqualTo(ExitCodes.USAGE);
    }
}
