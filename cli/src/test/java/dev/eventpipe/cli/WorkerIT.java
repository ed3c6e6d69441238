package dev.eventpipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipe.shared.layout.FileId;
import dev.eventpipe.shared.layout.Layout;
import dev.eventpipe.shared.receipt.Receipt;
import dev.eventpipe.shared.receipt.Receipts;
import dev.eventpipe.testkit.emulators.Emulators;
import dev.eventpipe.testkit.emulators.EmulatorsExtension;
import dev.eventpipe.local.emulator.QueuePair;
import dev.eventpipe.testkit.events.S3Events;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * {@code eventpipe worker} as its own process against separately started emulators, configured only
 * through the environment (the SDK's AWS_ENDPOINT_URL_* variables): it needs nothing of the local stack.
 */
@ExtendWith(EmulatorsExtension.class)
class WorkerIT {

    private final Emulators emulators;

    WorkerIT(Emulators emulators) {
        this.emulators = emulators;
    }

    @Test
    void processesTheQueue_andStopsCleanlyOnSigterm(@TempDir Path dir) throws Exception {
        String input = emulators.uniqueName("worker-in");
        String processed = emulators.uniqueName("worker-out");
        emulators.createBucket(input);
        emulators.createBucket(processed);
        QueuePair queue = emulators.createQueueWithDlq(emulators.uniqueName("worker-files"), 3, Duration.ofSeconds(5));
        Path log = dir.resolve("worker.log");
        ProcessBuilder pb = CliProcess.eventpipe(emulators, "worker", "--queue-url", queue.queueUrl(), "--long-poll", "1s")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("EVENTPIPE_PROCESSED_BUCKET", processed);
        Process worker = pb.start();
        try {
            String csv = "event_id,timestamp,event_type,user_id\ne1,2026-11-25T10:00:00Z,click,u1\n";
            String etag = emulators.s3().putObject(b -> b.bucket(input).key("w/file.csv"), RequestBody.fromString(csv)).eTag()
                    .replace("\"", "");
            emulators.sqs().sendMessage(b -> b.queueUrl(queue.queueUrl())
                    .messageBody(S3Events.created(input, "w/file.csv", csv.length(), etag, Instant.now())));
            FileId id = FileId.of(input, "w/file.csv", Optional.empty(), etag);

            Receipt r = awaitReceipt(processed, id, Duration.ofSeconds(60), worker, log);

            assertThat(r.status()).isEqualTo(Receipt.Status.PROCESSED);
            assertThat(r.rows().valid()).isEqualTo(1);
        } finally {
            worker.destroy(); // SIGTERM
        }
        assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(worker.exitValue()).as(output).isZero();
        assertThat(output).contains("stopped: 1 messages handled, 0 handed back to the queue");
    }

    /** The stop is installed before the worker says how to stop it: a SIGTERM sent at that line is drained too. */
    @Test
    void stopsCleanly_onSigtermTheMomentItSaysHowToStop(@TempDir Path dir) throws Exception {
        QueuePair queue = emulators.createQueueWithDlq(emulators.uniqueName("worker-idle"), 3, Duration.ofSeconds(5));
        Path log = dir.resolve("worker.log");
        ProcessBuilder pb = CliProcess.eventpipe(emulators, "worker", "--queue-url", queue.queueUrl(), "--long-poll", "1s")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("EVENTPIPE_PROCESSED_BUCKET", emulators.uniqueName("worker-idle-out"));
        Process worker = pb.start();
        try {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (!Files.readString(log, StandardCharsets.UTF_8).contains("stop with Ctrl-C or SIGTERM") && worker.isAlive()
                    && Instant.now().isBefore(deadline)) {
                Thread.sleep(5);
            }
        } finally {
            worker.destroy(); // SIGTERM
        }
        assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(output).contains("stop with Ctrl-C or SIGTERM");
        assertThat(worker.exitValue()).as(output).isZero();
        assertThat(output).contains("stopped: 0 messages handled, 0 handed back to the queue");
    }

    private Receipt awaitReceipt(String bucket, FileId id, Duration timeout, Process worker, Path log)
            throws InterruptedException, IOException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline) && worker.isAlive()) {
            try {
                return Receipts.fromJson(emulators.s3().getObjectAsBytes(b -> b.bucket(bucket).key(Layout.receiptKey(id)))
                        .asByteArray());
            } catch (NoSuchKeyException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("no receipt; worker output:\n" + Files.readString(log, StandardCharsets.UTF_8));
    }
}
