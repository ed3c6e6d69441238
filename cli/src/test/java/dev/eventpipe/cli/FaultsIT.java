package dev.eventpipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipe.shared.aws.AwsClients;
import dev.eventpipe.testkit.emulators.Emulators;
import dev.eventpipe.testkit.emulators.EmulatorsExtension;
import dev.eventpipe.testkit.faults.Fault;
import dev.eventpipe.testkit.faults.FaultPlan;
import dev.eventpipe.testkit.faults.FaultProxy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Scenario 1 of docs/reliability.md: {@code eventpipe worker}, as its own process, with every one of its S3
 * and SQS requests going through a fault proxy that fails 10 % of them (500, 503 SlowDown, SQS throttling,
 * resets mid-response, truncated bodies) and delays 5 % more. The uploads, the notifications and the checks
 * use clean endpoints; afterwards every file has exactly one receipt, nothing is in the DLQ, and the day's
 * report counts every valid record once ({@link ReliabilityRun#assertEveryFileOnce}).
 */
@ExtendWith(EmulatorsExtension.class)
class FaultsIT {

    /** 40 in CI; the full-size run sets {@code -Deventpipe.faults.files=2000} (docs/reliability.md). */
    private static final int FILES = Integer.getInteger("eventpipe.faults.files", 40);
    /**
     * Another emulator serving S3 and SQS on one endpoint (moto: {@code python -m moto.server}) instead of the local
     * stack's: {@code -Deventpipe.faults.endpoint=http://127.0.0.1:5000}.
     */
    private static final Optional<URI> ELSEWHERE = Optional.ofNullable(System.getProperty("eventpipe.faults.endpoint"))
            .filter(s -> !s.isBlank()).map(URI::create);
    private static final Duration PATIENCE = Duration.ofSeconds(120 + FILES / 2);

    private final Emulators emulators;

    FaultsIT(Emulators emulators) {
        this.emulators = emulators;
    }

    @Test
    void everyFileCountedOnce_whenTenPercentOfTheWorkersRequestsFail(@TempDir Path dir) throws Exception {
        if (ELSEWHERE.isEmpty()) {
            everyFileCountedOnce(new ReliabilityRun(emulators, dir, "faults", 10, Duration.ofSeconds(2)));
            return;
        }
        URI endpoint = ELSEWHERE.get();
        try (AwsClients clients = AwsClients.forEmulator(endpoint); SqsClient sqs = clients.build(SqsClient.builder())) {
            everyFileCountedOnce(ReliabilityRun.anywhere(clients.s3(), sqs, endpoint, endpoint, dir, "faults", 10,
                    Duration.ofSeconds(2)));
        }
    }

    private void everyFileCountedOnce(ReliabilityRun run) throws Exception {
        List<EventFiles.File> files = EventFiles.generate(11, run.prefix, FILES);
        EventFiles.Truth truth = EventFiles.truth(files);
        run.upload(files);
        run.ids.keySet().forEach(k -> run.send(run.notification(k)));
        FaultPlan s3Faults = plan(12, Fault.INTERNAL_ERROR, Fault.SLOW_DOWN, Fault.RESET_MID_RESPONSE, Fault.TRUNCATED_BODY);
        FaultPlan sqsFaults = plan(13, Fault.INTERNAL_ERROR, Fault.THROTTLING, Fault.RESET_MID_RESPONSE, Fault.TRUNCATED_BODY);

        Instant started = Instant.now();
        try (FaultProxy s3 = FaultProxy.start(run.s3Endpoint(), FaultProxy.Service.S3, s3Faults);
             FaultProxy sqs = FaultProxy.start(run.sqsEndpoint(), FaultProxy.Service.SQS, sqsFaults)) {
            Process worker = run.startWorker(s3.endpoint(), sqs.endpoint());
            try {
                ReliabilityRun.await("every file's receipt and an empty queue", PATIENCE,
                        () -> run.receipts() == FILES && run.queued(run.queue().queueUrl()) == 0);
            } finally {
                ReliabilityRun.stop(worker);
            }
        }
        System.out.printf(Locale.ROOT, "faults on %s: %d files in %.1f s; S3 %d requests %s; SQS %d requests %s; valid records %d%n",
                ELSEWHERE.map(URI::toString).orElse("the local stack's emulators"), FILES,
                Duration.between(started, Instant.now()).toMillis() / 1e3, s3Faults.requests(), s3Faults.counts(),
                sqsFaults.requests(), sqsFaults.counts(), truth.valid());

        assertThat(s3Faults.failed()).as("S3 faults injected: %s", s3Faults.counts()).isPositive();
        assertThat(sqsFaults.failed()).as("SQS faults injected: %s", sqsFaults.counts()).isPositive();
        run.assertEveryFileOnce(truth, List.of());
    }

    /** 10 % of requests failing, shared evenly by {@code faults}, and 5 % delayed by 20 ms. */
    private static FaultPlan plan(long seed, Fault... faults) {
        EnumMap<Fault, Double> rates = new EnumMap<>(Fault.class);
        for (Fault f : faults) {
            rates.put(f, 0.10 / faults.length);
        }
        rates.put(Fault.LATENCY, 0.05);
        return new FaultPlan(rates, Duration.ofMillis(20), seed);
    }
}
