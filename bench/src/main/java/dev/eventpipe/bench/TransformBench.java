package dev.eventpipe.bench;

import dev.eventpipe.processor.file.FileProcessor;
import dev.eventpipe.processor.file.Outcome;
import dev.eventpipe.processor.file.ProcessorSettings;
import dev.eventpipe.processor.format.Limits;
import dev.eventpipe.processor.output.JsonlUpload;
import dev.eventpipe.processor.schema.Schemas;
import dev.eventpipe.shared.metrics.Metrics;
import dev.eventpipe.shared.notification.S3ObjectEvent;
import dev.eventpipe.shared.receipt.Receipt;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The processor's core transform on local files, single-threaded: detect, parse, validate,
 * standardise, add metadata, write JSON Lines (and the manifests), with outputs counted and discarded.
 *
 * <pre>
 * java -cp "bench/target/eventpipe-bench.jar:bench/target/lib/*" dev.eventpipe.bench.TransformBench [--runs N] [--warmup N] [--compression gzip|none] FILE...
 * </pre>
 * Prints, per file and compression, the median of N runs (after the warm-up runs, one by default) in MB/s of
 * input and rows/s. {@code --runs 1 --warmup 0} is one cold run, to time as a whole process.
 */
public final class TransformBench {

    private TransformBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 5;
        int warmup = 1;
        List<JsonlUpload.Compression> compressions = List.of(JsonlUpload.Compression.NONE, JsonlUpload.Compression.GZIP);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--compression" -> compressions = List.of(JsonlUpload.Compression.valueOf(args[++i].toUpperCase(Locale.ROOT)));
                default -> files.add(Path.of(args[i]));
            }
        }
        if (files.isEmpty()) {
            System.err.println("usage: TransformBench [--runs N] [--compression gzip|none] FILE...");
            System.exit(2);
        }
        System.out.printf(Locale.ROOT, "%-28s %-6s %9s %10s %12s %9s %9s%n", "file", "output", "seconds", "MB/s", "rows/s",
                "rows", "rejected");
        for (Path file : files) {
            for (JsonlUpload.Compression c : compressions) {
                run(file, c, runs, warmup);
            }
        }
        System.out.printf(Locale.ROOT, "peak heap used: %d MiB (max %d MiB)%n",
                ManagementFactory.getMemoryPoolMXBeans().stream()
                        .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP)
                        .mapToLong(p -> p.getPeakUsage().getUsed()).sum() >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
    }

    private static void run(Path file, JsonlUpload.Compression compression, int runs, int warmup) throws Exception {
        long size = Files.size(file);
        LocalFileStore store = new LocalFileStore();
        ProcessorSettings settings = new ProcessorSettings("bench-out", List.of(), Schemas.bundledEvents(), compression,
                Limits.DEFAULTS, 1.0, "bench");
        FileProcessor processor = new FileProcessor(store, settings, Metrics.noop(), Clock.systemUTC());
        S3ObjectEvent event = new S3ObjectEvent("ObjectCreated:Put", Instant.parse("2026-11-25T00:00:00Z"), "bench-in",
                file.toString(), size, "etag", Optional.empty(), Optional.empty());
        List<Double> seconds = new ArrayList<>();
        Receipt last = null;
        for (int i = 0; i < warmup + runs; i++) {
            store.clear();
            long t0 = System.nanoTime();
            Outcome o = processor.process(event);
            long t1 = System.nanoTime();
            if (!(o instanceof Outcome.Processed p)) {
                throw new IllegalStateException("benchmark file was not processed: " + o);
            }
            last = p.receipt();
            if (i >= warmup) {
                seconds.add((t1 - t0) / 1e9);
            }
        }
        Collections.sort(seconds);
        double median = seconds.get(seconds.size() / 2);
        System.out.printf(Locale.ROOT, "%-28s %-6s %9.3f %10.1f %12.0f %9d %9d%n", file.getFileName(),
                compression.name().toLowerCase(Locale.ROOT), median, size / median / 1e6, last.rows().read() / median,
                last.rows().read(), last.rows().rejected());
    }
}
