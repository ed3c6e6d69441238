package dev.eventpipe.bench;

import dev.eventpipe.local.s3.LocalS3;
import dev.eventpipe.shared.aws.AwsClients;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * {@code aws s3 cp --recursive} and {@code eventpipe ingest} on the same folder, to the same endpoint, in
 * turn (A B A B ...), each into an empty prefix: both rates and their ratio per round, then the medians.
 *
 * <p>Without {@code --endpoint} the endpoint is the local stack's S3 ({@link LocalS3}, on disk, input bucket
 * versioned as {@code eventpipe up} keeps it) started in this JVM, with no processor behind it, so the figures
 * are the clients' and the store's, not the pipeline's. Each client runs as its own process, its start
 * included, as a user would run it. Every round checks that each tool stored one object per file. The
 * first round (or {@code --warmup N}) is not counted: it warms the server up (its JIT), as a running
 * {@code eventpipe up} is.
 */
public final class IngestBench {

    private static final String BUCKET = "ingest-bench";

    private IngestBench() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("log4j2.configurationFile", "classpath:eventpipe-cli-log4j2.xml");
        System.setProperty("eventpipe.logPattern", "%d{HH:mm:ss.SSS} %-5level %msg%n");
        String endpoint = null;
        int rounds = 3;
        int warmups = 1;
        String aws = "aws";
        String eventpipe = "java -jar cli/target/eventpipe-cli.jar";
        List<String> ingestArgs = new ArrayList<>();
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--endpoint" -> endpoint = args[++i];
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmups = Integer.parseInt(args[++i]);
                case "--aws" -> aws = args[++i];
                case "--eventpipe" -> eventpipe = args[++i];
                case "--ingest-arg" -> ingestArgs.add(args[++i]);
                case "--serve" -> {
                    serve(Integer.parseInt(args[++i]));
                    return;
                }
                default -> {
                    if (args[i].startsWith("--") || dir != null) {
                        throw new IllegalArgumentException("usage: IngestBench [--endpoint URL] [--rounds N] [--aws CMD] "
                                + "[--eventpipe CMD] [--ingest-arg ARG]... DIR");
                    }
                    dir = Path.of(args[i]);
                }
            }
        }
        if (dir == null) {
            throw new IllegalArgumentException("a folder of files to upload is required");
        }
        long files;
        long bytes;
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> regular = walk.filter(Files::isRegularFile).toList();
            files = regular.size();
            bytes = regular.stream().mapToLong(IngestBench::size).sum();
        }
        Path data = Files.createTempDirectory("eventpipe-ingestbench-");
        LocalS3 local = endpoint == null ? LocalS3.start(LocalS3.Settings.of(0, data.resolve("s3"))) : null;
        URI target = local != null ? local.endpoint() : URI.create(endpoint);
        try (AwsClients clients = AwsClients.forEmulator(target)) {
            S3Client s3 = clients.s3();
            if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(BUCKET))) {
                s3.createBucket(b -> b.bucket(BUCKET));
            }
            if (local != null) {
                s3.putBucketVersioning(b -> b.bucket(BUCKET).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
            }
            System.out.printf(Locale.ROOT, "%,d files, %.1f MiB, to %s%n", files, bytes / 1048576.0,
                    local != null ? "the local stack's S3 (in the bench JVM, no processor)" : target);
            System.out.printf(Locale.ROOT, "%5s %10s %9s %12s %10s %9s %12s %7s%n", "round", "awscli s", "files/s", "CPU cli/srv",
                    "ingest s", "files/s", "CPU cli/srv", "ratio");
            double[] ratios = new double[rounds];
            double[] awsRates = new double[rounds];
            double[] ingestRates = new double[rounds];
            String stamp = Long.toString(System.currentTimeMillis(), 36);
            for (int round = -warmups; round < rounds; round++) {
                int r = round;
                String awsPrefix = "awscli-" + stamp + "-" + (r + warmups) + "/";
                String ingestPrefix = "ingest-" + stamp + "-" + (r + warmups) + "/";
                List<String> awsCommand = new ArrayList<>(Arrays.asList(aws.split(" ")));
                awsCommand.addAll(List.of("--endpoint-url", target.toString(), "s3", "cp", "--recursive", "--quiet",
                        dir.toString(), "s3://" + BUCKET + "/" + awsPrefix));
                Run awsRun = run(awsCommand, target);
                List<String> ingestCommand = new ArrayList<>(Arrays.asList(eventpipe.split(" ")));
                ingestCommand.addAll(List.of("ingest", dir.toString(), "--bucket", BUCKET, "--prefix", ingestPrefix));
                ingestCommand.addAll(ingestArgs);
                Run ingestRun = run(ingestCommand, target);
                check(s3, awsPrefix, files);
                check(s3, ingestPrefix, files);
                if (r < 0) {
                    System.out.printf(Locale.ROOT, "%5s %10.2f %9.1f %5.1f/%-6s %10.2f %9.1f %5.1f/%-6s  (warm-up, not counted)%n", "-",
                            awsRun.seconds(), files / awsRun.seconds(), awsRun.clientCpu(), cpu(local, awsRun), ingestRun.seconds(),
                            files / ingestRun.seconds(), ingestRun.clientCpu(), cpu(local, ingestRun));
                    continue;
                }
                awsRates[r] = files / awsRun.seconds();
                ingestRates[r] = files / ingestRun.seconds();
                ratios[r] = awsRun.seconds() / ingestRun.seconds();
                System.out.printf(Locale.ROOT, "%5d %10.2f %9.1f %5.1f/%-6s %10.2f %9.1f %5.1f/%-6s %6.2fx%n", r + 1, awsRun.seconds(),
                        awsRates[r], awsRun.clientCpu(), cpu(local, awsRun), ingestRun.seconds(), ingestRates[r],
                        ingestRun.clientCpu(), cpu(local, ingestRun), ratios[r]);
            }
            System.out.printf(Locale.ROOT, "median: awscli %.1f files/s (%.1f MiB/s), eventpipe ingest %.1f files/s (%.1f MiB/s), "
                            + "ingest/awscli %.2fx%n", median(awsRates), median(awsRates) * bytes / files / 1048576.0,
                    median(ingestRates), median(ingestRates) * bytes / files / 1048576.0, median(ratios));
        } finally {
            if (local != null) {
                local.close();
            }
            ScratchDir.delete(data);
        }
        System.exit(0);
    }

    /** Only the local S3, on {@code port}, with the bench bucket, until the process is stopped: for profiling a client. */
    private static void serve(int port) throws Exception {
        Path data = Files.createTempDirectory("eventpipe-ingestbench-");
        LocalS3 local = LocalS3.start(LocalS3.Settings.of(port, data.resolve("s3")));
        try (AwsClients clients = AwsClients.forEmulator(local.endpoint())) {
            clients.s3().createBucket(b -> b.bucket(BUCKET));
        }
        System.out.println("local S3 at " + local.endpoint() + ", bucket " + BUCKET + ", data in " + data + "; Ctrl-C stops");
        Thread.currentThread().join();
    }

    /** Wall seconds of a client's run, its CPU seconds (user + system) and the bench JVM's (the local S3's). */
    private record Run(double seconds, double clientCpu, double serverCpu) {
    }

    /** Runs a client to completion with dummy credentials for the endpoint, under {@code /usr/bin/time} when there is one. */
    private static Run run(List<String> command, URI endpoint) throws IOException, InterruptedException {
        Path times = Files.createTempFile("ingestbench-", ".time");
        List<String> timed = new ArrayList<>();
        boolean haveTime = Files.isExecutable(Path.of("/usr/bin/time"));
        if (haveTime) {
            timed.addAll(List.of("/usr/bin/time", "-o", times.toString(), "-f", "%U %S"));
        }
        timed.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(timed).inheritIO().redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("AWS_ACCESS_KEY_ID", "bench");
        pb.environment().put("AWS_SECRET_ACCESS_KEY", "bench");
        pb.environment().put("AWS_REGION", "us-east-1");
        pb.environment().put("AWS_DEFAULT_REGION", "us-east-1");
        pb.environment().put("AWS_ENDPOINT_URL", endpoint.toString());
        long serverBefore = ownCpuNanos();
        long start = System.nanoTime();
        Process p = pb.start();
        int code = p.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        double server = (ownCpuNanos() - serverBefore) / 1e9;
        if (code != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + code);
        }
        double client = Double.NaN;
        if (haveTime) {
            String[] parts = Files.readString(times).trim().split("\\s+");
            client = Double.parseDouble(parts[parts.length - 2]) + Double.parseDouble(parts[parts.length - 1]);
        }
        Files.deleteIfExists(times);
        return new Run(seconds, client, server);
    }

    private static long ownCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The server's CPU when it runs in this JVM; unknown for another endpoint. */
    private static String cpu(LocalS3 local, Run run) {
        return local != null ? String.format(Locale.ROOT, "%.1f", run.serverCpu()) : "-";
    }

    private static void check(S3Client s3, String prefix, long files) {
        long stored = s3.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream().count();
        if (stored != files) {
            throw new IllegalStateException("s3://" + BUCKET + "/" + prefix + " holds " + stored + " objects, not " + files);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
