package dev.eventpipe.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.eventpipe.local.esm.EventSourceMapping;
import dev.eventpipe.processor.ProcessorApp;
import dev.eventpipe.processor.ProcessorHandler;
import dev.eventpipe.shared.aws.AwsClients;
import dev.eventpipe.shared.aws.S3ObjectStore;
import dev.eventpipe.shared.metrics.PowertoolsMetrics;
import dev.eventpipe.shared.store.ObjectInfo;
import dev.eventpipe.shared.store.ObjectStore;
import dev.eventpipe.shared.store.ObjectUpload;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * What a file costs: the processor in worker mode (the event source mapping loop of {@code eventpipe worker},
 * the handler Lambda runs) over a folder of files, against S3 and SQS in another process ({@code eventpipe up}),
 * so this JVM's CPU is the processor's alone. It uploads the files to a bucket without notifications, sends one
 * S3 notification per file to a queue of its own, then measures while the worker drains it: process CPU time,
 * wall time, peak heap and peak resident memory, the invocations and their batch sizes, every store call
 * (S3 requests by kind) and every byte written (by output kind) and logged. It prints the figures per file, the
 * modelled Lambda duration and cost at several memory sizes, and one machine-readable line.
 *
 * <pre>
 * java -Xmx1g -cp "bench/target/eventpipe-bench.jar:bench/target/lib/*" dev.eventpipe.bench.CostBench --label 10k-x-100 DIR
 * </pre>
 * with the environment {@code eventpipe up} prints ({@code AWS_ENDPOINT_URL_S3}, {@code AWS_ENDPOINT_URL_SQS},
 * credentials, region); {@code bench/scripts/cost.sh} runs the three loads of docs/cost.md. The model and
 * the prices are in docs/cost.md.
 */
public final class CostBench {

    private CostBench() {
    }

