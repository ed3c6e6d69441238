package dev.eventpipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipe.shared.layout.Layout;
import dev.eventpipe.testkit.emulators.Emulators;
import dev.eventpipe.testkit.emulators.EmulatorsExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 3 of docs/reliability.md: every notification delivered three times, in a seeded random order, the
 * second half of them only once every file named in the first half has its receipt (so many copies arrive
 * after their file was processed, and others race each other on the worker's two pollers). {@code eventpipe
 * worker} runs as its own process. Afterwards every file has exactly one receipt and the day's report counts
 * every valid record once.
 */
@ExtendWith(EmulatorsExtension.class)
class DuplicateDeliveryIT {

    /** 30 in CI; the full-size run sets {@code -Deventpipe.duplicates.files=2000} (docs/reliability.md). */
    private static final int FILES = Integer.getInteger("eventpipe.duplicates.files", 30);
    private static final Duration PATIENCE = Duration.ofSeconds(120 + FILES / 4);

    private final Emulators emulators;

    DuplicateDeliveryIT(Emulators emulators) {
        this.emulators = emulators;
    }

    @Test
    void everyFileCountedOnce_whenEachNotificationArrivesThreeTimes_inRandomOrder_someAfterItsFileWasProcessed(@TempDir Path dir)
            throws Exception {
        ReliabilityRun run = new ReliabilityRun(emulators, dir, "dups", 10, Duration.ofSeconds(5));
        List<EventFiles.File> files = EventFiles.generate(31, run.prefix, FILES);
        EventFiles.Truth truth = EventFiles.truth(files);
        run.upload(files);
        // One notification per file, as S3 sends it; SQS's at-least-once delivery repeats the same body.
        Map<String, String> bodies = new TreeMap<>();
        for (String key : run.ids.keySet()) {
            bodies.put(key, run.notification(key));
        }
        List<String> deliveries = new ArrayList<>();
        for (String key : run.ids.keySet()) {
            deliveries.addAll(List.of(key, key, key));
        }
        Collections.shuffle(deliveries, new Random(32));
        List<String> first = deliveries.subList(0, deliveries.size() / 2);
        List<String> second = deliveries.subList(deliveries.size() / 2, deliveries.size());
        Set<String> seen = new HashSet<>(first);
        long late = second.stream().filter(seen::contains).count();
        assertThat(late).as("copies delivered after their file was processed").isPositive();

        Instant started = Instant.now();
        Process worker = run.startWorker(emulators.s3Endpoint());
        try {
            first.forEach(k -> run.send(bodies.get(k)));
            ReliabilityRun.await("receipts for the first half's files", PATIENCE, () -> {
                Set<String> receipts = new HashSet<>(run.listProcessed(Layout.RECEIPTS));
                return seen.stream().allMatch(k -> receipts.contains(Layout.receiptKey(run.ids.get(k))));
            });
            System.out.println("dups: first half done after " + Duration.between(started, Instant.now()));
            second.forEach(k -> run.send(bodies.get(k)));
            ReliabilityRun.await("every file's receipt and an empty queue", PATIENCE,
                    () -> run.receipts() == FILES && run.queued(run.queue().queueUrl()) == 0);
        } finally {
            ReliabilityRun.stop(worker);
        }
        Duration took = Duration.between(started, Instant.now());
        String log = Files.readString(dir.resolve("worker-1.log"), StandardCharsets.UTF_8);
        System.out.printf(Locale.ROOT, "duplicates: %d files, %d deliveries (%d after their file was processed) in %.1f s; "
                + "valid records %d, invalid rows %d%n", FILES, deliveries.size(), late, took.toMillis() / 1e3, truth.valid(),
                truth.invalid());

        assertThat(log).as(log).contains("stopped: " + deliveries.size() + " messages handled, 0 handed back to the queue");
        run.assertEveryFileOnce(truth, List.of());
    }
}
