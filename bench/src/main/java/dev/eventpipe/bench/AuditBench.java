package dev.eventpipe.bench;

import dev.eventpipe.ingest.Progress;
import dev.eventpipe.ingest.ReceiptSource;
import dev.eventpipe.ingest.audit.Auditor;
import dev.eventpipe.ingest.dlq.DeadLetterQueue;
import dev.eventpipe.local.emulator.LocalSqs;
import dev.eventpipe.local.emulator.QueuePair;
import dev.eventpipe.local.s3.LocalS3;
import dev.eventpipe.reporter.aggregate.RollupBuilder;
import dev.eventpipe.shared.audit.AuditResult;
import dev.eventpipe.shared.audit.IndexedReceipts;
import dev.eventpipe.shared.aws.AwsClients;
import dev.eventpipe.shared.aws.S3ObjectStore;
import dev.eventpipe.shared.layout.FileId;
import dev.eventpipe.shared.layout.Layout;
import dev.eventpipe.shared.receipt.Receipt;
import dev.eventpipe.shared.receipt.Receipts;
import dev.eventpipe.shared.store.ObjectStore;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code eventpipe audit} on a big day: N input objects and their index entries written into the local
 * stack's S3 (in-process, as the processor would have), a DLQ on ElasticMQ; with {@code --rollup}, the day's
 * index rolled up as the reporter's hourly run does; then the audit times itself over HTTP as the CLI runs
 * it. Every 100th file is quarantined, every 1,000th has no receipt.
 *
 * <pre>
 * B="bench/target/eventpipe-bench.jar:bench/target/lib/*"
 * java -Xmx1g -Dhttp.maxConnections=64 -cp "$B" dev.eventpipe.bench.AuditBench --files 100000 --readers 32 [--rollup]
 * </pre>
 */
public final class AuditBench {

    private static final String INPUT = "bench-input";
    private static final String PROCESSED = "bench-processed";

    private AuditBench() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("log4j2.configurationFile", "classpath:eventpipe-cli-log4j2.xml");
        System.setProperty("eventpipe.logPattern", "%d{HH:mm:ss.SSS} %-5level %msg%n");
        int files = 100_000;
        int readers = 32;
        int runs = 2;
        boolean rollup = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--files" -> files = Integer.parseInt(args[++i]);
                case "--readers" -> readers = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--rollup" -> rollup = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path data = Files.createTempDirectory("eventpipe-auditbench-");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        try (LocalS3 s3 = LocalS3.start(LocalS3.Settings.of(0, data.resolve("s3")));
             LocalSqs sqs = LocalSqs.start(0);
             AwsClients clients = AwsClients.forEmulator(s3.endpoint())) {
            s3.engine().createBucket(INPUT);
            s3.engine().createBucket(PROCESSED);
            QueuePair queues = sqs.createQueueWithDlq("bench-files", 3, Duration.ofSeconds(30));
            long t0 = System.nanoTime();
            generate(s3.objectStore(), files, today);
            System.out.printf(Locale.ROOT, "generated %,d objects and their index entries in %.1f s%n", files,
                    (System.nanoTime() - t0) / 1e9);
            ExecutorService pool = Executors.newFixedThreadPool(readers);
            try {
                if (rollup) {
                    long r0 = System.nanoTime();
                    RollupBuilder.Result r = new RollupBuilder(s3.objectStore(), PROCESSED, pool, 4 * readers)
                            .rollUpReceipts(today, Instant.now());
                    System.out.printf(Locale.ROOT, "rolled up %,d index entries as the hourly run does, in %.1f s%n", r.rolledUp(),
                            (System.nanoTime() - r0) / 1e9);
                }
                IndexedReceipts index = new IndexedReceipts(new S3ObjectStore(clients.s3(), S3ObjectStore.MIN_PART_SIZE), PROCESSED, pool);
                DeadLetterQueue dlq = new DeadLetterQueue(sqs.client(), queues.queueUrl(), queues.dlqUrl(), ReceiptSource.NONE,
                        Clock.systemUTC(), DeadLetterQueue.Sleeper.SYSTEM, DeadLetterQueue.HOLD);
                Auditor auditor = new Auditor(clients.s3(), index, dlq, queues.queueUrl(), queues.dlqUrl(), Clock.systemUTC());
                for (int run = 1; run <= runs; run++) {
                    long cpu0 = cpu();
                    long start = System.nanoTime();
                    AuditResult r = auditor.audit(Auditor.Request.day(INPUT, "", today), Progress.silent(Clock.systemUTC()));
                    double seconds = (System.nanoTime() - start) / 1e9;
                    System.out.printf(Locale.ROOT, "run %d: %,d objects audited in %.2f s (process CPU %.1f s): processed %,d, "
                                    + "quarantined %,d, unaccounted %,d%n", run, r.totals().objects(), seconds,
                            (cpu() - cpu0) / 1e9, r.totals().processed(), r.totals().quarantinedTotal(), r.totals().unaccounted());
                }
            } finally {
                pool.shutdownNow();
            }
        } finally {
            ScratchDir.delete(data);
        }
        System.exit(0);
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void generate(ObjectStore store, int files, LocalDate day) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> pending = new ArrayList<>();
            for (int f = 0; f < files; f++) {
                int file = f;
                pending.add(pool.submit(() -> write(store, file, day)));
                if (pending.size() >= 64) {
                    pending.remove(0).get();
                }
            }
            for (Future<?> p : pending) {
                p.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void write(ObjectStore store, int file, LocalDate day) {
        String key = "partner-" + (file % 20) + "/upload-" + file + ".csv";
        byte[] content = ("event_id,timestamp,event_type,user_id\ne" + file + ",2026-11-25T10:00:00Z,click,u1\n")
                .getBytes(StandardCharsets.UTF_8);
        store.put(INPUT, key, content, "text/csv");
        if (file % 1000 == 999) {
            return; // no receipt: unaccounted
        }
        String etag = store.head(INPUT, key).orElseThrow().etag();
        FileId id = FileId.of(INPUT, key, Optional.empty(), etag);
        boolean quarantined = file % 100 == 0;
        Instant now = Instant.now();
        Receipt receipt = new Receipt(Receipt.SCHEMA_VERSION, id.value(),
                new Receipt.Source(INPUT, key, Optional.empty(), etag, content.length),
                quarantined ? Receipt.Status.QUARANTINED : Receipt.Status.PROCESSED,
                quarantined ? Optional.of("bad_header") : Optional.empty(), quarantined ? Optional.of("bench") : Optional.empty(),
                "csv", "events v1", quarantined ? new Receipt.Rows(0, 0, 0) : new Receipt.Rows(1, 1, 0), List.of(), List.of(), now, now, 1,
                content.length, "bench", new TreeMap<>(), Receipt.FIRST_GENERATION, List.of());
        store.put(PROCESSED, Layout.processedOnKey(id, day), Receipts.toJson(receipt), "application/json");
    }
}
