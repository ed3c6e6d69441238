package dev.eventpipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipe.ingest.Progress;
import dev.eventpipe.ingest.ReceiptSource;
import dev.eventpipe.shared.audit.AuditResult;
import dev.eventpipe.ingest.audit.Auditor;
import dev.eventpipe.ingest.dlq.DeadLetterQueue;
import dev.eventpipe.local.emulator.QueuePair;
import dev.eventpipe.local.esm.EventSourceMapping;
import dev.eventpipe.processor.ProcessorApp;
import dev.eventpipe.processor.ProcessorHandler;
import dev.eventpipe.shared.audit.IndexedReceipts;
import dev.eventpipe.shared.aws.AwsClients;
import dev.eventpipe.shared.aws.S3ObjectStore;
import dev.eventpipe.shared.layout.FileId;
import dev.eventpipe.shared.layout.Layout;
import dev.eventpipe.shared.metrics.CountingMetrics;
import dev.eventpipe.shared.receipt.Receipt;
import dev.eventpipe.shared.receipt.Receipts;
import dev.eventpipe.testkit.emulators.Emulators;
import dev.eventpipe.testkit.emulators.EmulatorsExtension;
import dev.eventpipe.testkit.events.S3Events;
import dev.eventpipe.testkit.faults.Fault;
import dev.eventpipe.testkit.faults.FaultPlan;
import dev.eventpipe.testkit.faults.FaultProxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The worker's processing loop with every S3 and SQS request going through a fault proxy that fails 10 %
 * of them (500, 503 SlowDown, SQS throttling, resets mid-response, truncated bodies) and delays some more;
 * then the audit, on clean clients, must find every file accounted for, each with exactly one receipt.
 * The full-size run is {@code docs/reliability.md}'s.
 */
@ExtendWith(EmulatorsExtension.class)
class FaultsIT {

    /** 40 in CI; the full-size run sets {@code -Deventpipe.faults.files=2000} (docs/reliability.md). */
    private static final int FILES = Integer.getInteger("eventpipe.faults.files", 40);
    private static final Duration PATIENCE = Duration.ofSeconds(120 + FILES / 2);

    private final Emulators emulators;

    FaultsIT(Emulators emulators) {
        this.emulators = emulators;
    }

