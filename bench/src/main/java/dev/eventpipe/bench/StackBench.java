package dev.eventpipe.bench;

import dev.eventpipe.cli.stack.LocalStack;
import dev.eventpipe.cli.stack.StackSettings;
import dev.eventpipe.shared.receipt.Receipt;
import dev.eventpipe.shared.receipt.Receipts;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Many small files through the local stack ({@code eventpipe up}'s wiring): uploads them with the SDK,
 * waits for every receipt, and prints files/s sustained (first upload → last receipt), the latency
 * from each upload's S3 event time to its receipt, and the JVM's peak heap (run it with the heap
 * {@code eventpipe up} is given, e.g. {@code -Xmx1g}).
 *
 * <pre>
 * java -cp "bench/target/eventpipe-bench.jar:bench/target/lib/*" dev.eventpipe.bench.StackBench DIR [--uploaders N] [--pollers N]
 * </pre>
 */
public final class StackBench {

    private StackBench() {
    }

    private static int dlqDepth(SqsClient sqs, LocalStack stack) {
        return Integer.parseInt(sqs.getQueueAttributes(b -> b.queueUrl(stack.queues().dlqUrl())
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }


    /** CPU seconds of the live threads, grouped by name with digits dropped (Jetty, Pekko, pollers, uploaders). */
    private static String cpuByThreadGroup() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        java.util.TreeMap<String, Double> groups = new java.util.TreeMap<>();
        for (java.lang.management.ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null) {
                long nanos = threads.getThreadCpuTime(t.getThreadId());
                if (nanos > 0) {
                    groups.merge(t.getThreadName().replaceAll("\\d+", "N"), nanos / 1e9, Double::sum);
                }
            }
        }
        StringBuilder out = new StringBuilder();
        groups.entrySet().stream().sorted(java.util.Map.Entry.<String, Double>comparingByValue().reversed()).limit(8)
                .forEach(e -> out.append(String.format(Locale.ROOT, "%s %.1f s; ", e.getKey(), e.getValue())));
        return out.toString();
    }

    public static void main(String[] args) throws Exception {
        // Readable logs on stderr, as `eventpipe up` writes them (one line per file: redirect it).
        System.setProperty("log4j2.configurationFile", "classpath:eventpipe-cli-log4j2.xml");
        System.setProperty("eventpipe.logPattern", "%d{HH:mm:ss.SSS} %-5level %msg%notEmpty{ key=%X{key}}%n");
        Path dir = null;
        int uploaders = 16;
        int pollers = 4;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--uploaders" -> uploaders = Integer.parseInt(args[++i]);
                case "--pollers" -> pollers = Integer.parseInt(args[++i]);
                default -> dir = Path.of(args[i]);
            }
        }
        if (dir == null) {
            System.err.println("usage: StackBench DIR [--uploaders N] [--pollers N]");
            System.exit(2);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        Path data = Files.createTempDirectory("eventpipe-stackbench-");
        StackSettings settings = StackSettings.defaults(0, 0, data).withRetries(3, Duration.ofSeconds(60))
                .withPolling(pollers, Duration.ofSeconds(1), Duration.ofMinutes(15));
        try (LocalStack stack = LocalStack.start(settings, Map.of("EVENTPIPE_MAX_REJECT_RATE", "1"))) {
            S3Client s3 = stack.clients().s3();
            ExecutorService pool = Executors.newFixedThreadPool(uploaders);
            Instant start = Instant.now();
            List<Future<?>> puts = new ArrayList<>();
            for (Path f : files) {
                puts.add(pool.submit(() -> s3.putObject(b -> b.bucket(settings.inputBucket()).key("bench/" + f.getFileName()),
                        RequestBody.fromFile(f))));
            }
            for (Future<?> p : puts) {
                p.get();
            }
            Instant uploaded = Instant.now();
            pool.shutdown();
            // Wait on the queue's depth (cheap), not on listings of a growing bucket, then count once.
            SqsClient sqs = stack.sqs();
            int done = 0;
            while (done < files.size()) {
                Thread.sleep(500);
                Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(stack.queues().queueUrl())
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
                if (Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)) == 0
                        && Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)) == 0) {
                    done = (int) s3.listObjectsV2Paginator(b -> b.bucket(settings.processedBucket()).prefix("receipts/"))
                            .contents().stream().count();
                    if (done < files.size() && dlqDepth(sqs, stack) > 0) {
                        System.out.printf(Locale.ROOT, "%d messages in the DLQ%n", dlqDepth(sqs, stack));
                        break;
                    }
                }
            }
            long peakHeap = HeapPeaks.bytes();
            String cpu = cpuByThreadGroup();
            List<Long> latencies = new ArrayList<>();
            Instant last = Instant.EPOCH;
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(settings.processedBucket()).prefix("receipts/")).contents()) {
                Receipt r = Receipts.fromJson(s3.getObjectAsBytes(b -> b.bucket(settings.processedBucket()).key(o.key()))
                        .asByteArray());
                latencies.add(Duration.between(r.receivedAt(), r.processedAt()).toMillis());
                last = r.processedAt().isAfter(last) ? r.processedAt() : last;
            }
            Collections.sort(latencies);
            double seconds = Duration.between(start, last).toMillis() / 1000.0;
            System.out.printf(Locale.ROOT, "files: %d, uploaders %d, pollers %d%n", files.size(), uploaders, pollers);
            System.out.printf(Locale.ROOT, "upload only: %.2f s (%.0f files/s)%n", Duration.between(start, uploaded).toMillis() / 1000.0,
                    files.size() / (Duration.between(start, uploaded).toMillis() / 1000.0));
            System.out.printf(Locale.ROOT, "sustained, first upload -> last receipt: %.2f s (%.0f files/s)%n", seconds,
                    files.size() / seconds);
            System.out.printf(Locale.ROOT, "upload -> receipt latency: p50 %d ms, p95 %d ms, max %d ms%n",
                    latencies.get(latencies.size() / 2), latencies.get((int) (latencies.size() * 0.95)),
                    latencies.get(latencies.size() - 1));
            System.out.printf(Locale.ROOT, "peak heap (sum of the heap pools' peaks, max %d MiB): %d MiB%n",
                    Runtime.getRuntime().maxMemory() >> 20, peakHeap >> 20);
            System.out.println("CPU by thread group (live threads, start to last receipt): " + cpu);
        }
    }
}
