package dev.eventpipe.cli.ops;

import dev.eventpipe.ingest.dlq.DeadLetterQueue;
import dev.eventpipe.ingest.Progress;
import dev.eventpipe.ingest.receipt.ReceiptLookup;
import dev.eventpipe.ingest.receipt.ReceiptWatch;
import dev.eventpipe.ingest.upload.FileResult;
import dev.eventpipe.ingest.upload.LocalFile;
import dev.eventpipe.ingest.upload.LocalFiles;
import dev.eventpipe.ingest.upload.UploadClients;
import dev.eventpipe.ingest.upload.UploadListener;
import dev.eventpipe.ingest.upload.UploadSummary;
import dev.eventpipe.ingest.upload.Uploader;
import dev.eventpipe.shared.aws.AwsClients;
import dev.eventpipe.shared.aws.S3ObjectStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code eventpipe ingest PATH... --bucket B}: bulk upload, resumable, optionally following each file to its receipt. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Uploads files and directories to the input bucket: one PUT per file, large files in parallel parts.",
            "Skips files already there unchanged (same size and checksum), so running the same command again resumes "
                    + "an interrupted upload. CRC32 checksums are verified by S3; large files go in parts.",
            "--wait then follows each uploaded file to its receipt and prints what became of it.",
            "Exit status: 0 all uploaded (and, with --wait, processed); 1 a file failed to upload or was quarantined; "
                    + "3 a file had no receipt within --timeout."})
