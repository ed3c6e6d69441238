package dev.eventpipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipe.local.emulator.QueuePair;
import dev.eventpipe.shared.aws.AwsClients;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Scenarios 2 and 3 of docs/reliability.md together, through the local stack: {@code eventpipe up} as its own
 * process, every file's notification sent three times in a seeded random order, and the whole stack (S3, SQS and the processor in one process) killed with SIGKILL at
 * seeded moments spread over the run and started again on the same data directory. Afterwards every file has
 * exactly one receipt and the day's report counts every valid record once ({@link ReliabilityRun#assertEveryFileOnce}).
 */
class UpKillIT {

    /** 60 files and 3 kills in CI; the full-size run sets {@code -Deventpipe.upkill.files=2000 -Deventpipe.upkill.kills=20}. */
    private static final int FILES = Integer.getInteger("eventpipe.upkill.files", 60);
    private static final int KILLS = Integer.getInteger("eventpipe.upkill.kills", 3);
    private static final Duration PATIENCE = Duration.ofSeconds(120 + FILES / 4);

    @Test
    void everyFileCountedOnce_whenTheStackIsKilledAgainAndAgain_andEveryNotificationComesThreeTimes(@TempDir Path dir)
            throws Exception {
        Path data = dir.resolve("data");
        Stack stack = Stack.start(data, dir.resolve("up-1.log"));
        ReliabilityRun run = ReliabilityRun.onStack(stack.endpoints, dir, "upkill");
        List<EventFiles.File> files = EventFiles.generate(71, run.prefix, FILES);
        EventFiles.Truth truth = EventFiles.truth(files);
        Random seeded = new Random(72);
        int kills = 0;
        List<Integer> receiptsAtKills = new ArrayList<>();
        Instant started = Instant.now();
        try {
            run.upload(files); // no notification yet: the stack notifies only under a prefix no file has
            List<String> copies = new ArrayList<>();
            run.ids.keySet().forEach(k -> copies.addAll(List.of(k, k, k)));
            Collections.shuffle(copies, seeded);
            copies.forEach(k -> run.send(run.notification(k)));

            // Kill i falls once at least thresholds[i] receipts are written: spread over the whole run.
            int[] thresholds = seeded.ints(KILLS, 0, FILES * 9 / 10).sorted().toArray();
            while (kills < KILLS) {
                int threshold = thresholds[kills];
                ReliabilityRun.await(threshold + " receipts", PATIENCE, () -> run.receipts() >= threshold);
                Thread.sleep(seeded.nextInt(200)); // somewhere in a batch
                receiptsAtKills.add(run.receipts());
                stack.kill();
                kills++;
                stack = Stack.start(data, dir.resolve("up-" + (kills + 1) + ".log"));
                run.pointAt(stack.endpoints);
            }
            ReliabilityRun.await("every file's receipt and an empty queue", PATIENCE,
                    () -> run.receipts() == FILES && run.queued(run.queue().queueUrl()) == 0);
            System.out.printf(Locale.ROOT, "upkill: %d files, %d deliveries, %d SIGKILLs of the stack (at %s receipts), all "
                            + "processed in %.1f s; valid records %d, invalid rows %d%n", FILES, FILES * 3, kills, receiptsAtKills,
                    Duration.between(started, Instant.now()).toMillis() / 1e3, truth.valid(), truth.invalid());

            assertThat(receiptsAtKills.get(0)).as("the first kill fell while files were left to process").isLessThan(FILES);
            run.assertEveryFileOnce(truth, List.of());
        } finally {
            stack.stop();
        }
    }

    /** One life of the stack: its process and clients on the ports it picked. */
    private static final class Stack {
        final UpProcess up;
        final AwsClients clients;
        final ReliabilityRun.Endpoints endpoints;

        private Stack(UpProcess up) {
            this.up = up;
            this.clients = AwsClients.forEmulators(Map.of("S3", up.s3(), "SQS", up.sqs()));
            S3Client s3 = clients.s3();
            SqsClient sqs = clients.build(SqsClient.builder());
            QueuePair queue = new QueuePair(sqs.getQueueUrl(b -> b.queueName("eventpipe-files")).queueUrl(),
                    sqs.getQueueUrl(b -> b.queueName("eventpipe-files-dlq")).queueUrl(), "");
            this.endpoints = new ReliabilityRun.Endpoints(s3, sqs, up.s3(), up.sqs(), queue);
        }

        /**
         * A short visibility timeout so that what a killed stack held comes back quickly; a message can be in
         * flight at several kills, so {@code maxReceiveCount} is well above the kills (none is meant to reach the DLQ).
         * The stack's S3 notifies only under {@code notified/}, which no file is under: the run sends every file's
         * three notifications itself, once all files are stored, so that they are all queued while the kills fall;
         * one poller taking one message at a time keeps the stack busy for long enough to be killed mid-run.
         */
        static Stack start(Path data, Path log) throws Exception {
            return new Stack(UpProcess.start(data, log, PATIENCE, "--no-console", "--visibility-timeout", "3s",
                    "--max-receive-count", String.valueOf(KILLS + 10), "--prefix", "notified/", "--pollers", "1",
                    "--batch-size", "1"));
        }

        void kill() throws Exception {
            up.process().destroyForcibly(); // SIGKILL: no shutdown hook, no batch finished, no store flushed
            assertThat(up.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            endpoints.sqs().close();
            clients.close();
        }

        void stop() throws Exception {
            if (up.process().isAlive()) {
                ReliabilityRun.stop(up.process());
            }
            endpoints.sqs().close();
            clients.close();
        }
    }
}
