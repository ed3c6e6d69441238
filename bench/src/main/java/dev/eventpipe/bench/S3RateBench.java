package dev.eventpipe.bench;

import dev.eventpipe.local.s3.LocalS3;
import dev.eventpipe.shared.aws.AwsClients;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Request rates of an S3 endpoint as its bucket grows: PUT, GET, HEAD of 10 KB objects and ListObjectsV2
 * pages of 1,000 keys, measured at each size in {@code --at} (keys in the bucket), through the SDK's sync
 * client over HTTP, {@code --threads} at a time. A store whose per-request cost does not grow with the
 * bucket shows the same rates at every size.
 *
 * <pre>
 * java -cp "bench/target/eventpipe-bench.jar:bench/target/lib/*" dev.eventpipe.bench.S3RateBench --at 1000,100000
 * java -cp ... dev.eventpipe.bench.S3RateBench --endpoint http://127.0.0.1:5000 --at 1000,10000     # moto, say
 * </pre>
 *
 * Without {@code --endpoint} it starts the local stack's S3 ({@link LocalS3}) in this JVM on a temporary
 * directory. A warm-up of {@code --warmup} requests of each kind (50,000; PUTs overwrite 1,000 keys, so the store does not grow) on a bucket of its own comes first. Each
 * figure is requests per second over {@code --ops} requests (PUTs: the last {@code --ops} writes before
 * the size is reached); list pages start after a random key.
 */
public final class S3RateBench {

    private static final String BUCKET = "rate-bench";

    private S3RateBench() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("log4j2.configurationFile", "classpath:eventpipe-cli-log4j2.xml");
        System.setProperty("eventpipe.logPattern", "%d{HH:mm:ss.SSS} %-5level %msg%n");
        List<Integer> sizes = List.of(1_000, 100_000);
        int threads = 8;
        int ops = 2_000;
        int warmup = 50_000;
        int objectBytes = 10_240;
        String endpoint = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--at" -> sizes = java.util.Arrays.stream(args[++i].split(",")).map(Integer::parseInt).toList();
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--ops" -> ops = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--bytes" -> objectBytes = Integer.parseInt(args[++i]);
                case "--endpoint" -> endpoint = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", Integer.toString(threads * 2));
        }
        Path data = Files.createTempDirectory("eventpipe-ratebench-");
        LocalS3 local = endpoint == null ? LocalS3.start(LocalS3.Settings.of(0, data.resolve("s3"))) : null;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (AwsClients clients = AwsClients.forEmulator(local != null ? local.endpoint() : URI.create(endpoint))) {
            S3Client s3 = clients.s3();
            s3.createBucket(b -> b.bucket(BUCKET));
            byte[] body = new byte[objectBytes];
            new Random(1).nextBytes(body);
            System.out.printf(Locale.ROOT, "%s, %d threads, %d-byte objects, %d requests per figure%n",
                    local != null ? "local S3 (in this JVM)" : endpoint, threads, objectBytes, ops);
            // Warm up (JIT, connections) on a bucket of its own, so the first figures are not a cold JVM's:
            // the same 1,000 keys overwritten (the bucket is not versioned), so the store does not grow.
            s3.createBucket(b -> b.bucket(BUCKET + "-warmup"));
            int warm = warmup;
            run(pool, warm, n -> s3.putObject(b -> b.bucket(BUCKET + "-warmup").key(key((int) (n % 1000))), RequestBody.fromBytes(body)));
            run(pool, warm, n -> s3.getObjectAsBytes(b -> b.bucket(BUCKET + "-warmup").key(key((int) (n % 1000)))));
            run(pool, warm, n -> s3.headObject(b -> b.bucket(BUCKET + "-warmup").key(key((int) (n % 1000)))));
            run(pool, warm / 10, n -> s3.listObjectsV2(b -> b.bucket(BUCKET + "-warmup").maxKeys(1000)));
            System.out.printf(Locale.ROOT, "%10s %10s %10s %10s %14s%n", "keys", "PUT/s", "GET/s", "HEAD/s", "LIST pages/s");
            int have = 0;
            for (int size : sizes) {
                int fillTo = Math.max(have, size - ops);
                int from = have;
                run(pool, fillTo - from, n -> put(s3, key(from + (int) n), body));
                int timedFrom = fillTo;
                double putRate = run(pool, size - timedFrom, n -> put(s3, key(timedFrom + (int) n), body));
                have = size;
                int keys = size;
                Random random = new Random(size);
                long[] picks = random.longs(ops, 0, keys).toArray();
                double getRate = run(pool, ops, n -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key((int) picks[(int) n]))));
                double headRate = run(pool, ops, n -> s3.headObject(b -> b.bucket(BUCKET).key(key((int) picks[(int) n]))));
                int pages = Math.max(1, Math.min(ops / 10, 200));
                double listRate = run(pool, pages, n -> s3.listObjectsV2(b -> b.bucket(BUCKET).maxKeys(1000)
                        .startAfter(key((int) (picks[(int) n] % Math.max(1, keys - 1000))))));
                System.out.printf(Locale.ROOT, "%,10d %,10.0f %,10.0f %,10.0f %,14.1f%n", size, putRate, getRate, headRate, listRate);
            }
        } finally {
            pool.shutdownNow();
            if (local != null) {
                local.close();
            }
            ScratchDir.delete(data);
        }
        System.exit(0);
    }

    private static void put(S3Client s3, String key, byte[] body) {
        s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(body));
    }

    /** Keys spread over 100 prefixes, like uploads by many partners. */
    private static String key(int n) {
        return String.format(Locale.ROOT, "p%02d/object-%08d.csv", n % 100, n);
    }

    /** Runs {@code count} requests on the pool and returns requests per second. */
    private static double run(ExecutorService pool, int count, LongConsumer request) throws Exception {
        if (count <= 0) {
            return Double.NaN;
        }
        AtomicLong next = new AtomicLong();
        int workers = ((java.util.concurrent.ThreadPoolExecutor) pool).getCorePoolSize();
        long start = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            running.add(pool.submit(() -> {
                for (long n = next.getAndIncrement(); n < count; n = next.getAndIncrement()) {
                    request.accept(n);
                }
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }
}
