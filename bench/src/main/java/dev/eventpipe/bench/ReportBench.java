package dev.eventpipe.bench;

import dev.eventpipe.local.s3.LocalS3;
import dev.eventpipe.reporter.QueueProbe;
import dev.eventpipe.reporter.ReportRun;
import dev.eventpipe.reporter.ReporterApp;
import dev.eventpipe.reporter.ReporterConfig;
import dev.eventpipe.reporter.report.ReportRules;
import dev.eventpipe.shared.aws.AwsClients;
import dev.eventpipe.shared.aws.S3ObjectStore;
import dev.eventpipe.shared.layout.FileId;
import dev.eventpipe.shared.layout.Layout;
import dev.eventpipe.shared.manifest.ManifestBuilder;
import dev.eventpipe.shared.metrics.CountingMetrics;
import dev.eventpipe.shared.receipt.Receipt;
import dev.eventpipe.shared.receipt.Receipts;
import dev.eventpipe.shared.store.ObjectStore;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The reporter on a big day: writes the manifests and receipts of N files straight into a store (as the
 * processor would have), then times one report of the day and prints its peak heap.
 *
 * <pre>
 * B="bench/target/eventpipe-bench.jar:bench/target/lib/*"
 * java -Dhttp.maxConnections=64 -cp "$B" dev.eventpipe.bench.ReportBench --files 100000 --store memory
 * java -Xmx12g -cp "$B" dev.eventpipe.bench.ReportBench --files 1000000 --store memory --rollup
 * java -Dhttp.maxConnections=64 -cp "$B" dev.eventpipe.bench.ReportBench --files 100000 --store local
 * java -Dhttp.maxConnections=64 -cp "$B" dev.eventpipe.bench.ReportBench --files 100000 --store local-http
 * java -Dhttp.maxConnections=64 -cp "$B" dev.eventpipe.bench.ReportBench --files 100000 --store http://127.0.0.1:5000
 * </pre>
 *
 * {@code memory} is an in-process map (the aggregation's own cost), {@code local} the local stack's S3 as
 * the local stack's reporter reaches it (the {@code ObjectStore} port in-process), {@code local-http} the
 * same S3 through its HTTP endpoint, a URL any S3 endpoint (moto, say). {@code -Dhttp.maxConnections} lets the JDK's HTTP client
 * keep as many connections alive as the reads run in parallel (its default, 5, closes the rest after
 * every request). {@code --rollup} rolls the day up first ({@code ReporterApp.rollUp}, timed apart), so the
 * runs read roll-ups, as the morning's report does after a day of hourly roll-ups.
 */
public final class ReportBench {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 25);
    private static final String PROCESSED = "bench-processed";
    private static final String REPORTS = "bench-reports";

    private ReportBench() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("log4j2.configurationFile", "classpath:eventpipe-cli-log4j2.xml");
        System.setProperty("eventpipe.logPattern", "%d{HH:mm:ss.SSS} %-5level %msg%n");
        int files = 100_000;
        int records = 40;
        int concurrency = 32;
        int runs = 3;
        String where = "memory";
        boolean rollup = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--files" -> files = Integer.parseInt(args[++i]);
                case "--records" -> records = Integer.parseInt(args[++i]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--store" -> where = args[++i];
                case "--rollup" -> rollup = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path data = Files.createTempDirectory("eventpipe-reportbench-");
        LocalS3 localS3 = null; // the local stack's S3 alone: the reporter needs nothing else of it here
        AwsClients clients = null;
        ObjectStore store;
        if (where.equals("memory")) {
            store = new LocalFileStore();
        } else if (where.equals("local")) {
            // as the local stack runs the reporter: the ObjectStore port on its S3, in-process
            localS3 = LocalS3.start(LocalS3.Settings.of(0, data.resolve("s3")));
            localS3.engine().createBucket(PROCESSED);
            localS3.engine().createBucket(REPORTS);
            store = localS3.objectStore();
        } else {
            if (where.equals("local-http")) {
                localS3 = LocalS3.start(LocalS3.Settings.of(0, data.resolve("s3")));
            }
            clients = AwsClients.forEmulator(localS3 != null ? localS3.endpoint() : URI.create(where));
            store = new S3ObjectStore(clients.s3(), S3ObjectStore.MIN_PART_SIZE);
            for (String bucket : new String[] {PROCESSED, REPORTS}) {
                clients.s3().createBucket(b -> b.bucket(bucket));
            }
        }
        try {
            long t0 = System.nanoTime();
            generate(store, files, records, concurrency);
            System.out.printf(Locale.ROOT, "generated %,d files (%,d documents) in %.1f s%n", files, 2L * files,
                    (System.nanoTime() - t0) / 1e9);
            ReporterConfig config = new ReporterConfig(PROCESSED, REPORTS, Optional.empty(), Optional.empty(), Optional.empty(),
                    ZoneId.of("UTC"), Duration.ofDays(7), ReportRules.DEFAULTS, concurrency, "eventpipe", "eventpipe-reporter", List.of(), 1_000_000);
            Clock at = Clock.fixed(Instant.parse("2026-11-26T08:00:00Z"), ZoneOffset.UTC);
            if (rollup) { // what the hourly runs would have left by the morning, done at once
                long r0 = System.nanoTime();
                long rolled;
                try (ReporterApp app = ReporterApp.create(config, store, Optional.empty(), QueueProbe.NONE, Optional.empty(),
                        new CountingMetrics(), at)) {
                    rolled = app.rollUp().stream().mapToLong(dev.eventpipe.reporter.aggregate.RollupBuilder.Result::rolledUp).sum();
                }
                System.out.printf(Locale.ROOT, "rolled up %,d documents in %.1f s%n", rolled, (System.nanoTime() - r0) / 1e9);
            }
            for (int run = 1; run <= runs; run++) {
                System.gc();
                HeapPeaks.reset();
                long start = System.nanoTime();
                ReportRun r;
                try (ReporterApp app = ReporterApp.create(config, store, Optional.empty(), QueueProbe.NONE, Optional.empty(),
                        new CountingMetrics(), at)) {
                    r = app.run(Optional.of(DAY), false);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT, "run %d: report of %,d files, %,d records in %.2f s (%,.0f documents/s), peak heap %d MiB%n",
                        run, r.report().totals().filesReceived(), r.report().totals().recordsValid(), seconds,
                        2 * files / seconds, HeapPeaks.bytes() >> 20);
            }
        } finally {
            if (clients != null) {
                clients.close();
            }
            if (localS3 != null) {
                localS3.close();
            }
            ScratchDir.delete(data);
        }
        System.exit(0);
    }

    /** N files, each with its manifest for the day and its receipt (twice: receipts/ and processed-on/). */
    private static void generate(ObjectStore store, int files, int records, int concurrency) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<?>> pending = new ArrayList<>();
            for (int f = 0; f < files; f++) {
                int file = f;
                pending.add(pool.submit(() -> writeFile(store, file, records)));
                if (pending.size() >= 4 * concurrency) {
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

    private static void writeFile(ObjectStore store, int file, int records) {
        Random rnd = new Random(file);
        String key = "partner-" + (file % 20) + "/upload-" + file + ".csv";
        FileId id = FileId.of("bench-input", key, Optional.empty(), "etag" + file);
        ManifestBuilder m = new ManifestBuilder(id.value(), DAY);
        long dayStart = DAY.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        String[] types = {"page_view", "click", "purchase", "login", "logout"};
        for (int i = 0; i < records; i++) {
            String type = types[rnd.nextInt(types.length)];
            m.add(dayStart + rnd.nextInt(86_400_000), type, type.equals("purchase") ? "pay" : "view",
                    "user-" + (int) Math.abs(rnd.nextGaussian() * 20_000),
                    type.equals("purchase") ? BigDecimal.valueOf(100 + rnd.nextInt(50_000), 2).toPlainString() : null);
        }
        store.put(PROCESSED, Layout.manifestKey(id, DAY), m.toJson(), "application/json");
        Instant processed = DAY.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(file % 86_400);
        long rejected = file % 7 == 0 ? 1 : 0;
        TreeMap<String, Receipt.RejectReason> reasons = new TreeMap<>();
        if (rejected > 0) {
            reasons.put("invalid_timestamp", new Receipt.RejectReason(1, List.of(3L)));
        }
        Receipt receipt = new Receipt(Receipt.SCHEMA_VERSION, id.value(),
                new Receipt.Source("bench-input", key, Optional.empty(), "etag" + file, 4_000), Receipt.Status.PROCESSED,
                Optional.empty(), Optional.empty(), "csv", "events v1", new Receipt.Rows(records + rejected, records, rejected),
                List.of(Layout.manifestKey(id, DAY)), List.of(DAY), processed.minusMillis(800 + file % 3000), processed, 40,
                4_000, "bench", reasons, Receipt.FIRST_GENERATION, List.of());
        store.put(PROCESSED, Layout.processedOnKey(id, DAY), Receipts.toJson(receipt), "application/json");
    }


}