    public static void main(String[] args) throws Exception {
        String label = "load";
        int pollers = 2;
        double s3LatencyMs = 20;
        List<Path> dirs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--label" -> label = args[++i];
                case "--pollers" -> pollers = Integer.parseInt(args[++i]);
                case "--s3-latency-ms" -> s3LatencyMs = Double.parseDouble(args[++i]);
                default -> dirs.add(Path.of(args[i]));
            }
        }
        if (dirs.isEmpty()) {
            System.err.println("usage: CostBench [--label NAME] [--pollers N] [--s3-latency-ms MS] DIR_OR_FILE...");
            System.exit(2);
        }
        // Everything the processor prints (log lines, EMF documents) is counted, as CloudWatch Logs would bill it.
        PrintStream realOut = System.out;
        CountingStream logged = new CountingStream(OutputStream.nullOutputStream());
        System.setOut(new PrintStream(logged, true, StandardCharsets.UTF_8));
        System.setProperty("log4j2.configurationFile", "classpath:log4j2.xml");

        List<Path> files = new ArrayList<>();
        for (Path d : dirs) {
            try (Stream<Path> s = Files.isDirectory(d) ? Files.list(d) : Stream.of(d)) {
                s.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
        }
        long inputBytes = 0;
        for (Path f : files) {
            inputBytes += Files.size(f);
        }

        Map<String, String> env = new HashMap<>(System.getenv());
        String input = "cost-input";
        String processed = "cost-processed";
        env.put("EVENTPIPE_PROCESSED_BUCKET", processed);
        env.putIfAbsent("POWERTOOLS_METRICS_NAMESPACE", "eventpipe");
        AwsClients clients = AwsClients.fromEnvironment(env);
        S3Client s3 = clients.s3();
        SqsClient sqs = clients.build(SqsClient.builder());
        for (String b : List.of(input, processed)) {
            try {
                s3.createBucket(r -> r.bucket(b));
            } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
                // exists already
            }
        }
        String queue = sqs.createQueue(r -> r.queueName("cost-files").attributes(Map.of(
                software.amazon.awssdk.services.sqs.model.QueueAttributeName.VISIBILITY_TIMEOUT, "900"))).queueUrl();
        sqs.purgeQueue(r -> r.queueUrl(queue));

        String run = label + "-" + Instant.now().toEpochMilli();
        realOut.printf(Locale.ROOT, "%s: uploading %,d files (%,d bytes) ...%n", label, files.size(), inputBytes);
        List<String> bodies = upload(s3, input, run, files);
        for (int i = 0; i < bodies.size(); i += 10) {
            List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
            for (int j = i; j < Math.min(i + 10, bodies.size()); j++) {
                batch.add(SendMessageBatchRequestEntry.builder().id("m" + j).messageBody(bodies.get(j)).build());
            }
            sqs.sendMessageBatch(r -> r.queueUrl(queue).entries(batch));
        }

        CountingStore store = new CountingStore(new S3ObjectStore(s3, 8 << 20), 8 << 20);
        ProcessorApp app = ProcessorApp.fromEnvironment(env, store,
                new PowertoolsMetrics(env.get("POWERTOOLS_METRICS_NAMESPACE"), "eventpipe-processor"), Clock.systemUTC());
        CountingHandler handler = new CountingHandler(new ProcessorHandler(app));

        System.gc();
        HeapPeaks.reset();
        long rssBefore = Rss.peakKib();
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        long logged0 = logged.count.get();
        EventSourceMapping esm = EventSourceMapping.start(sqs, handler, new EventSourceMapping.Settings(queue, 10,
                Duration.ZERO, pollers, Duration.ofSeconds(1), "eventpipe-processor", Duration.ofMinutes(15)));
        while (esm.messagesHandled() + esm.messagesFailed() < files.size()) {
            Thread.sleep(20);
        }
        long wall = System.nanoTime() - t0;
        long cpu = cpuNanos() - cpu0;
        long heap = HeapPeaks.bytes();
        long rss = Rss.peakKib();
        long logBytes = logged.count.get() - logged0;
        esm.close();
        System.setOut(realOut);

        int n = files.size();
        Map<String, Long> requests = store.requests();
        long puts = requests.entrySet().stream().filter(e -> e.getKey().startsWith("PUT")).mapToLong(Map.Entry::getValue).sum();
        long gets = requests.getOrDefault("GET", 0L) + requests.getOrDefault("HEAD", 0L) + requests.getOrDefault("LIST", 0L);
        long stored = store.bytesWritten().values().stream().mapToLong(Long::longValue).sum();
        double cpuMsPerFile = cpu / 1e6 / n;
        double sequentialRequestsPerFile = (double) (puts + gets) / n; // the handler makes a file's requests one after another
        realOut.printf(Locale.ROOT, "%n== %s: %,d files, %,d rows each on average, %,.0f bytes each; %d poller(s)%n", label, n,
                rows(files) / n, (double) inputBytes / n, pollers);
        realOut.printf(Locale.ROOT, "wall %.1f s (%,.1f files/s); worker CPU %.1f s = %.2f ms per file; peak heap %d MiB, peak RSS %d MiB (before: %d MiB)%n",
                wall / 1e9, n / (wall / 1e9), cpu / 1e9, cpuMsPerFile, heap >> 20, rss >> 10, rssBefore >> 10);
        realOut.printf(Locale.ROOT, "invocations %,d (%.1f messages each), failures %d%n", handler.invocations.sum(),
                (double) n / handler.invocations.sum(), esm.messagesFailed());
        realOut.printf(Locale.ROOT, "S3 requests per file: %.2f PUT-class, %.2f GET-class; by kind %s%n", (double) puts / n,
                (double) gets / n, perFile(requests, n));
        realOut.printf(Locale.ROOT, "stored per file: %,.0f bytes of outputs %s (input %,.0f bytes); logged %,.0f bytes%n",
                (double) stored / n, perFile(store.bytesWritten(), n), (double) inputBytes / n, (double) logBytes / n);
        Model.print(realOut, n, cpuMsPerFile, sequentialRequestsPerFile, s3LatencyMs, (double) n / handler.invocations.sum(),
                (double) puts / n, (double) gets / n, (double) logBytes / n, (double) (stored + inputBytes) / n, rss >> 10);
        realOut.printf(Locale.ROOT, "RESULT label=%s files=%d cpu_ms_per_file=%.3f wall_s=%.2f peak_heap_mib=%d peak_rss_mib=%d "
                        + "put_per_file=%.3f get_per_file=%.3f stored_bytes_per_file=%.0f input_bytes_per_file=%.0f log_bytes_per_file=%.0f "
                        + "messages_per_invocation=%.2f%n", label, n, cpuMsPerFile, wall / 1e9, heap >> 20, rss >> 10,
                (double) puts / n, (double) gets / n, (double) stored / n, (double) inputBytes / n, (double) logBytes / n,
                (double) n / handler.invocations.sum());
        sqs.close();
        clients.close();
        System.exit(0);
    }

    private static long rows(List<Path> files) throws IOException {
        long rows = 0;
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                byte[] buf = new byte[1 << 16];
                for (int r; (r = in.read(buf)) > 0; ) {
                    for (int i = 0; i < r; i++) {
                        if (buf[i] == '\n') {
                            rows++;
                        }
                    }
                }
            }
            rows--; // the header
        }
        return Math.max(rows, 1);
    }

    private static Map<String, String> perFile(Map<String, Long> counts, int n) {
        Map<String, String> m = new TreeMap<>();
        counts.forEach((k, v) -> m.put(k, String.format(Locale.ROOT, "%.2f", (double) v / n)));
        return m;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Uploads on 8 threads; returns one S3 notification body per file, as S3 would send it. */
    private static List<String> upload(S3Client s3, String bucket, String run, List<Path> files) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> done = new ArrayList<>();
            for (Path f : files) {
                done.add(pool.submit(() -> {
                    String key = run + "/" + f.getFileName();
                    String etag = s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromFile(f)).eTag().replace("\"", "");
                    return "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"awsRegion\":\"us-east-1\","
                            + "\"eventTime\":\"" + Instant.now() + "\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"s3SchemaVersion\":\"1.0\","
                            + "\"bucket\":{\"name\":\"" + bucket + "\"},\"object\":{\"key\":\"" + key + "\",\"size\":" + Files.size(f)
                            + ",\"eTag\":\"" + etag + "\"}}}]}";
                }));
            }
            List<String> bodies = new ArrayList<>();
            for (Future<String> d : done) {
                bodies.add(d.get());
            }
            return bodies;
        } finally {
            pool.shutdown();
        }
    }

    /** Counts invocations; the handler itself is the Lambda's. */
    private static final class CountingHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
        private final ProcessorHandler delegate;
        final LongAdder invocations = new LongAdder();

        CountingHandler(ProcessorHandler delegate) {
            this.delegate = delegate;
        }

        @Override
        public SQSBatchResponse handleRequest(SQSEvent event, com.amazonaws.services.lambda.runtime.Context context) {
            invocations.increment();
            return delegate.handleRequest(event, context);
        }
    }

    /** Counts the S3 requests each store call makes and the bytes written, by the first segment of the key. */
    private static final class CountingStore implements ObjectStore {
        private final ObjectStore delegate;
        private final int partSize;
        private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
        private final Map<String, LongAdder> bytes = new ConcurrentHashMap<>();

        CountingStore(ObjectStore delegate, int partSize) {
            this.delegate = delegate;
            this.partSize = partSize;
        }

        private void count(String kind, long n) {
            requests.computeIfAbsent(kind, k -> new LongAdder()).add(n);
        }

        private void wrote(String key, long n) {
            int slash = key.indexOf('/');
            bytes.computeIfAbsent(slash > 0 ? key.substring(0, slash) : key, k -> new LongAdder()).add(n);
        }

        Map<String, Long> requests() {
            Map<String, Long> m = new TreeMap<>();
            requests.forEach((k, v) -> m.put(k, v.sum()));
            return m;
        }

        Map<String, Long> bytesWritten() {
            Map<String, Long> m = new TreeMap<>();
            bytes.forEach((k, v) -> m.put(k, v.sum()));
            return m;
        }

        @Override
        public Optional<ObjectInfo> head(String bucket, String key) {
            count("HEAD", 1);
            return delegate.head(bucket, key);
        }

        @Override
        public Optional<InputStream> open(String bucket, String key, Optional<String> versionId) {
            count("GET", 1);
            return delegate.open(bucket, key, versionId);
        }

        @Override
        public void put(String bucket, String key, byte[] content, String contentType) {
            count("PUT", 1);
            wrote(key, content.length);
            delegate.put(bucket, key, content, contentType);
        }

        @Override
        public boolean putIfAbsent(String bucket, String key, byte[] content, String contentType) {
            count("PUT (if-none-match)", 1);
            boolean created = delegate.putIfAbsent(bucket, key, content, contentType);
            if (created) {
                wrote(key, content.length);
            }
            return created;
        }

        @Override
        public boolean putIfMatch(String bucket, String key, byte[] content, String contentType, String etag) {
            count("PUT (if-match)", 1);
            wrote(key, content.length);
            return delegate.putIfMatch(bucket, key, content, contentType, etag);
        }

        @Override
        public ObjectUpload startUpload(String bucket, String key, String contentType, String contentEncoding) {
            ObjectUpload upload = delegate.startUpload(bucket, key, contentType, contentEncoding);
            AtomicLong written = new AtomicLong();
            OutputStream counted = new FilterOutputStream(upload.stream()) {
                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    written.incrementAndGet();
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    written.addAndGet(len);
                }
            };
            return new ObjectUpload() {
                @Override
                public OutputStream stream() {
                    return counted;
                }

                @Override
                public void complete() {
                    upload.complete();
                    long n = written.get();
                    wrote(key, n);
                    if (n <= partSize) {
                        count("PUT", 1);
                    } else { // create, the parts, complete: all PUT-class requests
                        count("PUT (multipart)", 2 + (n + partSize - 1) / partSize);
                    }
                }

                @Override
                public void abort() {
                    upload.abort();
                }

                @Override
                public void close() {
                    upload.close();
                }
            };
        }

        @Override
        public List<String> list(String bucket, String prefix, int limit) {
            count("LIST", 1);
            return delegate.list(bucket, prefix, limit);
        }

        @Override
        public void delete(String bucket, String key) {
            count("DELETE", 1);
            delegate.delete(bucket, key);
        }
    }

    private static final class CountingStream extends FilterOutputStream {
        final AtomicLong count = new AtomicLong();

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) {
            count.incrementAndGet();
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count.addAndGet(len);
        }
    }

    /** Peak resident memory of this process (VmHWM), what Lambda reports as "Max Memory Used". */
    private static final class Rss {
        static long peakKib() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("VmHWM:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux
            }
            return 0;
        }
    }
}
