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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code eventpipe} as an operator runs it, configured only by the SDK's standard endpoint
 * variables and the {@code EVENTPIPE_*} ones, against a local stack (S3 with notifications, SQS, the
 * processor): ingest with --wait, receipt, dlq status and redrive, replay; exit statuses and --json.
 */
class OperatorCommandsIT {

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

    private String input() {
        return stack.settings().inputBucket();
    }

    @Test
    void ingestWaits_forReceipts_andReceiptTellsWhatHappened() throws Exception {
        Path dir = Files.createDirectories(files.resolve("day"));
        Files.writeString(dir.resolve("good.csv"), "event_id,event_type,user_id,timestamp\ne1,click,u1,2026-11-25T10:00:00Z\n");
        Files.writeString(dir.resolve("bad.csv"), "no,schema,here\n1,2,3\n");
        Files.writeString(dir.resolve("skip.tmp"), "ignored");

        CliRun ingest = eventpipe("ingest", dir.toString(), "--bucket", input(), "--prefix", "ops/a", "--exclude", "*.tmp",
                "--wait", "--timeout", "60s", "--json");

        assertThat(ingest.exit()).as(ingest.out()).isEqualTo(ExitCodes.FAILED); // bad.csv is quarantined
        JsonNode result = ingest.json();
        assertThat(result.at("/upload/results")).hasSize(2);
        assertThat(result.at("/outcomes")).extracting(o -> o.get("key").asText() + "=" + o.get("status").asText())
                .containsExactlyInAnyOrder("ops/a/bad.csv=quarantined", "ops/a/good.csv=processed");

        CliRun again = eventpipe("ingest", dir.toString(), "--bucket", input(), "--prefix", "ops/a", "--exclude", "*.tmp", "--json");
        assertThat(again.exit()).isZero();
        assertThat(again.json().at("/upload/results")).hasSize(2) // both listed, both skipped
                .allSatisfy(r -> assertThat(r.has("why")).isTrue());

        CliRun good = eventpipe("receipt", "s3://" + input() + "/ops/a/good.csv");
        assertThat(good.exit()).isZero();
        assertThat(good.out()).contains("state:    processed", "1 valid");
        CliRun bad = eventpipe("receipt", "s3://" + input() + "/ops/a/bad.csv", "--json");
        assertThat(bad.exit()).isEqualTo(ExitCodes.FAILED);
        assertThat(bad.json().get("state").asText()).isEqualTo("quarantined");

        CliRun replay = eventpipe("replay", "--bucket", input(), "--prefix", "ops/a/", "--json");
        assertThat(replay.exit()).isZero();
        assertThat(replay.json().get("skipped").asInt()).isEqualTo(2);
        assertThat(replay.json().get("sent").asInt()).isZero();
    }

    @Test
    void dlqStatus_andRedrive_andUsageErrors() throws Exception {
        stack.sqs().sendMessage(b -> b.queueUrl(stack.queues().dlqUrl()).messageBody("not json at all"));

        CliRun status = eventpipe("dlq", "status", "--json");
        assertThat(status.exit()).isEqualTo(ExitCodes.FAILED);
        assertThat(status.json().at("/dlq/visible").asLong()).isGreaterThanOrEqualTo(1);

        CliRun dryRun = eventpipe("dlq", "redrive", "--dry-run", "--json");
        assertThat(dryRun.exit()).isZero();
        assertThat(dryRun.json().get("sample").toString()).contains("not json at all");

        CliRun purgeWithoutYes = eventpipe("dlq", "purge");
        assertThat(purgeWithoutYes.exit()).isEqualTo(ExitCodes.USAGE);

        CliRun missing = eventpipe("receipt", "s3://" + input() + "/never/there.csv");
        assertThat(missing.exit()).isEqualTo(ExitCodes.FAILED);
        assertThat(missing.out()).contains("does not exist");
    }
}
