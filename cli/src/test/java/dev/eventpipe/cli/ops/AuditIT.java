package dev.eventpipe.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipe.cli.stack.LocalStack;
import dev.eventpipe.cli.stack.StackSettings;
import dev.eventpipe.shared.layout.FileId;
import dev.eventpipe.shared.layout.Layout;
import dev.eventpipe.shared.receipt.Receipt;
import dev.eventpipe.shared.receipt.Receipts;
import dev.eventpipe.testkit.events.S3Events;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code eventpipe audit} as an operator runs it, against a local stack holding a mix of outcomes: a processed
 * file, a quarantined one, one replayed with --force (two receipt generations), one whose receipt is lost
 * (unaccounted) and one whose notification sits in the DLQ. Then the fixes it prints are run, and the
 * audit passes.
 */
class AuditIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String GOOD = "event_id,event_type,user_id,timestamp\ne1,click,u1,2026-11-25T10:00:00Z\n";

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

    @Test
    void accountsForEveryUpload_listsWhatIsNot_withTheCommandThatFixesIt() throws Exception {
        Instant since = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
        S3Client s3 = stack.clients().s3();
        FileId good = upload("audit/good.csv", GOOD);
        FileId bad = upload("audit/bad.csv", "no,schema,here\n1,2,3\n");
        FileId twice = upload("audit/twice.csv", GOOD.replace("e1", "e2"));
        FileId lost = upload("audit/lost.csv", GOOD.replace("e1", "e3"));
        FileId dead = upload("audit/dead.csv", GOOD.replace("e1", "e4"));
        for (FileId id : List.of(good, bad, twice, lost, dead)) {
            awaitReceipt(id, r -> true);
        }
        CliRun force = eventpipe("replay", "--bucket", input(), "--prefix", "audit/twice.csv", "--force");
        assertThat(force.exit()).as(force.out()).isZero();
        awaitReceipt(twice, r -> r.generation() == 2);
        // lost: its receipt and index entry are gone, and no message is anywhere (what the audit is for).
        forget(lost);
        // dead: as if its notification had failed maxReceiveCount times and been dead-lettered.
        forget(dead);
        var head = s3.headObject(b -> b.bucket(input()).key("audit/dead.csv"));
        stack.sqs().sendMessage(b -> b.queueUrl(stack.queues().dlqUrl()).messageBody(S3Events.message(List.of(
                S3Events.record("ObjectCreated:Put", input(), "audit/dead.csv", GOOD.length(), head.eTag().replace("\"", ""),
                        Optional.of(head.versionId()), Instant.now())))));
        String until = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS).toString();

        CliRun audit = eventpipe("audit", "--bucket", input(), "--prefix", "audit/", "--since", since.toString(), "--until", until,
                "--json");

        assertThat(audit.exit()).as(audit.out()).isEqualTo(ExitCodes.FAILED);
        JsonNode r = audit.json();
        assertThat(r.at("/totals/objects").asLong()).isEqualTo(5);
        assertThat(r.at("/totals/processed").asLong()).isEqualTo(2);
        assertThat(r.at("/totals/quarantined").size()).isEqualTo(1);
        assertThat(r.at("/totals/quarantined").elements().next().asLong()).isEqualTo(1);
        assertThat(r.at("/totals/in_dlq").asLong()).isEqualTo(1);
        assertThat(r.at("/totals/still_queued").asLong()).isZero();
        assertThat(r.at("/totals/unaccounted").asLong()).isEqualTo(1);
        assertThat(r.get("attention")).extracting(i -> i.get("outcome").asText() + " " + i.get("key").asText())
                .containsExactly("in_dlq audit/dead.csv", "unaccounted audit/lost.csv");
        JsonNode unaccounted = r.get("attention").get(1);
        assertThat(unaccounted.get("file_id").asText()).isEqualTo(lost.value());
        assertThat(unaccounted.get("fix").asText()).startsWith("eventpipe replay --bucket " + input() + " --prefix audit/lost.csv");
        assertThat(r.get("attention").get(0).get("fix").asText()).startsWith("eventpipe dlq redrive");
        assertThat(r.get("generations")).hasSize(1);
        assertThat(r.at("/generations/0/key").asText()).isEqualTo("audit/twice.csv");
        assertThat(r.at("/generations/0/generation").asInt()).isEqualTo(2);
        assertThat(r.at("/dlq/matched").asLong()).isEqualTo(1);

        // Once the hourly roll-up has run, the audit takes the outcomes from the roll-ups and says the same.
        assertThat(stack.reporter().rollUp()).anyMatch(x -> x.prefix().startsWith(Layout.PROCESSED_ON) && !x.isEmpty());
        CliRun rolled = eventpipe("audit", "--bucket", input(), "--prefix", "audit/", "--since", since.toString(), "--until", until,
                "--json");
        assertThat(rolled.exit()).as(rolled.out()).isEqualTo(ExitCodes.FAILED);
        for (String part : List.of("totals", "attention", "generations", "dlq")) {
            assertThat(rolled.json().get(part)).as(part).isEqualTo(r.get(part));
        }

        CliRun text = eventpipe("audit", "--bucket", input(), "--prefix", "audit/", "--since", since.toString(), "--until", until);
        assertThat(text.exit()).isEqualTo(ExitCodes.FAILED);
        assertThat(text.out()).contains("unaccounted:  1", "in the DLQ:   1", "UNACCOUNTED  audit/lost.csv",
                "GENERATIONS  audit/twice.csv", "1 object(s) are not accounted for");

        // The fixes the audit printed: the replay command as given, and a redrive.
        CliRun replay = eventpipe(Arrays.copyOfRange(unaccounted.get("fix").asText().split(" "), 1,
                unaccounted.get("fix").asText().split(" ").length));
        assertThat(replay.exit()).as(replay.out()).isZero();
        assertThat(replay.out()).contains("1 sent");
        CliRun redrive = eventpipe("dlq", "redrive");
        assertThat(redrive.exit()).as(redrive.out()).isZero();
        awaitReceipt(lost, x -> true);
        awaitReceipt(dead, x -> true);

        CliRun after = eventpipe("audit", "--bucket", input(), "--prefix", "audit/", "--since", since.toString(), "--until", until,
                "--json");
        assertThat(after.exit()).as(after.out()).isZero();
        assertThat(after.json().at("/totals/processed").asLong()).isEqualTo(4);
        assertThat(after.json().get("attention")).isEmpty();
    }

    @Test
    void usageErrors_whenTheWindowIsMissingOrTwice() throws Exception {
        assertThat(eventpipe("audit", "--bucket", input()).exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(eventpipe("audit", "--bucket", input(), "--date", "2026-11-25", "--since", "2026-11-25").exit())
                .isEqualTo(ExitCodes.USAGE);
        assertThat(eventpipe("audit", "--bucket", input(), "--date", "25.11.2026").exit()).isEqualTo(ExitCodes.USAGE);
    }

    private String input() {
        return stack.settings().inputBucket();
    }

    /** The stack's input bucket is versioned, as the Terraform makes it: the version is part of the file id. */
    private FileId upload(String key, String content) {
        var put = stack.clients().s3().putObject(b -> b.bucket(input()).key(key), RequestBody.fromString(content));
        return FileId.of(input(), key, Optional.of(put.versionId()), put.eTag().replace("\"", ""));
    }

    /** Deletes a file's receipt and its processing-date index entries. */
    private void forget(FileId id) {
        S3Client s3 = stack.clients().s3();
        String processed = stack.settings().processedBucket();
        s3.deleteObject(b -> b.bucket(processed).key(Layout.receiptKey(id)));
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(processed).prefix(Layout.PROCESSED_ON)).contents()) {
            if (o.key().endsWith("/" + id.value() + ".json")) {
                s3.deleteObject(b -> b.bucket(processed).key(o.key()));
            }
        }
    }

    private Receipt awaitReceipt(FileId id, Predicate<Receipt> until) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            try {
                Receipt r = Receipts.fromJson(stack.clients().s3().getObjectAsBytes(b -> b.bucket(stack.settings().processedBucket())
                        .key(Layout.receiptKey(id))).asByteArray());
                if (until.test(r)) {
                    return r;
                }
            } catch (NoSuchKeyException notYet) {
                // keep waiting
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no receipt for " + id.value() + " within " + PATIENCE);
    }

    private CliRun eventpipe(String... args) throws IOException, InterruptedException {
        return CliRun.of(stack, files, args);
    }
}