    @Test
    void everyFileEndsWithExactlyOneReceipt_whenTenPercentOfRequestsFail() throws Exception {
        String input = emulators.uniqueName("faults-in");
        String processed = emulators.uniqueName("faults-out");
        emulators.createBucket(input);
        emulators.createBucket(processed);
        QueuePair queue = emulators.createQueueWithDlq(emulators.uniqueName("faults-files"), 10, Duration.ofSeconds(2));
        FaultPlan s3Faults = plan(11, Fault.INTERNAL_ERROR, Fault.SLOW_DOWN, Fault.RESET_MID_RESPONSE, Fault.TRUNCATED_BODY);
        FaultPlan sqsFaults = plan(12, Fault.INTERNAL_ERROR, Fault.THROTTLING, Fault.RESET_MID_RESPONSE, Fault.TRUNCATED_BODY);
        Instant started = Instant.now();
        Instant since = started.minusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
        List<FileId> ids = new ArrayList<>();
        try (FaultProxy s3Proxy = FaultProxy.start(emulators.s3Endpoint(), FaultProxy.Service.S3, s3Faults);
             FaultProxy sqsProxy = FaultProxy.start(emulators.sqsEndpoint(), FaultProxy.Service.SQS, sqsFaults);
             AwsClients faulty = AwsClients.forEmulators(Map.of("S3", s3Proxy.endpoint(), "SQS", sqsProxy.endpoint()));
             SqsClient faultySqs = faulty.build(SqsClient.builder())) {
            ProcessorApp app = ProcessorApp.fromEnvironment(Map.of("EVENTPIPE_PROCESSED_BUCKET", processed), faulty,
                    new CountingMetrics(), Clock.systemUTC());
            EventSourceMapping worker = EventSourceMapping.start(faultySqs, new ProcessorHandler(app),
                    new EventSourceMapping.Settings(queue.queueUrl(), 5, Duration.ZERO, 2, Duration.ofSeconds(1),
                            "eventpipe-processor", Duration.ofMinutes(1)));
            try {
                for (int i = 0; i < FILES; i++) {
                    String key = "faults/file-" + i + ".csv";
                    String csv = "event_id,timestamp,event_type,user_id\ne" + i + ",2026-11-25T10:00:00Z,click,u" + i + "\n";
                    String etag = emulators.s3().putObject(b -> b.bucket(input).key(key), RequestBody.fromString(csv)).eTag()
                            .replace("\"", "");
                    emulators.sqs().sendMessage(b -> b.queueUrl(queue.queueUrl())
                            .messageBody(S3Events.created(input, key, csv.length(), etag, Instant.now())));
                    ids.add(FileId.of(input, key, Optional.empty(), etag));
                }
                awaitReceipts(processed, ids);
            } finally {
                worker.close();
            }
        }
        System.out.printf(java.util.Locale.ROOT, "faults: %d files in %.1f s; S3 %d requests %s; SQS %d requests %s%n", FILES,
                Duration.between(started, Instant.now()).toMillis() / 1e3, s3Faults.requests(), s3Faults.counts(),
                sqsFaults.requests(), sqsFaults.counts());
        assertThat(s3Faults.failed()).as("S3 faults injected: %s", s3Faults.counts()).isPositive();
        assertThat(sqsFaults.failed()).as("SQS faults injected: %s", sqsFaults.counts()).isPositive();

        ExecutorService pool = Executors.newFixedThreadPool(4);
        AuditResult audit;
        try {
            Auditor auditor = new Auditor(emulators.s3(), new IndexedReceipts(new S3ObjectStore(emulators.s3(),
                    S3ObjectStore.MIN_PART_SIZE), processed, pool), new DeadLetterQueue(emulators.sqs(), queue.queueUrl(),
                    queue.dlqUrl(), ReceiptSource.NONE, Clock.systemUTC(), DeadLetterQueue.Sleeper.SYSTEM, Duration.ofSeconds(5)),
                    queue.queueUrl(), queue.dlqUrl(), Clock.systemUTC());
            audit = auditor.audit(new Auditor.Request(input, "faults/", since, Instant.now().plus(Duration.ofHours(1))),
                    Progress.silent(Clock.systemUTC()));
        } finally {
            pool.shutdownNow();
        }
        assertThat(audit.totals().objects()).isEqualTo(FILES);
        assertThat(audit.totals().processed()).as("%s", audit).isEqualTo(FILES);
        assertThat(audit.accountedFor()).isTrue();
        assertThat(audit.attention()).isEmpty();
        assertThat(audit.generations()).as("one receipt generation, one index entry per file").isEmpty();
        for (FileId id : ids) {
            Receipt r = receipt(processed, id).orElseThrow();
            assertThat(r.generation()).isEqualTo(1);
            assertThat(r.rows().valid()).isEqualTo(1);
        }
    }

    private static FaultPlan plan(long seed, Fault... faults) {
        java.util.EnumMap<Fault, Double> rates = new java.util.EnumMap<>(Fault.class);
        for (Fault f : faults) {
            rates.put(f, 0.10 / faults.length);
        }
        rates.put(Fault.LATENCY, 0.05);
        return new FaultPlan(rates, Duration.ofMillis(20), seed);
    }

    private Optional<Receipt> receipt(String bucket, FileId id) {
        try {
            return Optional.of(Receipts.fromJson(emulators.s3().getObjectAsBytes(b -> b.bucket(bucket).key(Layout.receiptKey(id)))
                    .asByteArray()));
        } catch (NoSuchKeyException none) {
            return Optional.empty();
        }
    }

    private void awaitReceipts(String bucket, List<FileId> ids) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        List<FileId> pending = new ArrayList<>(ids);
        while (!pending.isEmpty()) {
            pending.removeIf(id -> receipt(bucket, id).isPresent());
            if (pending.isEmpty()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(pending.size() + " file(s) without a receipt after " + PATIENCE);
            }
            Thread.sleep(100);
        }
    }
}
