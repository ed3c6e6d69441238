package dev.eventpipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipe.testkit.emulators.Emulators;
import dev.eventpipe.testkit.emulators.EmulatorsExtension;
import dev.eventpipe.testkit.faults.Fault;
import dev.eventpipe.testkit.faults.FaultPlan;
import dev.eventpipe.testkit.faults.FaultProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 4 of docs/reliability.md: poison messages among good ones. Every GET of some files is refused with
 * a lasting 403 {@code AccessDenied} (a cause no retry cures, as a key policy or a bucket policy that denies
 * the processor would be) by a proxy in front of the worker's S3; {@code eventpipe worker} runs as its own
 * process. Their messages fail {@code maxReceiveCount} times and reach the DLQ, and the audit accounts for
 * them there; then the cause is removed, {@code eventpipe dlq redrive} moves them back, and every file ends
 * with exactly one receipt and the day's report counts every valid record once.
 */
@ExtendWith(EmulatorsExtension.class)
class PoisonRedriveIT {

    /** 24 in CI (every 8th poisoned); the full-size run sets {@code -Deventpipe.poison.files=2000}. */
    private static final int FILES = Integer.getInteger("eventpipe.poison.files", 24);
    private static final int EVERY = 8;
    private static final int MAX_RECEIVES = 2;
    private static final Duration PATIENCE = Duration.ofSeconds(120 + FILES / 4);

    private final Emulators emulators;

    PoisonRedriveIT(Emulators emulators) {
        this.emulators = emulators;
    }

    @Test
    void poisonMessagesReachTheDlq_areAccountedForThere_andARedriveAfterTheCauseIsRemovedRestoresEveryOne(@TempDir Path dir)
            throws Exception {
        ReliabilityRun run = new ReliabilityRun(emulators, dir, "poison", MAX_RECEIVES, Duration.ofSeconds(2));
        List<EventFiles.File> files = EventFiles.generate(41, run.prefix, FILES);
        EventFiles.Truth truth = EventFiles.truth(files);
        List<String> poisoned = new ArrayList<>();
        for (int f = 0; f < files.size(); f += EVERY) {
            poisoned.add(files.get(f).key());
        }
        Set<String> denied = Set.copyOf(poisoned);
        run.upload(files);

        Instant started = Instant.now();
        try (FaultProxy s3 = FaultProxy.start(emulators.s3Endpoint(), FaultProxy.Service.S3, FaultPlan.none())) {
            s3.failMatching(line -> line.startsWith("GET ") && denied.stream().anyMatch(line::contains), Fault.ACCESS_DENIED);
            Process worker = run.startWorker(s3.endpoint());
            try {
                run.ids.keySet().forEach(k -> run.send(run.notification(k)));
                ReliabilityRun.await("the good files' receipts and the poison in the DLQ", PATIENCE,
                        () -> run.receipts() == FILES - poisoned.size() && run.queued(run.queue().dlqUrl()) == poisoned.size()
                                && run.queued(run.queue().queueUrl()) == 0);
                Duration toDlq = Duration.between(started, Instant.now());
                run.assertEveryFileOnce(truth, poisoned);
                long refused = s3.forced();

                s3.clearRule();
                ReliabilityRun.CliAnswer redrive = run.eventpipe("dlq", "redrive");
                assertThat(redrive.exit()).as(redrive.out()).isZero();
                ReliabilityRun.await("every file's receipt and both queues empty", PATIENCE,
                        () -> run.receipts() == FILES && run.queued(run.queue().queueUrl()) == 0
                                && run.queued(run.queue().dlqUrl()) == 0);
                System.out.printf(Locale.ROOT, "poison: %d files, %d poisoned (%d GETs refused), in the DLQ after %.1f s, "
                        + "all processed after the redrive %.1f s in; valid records %d, invalid rows %d%n", FILES, poisoned.size(),
                        refused, toDlq.toMillis() / 1e3, Duration.between(started, Instant.now()).toMillis() / 1e3, truth.valid(),
                        truth.invalid());
                assertThat(refused).as("each poisoned file was refused on every delivery").isGreaterThanOrEqualTo(
                        (long) poisoned.size() * MAX_RECEIVES);
            } finally {
                ReliabilityRun.stop(worker);
            }
        }
        run.assertEveryFileOnce(truth, List.of());
    }
}