public final class IngestCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files and directories (walked recursively).")
    List<Path> paths;

    @Option(names = "--bucket", required = true, description = "The input bucket.")
    String bucket;

    @Option(names = "--prefix", defaultValue = "", description = "Key prefix (a directory's files keep their relative paths under it).")
    String prefix;

    @Option(names = "--include", description = "Only files matching this glob (repeatable), e.g. '*.csv' or '2026/**'.")
    List<String> includes = new ArrayList<>();

    @Option(names = "--exclude", description = "Leave out files matching this glob (repeatable), e.g. '*.tmp'.")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--concurrency", description = "Files in flight at most (default: 8 to an endpoint on this machine, 32 otherwise).")
    Integer concurrency;

    @Option(names = "--part-size", defaultValue = "16", description = "MiB: files above this go in parts of this size (default: ${DEFAULT-VALUE}).")
    int partSizeMiB;

    @Option(names = "--wait", description = "Follow each uploaded file to its receipt and print the outcomes.")
    boolean await;

    @Option(names = "--timeout", defaultValue = "10m", description = "With --wait: how long to wait for every receipt (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--processed-bucket", description = "With --wait: where the receipts are (default: $EVENTPIPE_PROCESSED_BUCKET).")
    String processedBucket;

    @Mixin
    AwsOptions aws;

    @Spec
    CommandSpec spec;

    /** What --json prints. */
    record Result(UploadSummary upload, Optional<List<ReceiptWatch.Outcome>> outcomes) {
    }

    @Override
    public Integer call() throws InterruptedException {
        String processed = await ? Settings.required(spec, processedBucket, "--processed-bucket", Settings.PROCESSED_BUCKET) : "";
        if ((concurrency != null && concurrency < 1) || partSizeMiB < 5) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--concurrency must be at least 1 and "
                    + "--part-size at least 5 (S3's smallest part)");
        }
        List<LocalFile> files = LocalFiles.find(paths, prefix, includes, excludes);
        PrintStream out = System.out;
        long threshold = (long) partSizeMiB << 20;
        UploadSummary summary;
        try (AwsClients clients = aws.clients();
             UploadClients upload = UploadClients.open(clients,
                     concurrency == null ? OptionalInt.empty() : OptionalInt.of(concurrency), threshold, Clock.systemUTC())) {
            Uploader uploader = upload.uploader();
            try (Ticker ticker = Ticker.start("files", aws.interactive(), aws.json)) {
                summary = uploader.upload(bucket, keyPrefix(files), files, listener(ticker.progress()));
            }
            if (!aws.json) {
                printSummary(out, summary);
            }
            Optional<List<ReceiptWatch.Outcome>> outcomes = Optional.empty();
            if (await && !summary.uploaded().isEmpty()) {
                ReceiptLookup receipts = new ReceiptLookup(new S3ObjectStore(clients.s3(), S3ObjectStore.MIN_PART_SIZE), processed);
                Map<String, String> ids = new LinkedHashMap<>();
                summary.uploaded().forEach(u -> ids.put(u.key(), u.fileId()));
                try (Ticker ticker = Ticker.start("receipts", aws.interactive(), aws.json)) {
                    outcomes = Optional.of(new ReceiptWatch(receipts, Clock.systemUTC(), DeadLetterQueue.Sleeper.SYSTEM,
                            Duration.ofSeconds(1)).await(ids, timeout, ticker.progress()));
                }
                if (!aws.json) {
                    printOutcomes(out, outcomes.get());
                }
            }
            if (aws.json) {
                AwsOptions.printJson(out, new Result(summary, outcomes));
            }
            return exitCode(summary, outcomes);
        }
    }

    /** The longest common "directory" of the keys: what one listing covers. */
    static String keyPrefix(List<LocalFile> files) {
        if (files.isEmpty()) {
            return "";
        }
        String common = files.get(0).key();
        for (LocalFile f : files) {
            int i = 0;
            while (i < common.length() && i < f.key().length() && common.charAt(i) == f.key().charAt(i)) {
                i++;
            }
            common = common.substring(0, i);
        }
        int slash = common.lastIndexOf('/');
        return slash < 0 ? "" : common.substring(0, slash + 1);
    }

    static int exitCode(UploadSummary summary, Optional<List<ReceiptWatch.Outcome>> outcomes) {
        if (!summary.failed().isEmpty()) {
            return ExitCodes.FAILED;
        }
        if (outcomes.isPresent()) {
            if (outcomes.get().stream().anyMatch(o -> o.status().equals("quarantined"))) {
                return ExitCodes.FAILED;
            }
            if (outcomes.get().stream().anyMatch(o -> o.status().equals("pending"))) {
                return ExitCodes.NOT_YET;
            }
        }
        return ExitCodes.OK;
    }

    private static UploadListener listener(Progress progress) {
        return new UploadListener() {
            @Override
            public void planned(int files, long bytes) {
                progress.total(files, bytes);
            }

            @Override
            public void bytesSent(long bytes) {
                progress.addBytes(bytes);
            }

            @Override
            public void finished(FileResult result) {
                progress.addItems(1);
                if (result instanceof FileResult.Skipped skipped) {
                    progress.addBytes(skipped.size()); // counted as done, so the bar reaches its end
                }
            }
        };
    }

    private static void printSummary(PrintStream out, UploadSummary s) {
        out.printf(Locale.ROOT, "s3://%s: %d uploaded (%s), %d skipped (unchanged), %d failed in %.1f s (%.0f files/s)%n",
                s.bucket(), s.uploaded().size(), Progress.size(s.bytesUploaded()), s.skipped().size(), s.failed().size(),
                s.elapsed().toMillis() / 1000.0, s.filesPerSecond());
        for (FileResult.Failed f : s.failed()) {
            out.println("  FAILED " + f.key() + ": " + f.reason());
        }
        if (!s.failed().isEmpty()) {
            out.println("Run the same command again to retry the failed files; uploaded ones are skipped.");
        }
    }

    private static void printOutcomes(PrintStream out, List<ReceiptWatch.Outcome> outcomes) {
        int width = Math.max(3, outcomes.stream().mapToInt(o -> o.key().length()).max().orElse(3));
        out.printf(Locale.ROOT, "%-" + width + "s  %-11s  %8s  %8s  %s%n", "key", "outcome", "valid", "rejected", "reason");
        for (ReceiptWatch.Outcome o : outcomes) {
            out.printf(Locale.ROOT, "%-" + width + "s  %-11s  %8d  %8d  %s%n", o.key(), o.status(), o.rowsValid(), o.rowsRejected(),
                    o.reasonCode().map(c -> c + ": ").orElse("") + o.reason().orElse(""));
        }
        long processed = outcomes.stream().filter(ReceiptWatch.Outcome::ok).count();
        out.printf(Locale.ROOT, "%d processed, %d quarantined, %d without a receipt yet%n", processed,
                outcomes.stream().filter(o -> o.status().equals("quarantined")).count(),
                outcomes.stream().filter(o -> o.status().equals("pending")).count());
    }
}
