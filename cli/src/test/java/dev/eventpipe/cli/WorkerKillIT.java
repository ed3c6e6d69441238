package dev.eventpipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipe.testkit.emulators.Emulators;
import dev.eventpipe.testkit.emulators.EmulatorsExtension;
import dev.eventpipe.testkit.faults.Fault;
import dev.eventpipe.testkit.faults.FaultPlan;
import dev.eventpipe.testkit.faults.FaultProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 2 of docs/reliability.md: {@code eventpipe worker}, as its own process, killed with SIGKILL at
 * seeded random moments spread over the run while it drains the queue, and restarted each time: whatever it was writing when it
 * died (outputs without a receipt, a receipt without its index entry, a message in flight) is redone by the
 * next delivery. Afterwards every file has exactly one receipt and the day's report counts every valid
 * record once. The moments only decide where the kills fall; the verdict does not depend on them.
 */
@ExtendWith(EmulatorsExtension.class)
class WorkerKillIT {

    /** 60 files and 4 kills in CI; the full-size run sets {@code -Deventpipe.kill.files=2000 -Deventpipe.kill.kills=20}. */
    private static final int FILES = Integer.getInteger("eventpipe.kill.files", 60);
    private static final int KILLS = Integer.getInteger("eventpipe.kill.kills", 4);
    private static final Duration PATIENCE = Duration.ofSeconds(120 + FILES / 4);

    private final Emulators emulators;

    WorkerKillIT(Emulators emulators) {
        this.emulators = emulators;
    }

    private static boolean logSays(Path log, String text) {
        try {
            return Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyFileCountedOnce_whenTheWorkerIsKilledAgainAndAgainMidRun(@TempDir Path dir) throws Exception {
        // A killed worker's messages come back after the visibility timeout; a message can be in flight at
        // several kills, so maxReceiveCount is well above the kills (none is meant to reach the DLQ).
        ReliabilityRun run = new ReliabilityRun(emulators, dir, "kill", KILLS + 10, Duration.ofSeconds(3));
        List<EventFiles.File> files = EventFiles.generate(51, run.prefix, FILES);
        EventFiles.Truth truth = EventFiles.truth(files);
        run.upload(files);
        run.ids.keySet().forEach(k -> run.send(run.notification(k)));
        Random moments = new Random(52);

        Instant started = Instant.now();
        int kills = 0;
        long receiptsAtKills = 0;
        long receiptsAtFirstKill = 0;
        // 30 ms on every S3 request of the worker, so that a run lasts long enough to be killed in several times.
        try (FaultProxy slow = FaultProxy.start(emulators.s3Endpoint(), FaultProxy.Service.S3,
                new FaultPlan(Map.of(Fault.LATENCY, 1.0), Duration.ofMillis(30), 53))) {
            Process worker = run.startWorker(slow.endpoint());
            try {
                // Kill i falls once at least thresholds[i] receipts are written: spread over the whole run.
                int[] thresholds = moments.ints(KILLS, 0, FILES * 9 / 10).sorted().toArray();
                while (kills < KILLS) {
                    Path log = dir.resolve("worker-" + (kills + 1) + ".log");
                    int threshold = thresholds[kills];
                    ReliabilityRun.await("worker " + (kills + 1) + " polling", PATIENCE, () -> logSays(log, "worker polling"));
                    ReliabilityRun.await(threshold + " receipts", PATIENCE, () -> run.receipts() >= threshold);
                    Thread.sleep(200 + moments.nextInt(800)); // somewhere in a batch
                    worker.destroyForcibly(); // SIGKILL: no shutdown hook, no batch finished
                    assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
                    kills++;
                    receiptsAtKills = run.receipts();
                    if (kills == 1) {
                        receiptsAtFirstKill = receiptsAtKills;
                    }
                    worker = run.startWorker(slow.endpoint());
                }
                ReliabilityRun.await("every file's receipt and an empty queue", PATIENCE,
                        () -> run.receipts() == FILES && run.queued(run.queue().queueUrl()) == 0);
                // The last worker may have been started just before the end: stopped once it polls, as an operator would.
                Path last = dir.resolve("worker-" + (kills + 1) + ".log");
                ReliabilityRun.await("the last worker polling", PATIENCE, () -> logSays(last, "worker polling"));
            } finally {
                ReliabilityRun.stop(worker);
            }
        }
        System.out.printf(Locale.ROOT, "kill: %d files, %d SIGKILLs (the last once %d receipts were written), all processed in %.1f s; "
                + "valid records %d, invalid rows %d%n", FILES, kills, receiptsAtKills,
                Duration.between(started, Instant.now()).toMillis() / 1e3, truth.valid(), truth.invalid());

        assertThat(receiptsAtFirstKill).as("the first kill fell while files were left to process").isLessThan(FILES);
        run.assertEveryFileOnce(truth, List.of());
    }
}
