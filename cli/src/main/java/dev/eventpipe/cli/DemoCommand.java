package dev.eventpipe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventpipe.cli.stack.LocalStack;
import dev.eventpipe.cli.stack.StackSettings;
import dev.eventpipe.reporter.ReportRun;
import dev.eventpipe.shared.aws.S3ObjectStore;
import dev.eventpipe.shared.json.Json;
import dev.eventpipe.shared.layout.FileId;
import dev.eventpipe.shared.receipt.Receipt;
import dev.eventpipe.shared.receipt.Receipts;
import dev.eventpipe.shared.store.ObjectStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/** The one-command tour: the local stack in a temporary directory, the sample files through it, a table. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs the whole pipeline end to end on sample_data/ and shows what became of each file.",
            "Starts the local stack in a temporary directory, uploads every sample file, waits for every receipt, "
                    + "prints a table and the daily report of the demo day (today, in EVENTPIPE_REPORT_ZONE, UTC by default), "
                    + "and stops.",
            "Exits 0 only when every file reached the outcome sample_data/expected-outcomes.json names."})
final class DemoCommand implements Callable<Integer> {

    private static final String EXPECTED = "expected-outcomes.json";

    @Option(names = "--samples", description = "The folder of files to upload (default: the repository's sample_data).")
    Path samples;

    @Option(names = "--timeout", defaultValue = "60s", description = "How long to wait for every receipt (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--json", description = "Print the outcomes as JSON instead of a table.")
    boolean json;

    @Option(names = "--verbose", description = "Stack traces with errors.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path dir = samples != null ? samples : defaultSamples();
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no sample folder at " + dir.toAbsolutePath() + " (give one with --samples)");
        }
        Map<String, JsonNode> expected = expectations(dir);
        List<Path> files = sampleFiles(dir);
        Path data = Files.createTempDirectory("eventpipe-demo-");
        StackSettings settings = StackSettings.defaults(0, 0, data).withRetries(3, Duration.ofSeconds(5))
                .withPolling(2, Duration.ofSeconds(1), Duration.ofMinutes(1));
        Instant started = Instant.now();
        List<Row> rows;
        try (LocalStack stack = LocalStack.start(settings, System.getenv())) {
            Instant uploaded = Instant.now();
            Map<String, FileId> ids = upload(stack, files);
            rows = await(stack, ids, uploaded);
            report(rows, expected, Duration.between(started, Instant.now()), Duration.between(uploaded, Instant.now()));
            if (!json) {
                dailyReport(stack);
            }
        } finally {
            deleteRecursively(data);
        }
        return rows.stream().allMatch(r -> r.meets(expected.get(r.file))) ? 0 : 1; // meets() is false without a receipt
    }

    private Map<String, FileId> upload(LocalStack stack, List<Path> files) throws IOException {
        S3Client s3 = stack.clients().s3();
        Map<String, FileId> ids = new LinkedHashMap<>();
        String bucket = stack.settings().inputBucket();
        for (Path f : files) {
            String key = "incoming/" + f.getFileName();
            PutObjectResponse put = s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(f));
            // The input bucket is versioned: the file's id names the version this upload made.
            ids.put(f.getFileName().toString(), FileId.of(bucket, key, Optional.ofNullable(put.versionId()),
                    FileId.plainETag(put.eTag())));
        }
        return ids;
    }

    private List<Row> await(LocalStack stack, Map<String, FileId> ids, Instant uploaded) throws InterruptedException {
        ObjectStore store = new S3ObjectStore(stack.clients().s3(), S3ObjectStore.MIN_PART_SIZE);
        Map<String, Receipt> receipts = new LinkedHashMap<>();
        Instant deadline = uploaded.plus(timeout);
        while (receipts.size() < ids.size() && Instant.now().isBefore(deadline)) {
            for (var e : ids.entrySet()) {
                if (!receipts.containsKey(e.getKey())) {
                    Receipts.read(store, stack.settings().processedBucket(), e.getValue())
                            .ifPresent(r -> receipts.put(e.getKey(), r));
                }
            }
            if (receipts.size() < ids.size()) {
                Thread.sleep(100);
            }
        }
        List<Row> rows = new ArrayList<>();
        ids.keySet().forEach(f -> rows.add(new Row(f, receipts.get(f))));
        return rows;
    }

    private void report(List<Row> rows, Map<String, JsonNode> expected, Duration total, Duration processing) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ArrayNode array = Json.mapper().createArrayNode();
            for (Row r : rows) {
                ObjectNode o = array.addObject();
                o.put("file", r.file);
                o.put("as_expected", r.meets(expected.get(r.file)));
                o.set("receipt", r.receipt == null ? null : Json.mapper().valueToTree(r.receipt));
            }
            out.println(array.toPrettyString());
            out.flush();
            return;
        }
        out.printf("%-34s %-12s %7s %8s %7s  %s%n", "file", "status", "valid", "rejected", "outputs", "note");
        for (Row r : rows) {
            String note = r.receipt == null ? "no receipt within " + timeout.toSeconds() + " s"
                    : r.receipt.reason().map(s -> r.receipt.reasonCode().orElse("") + ": " + s).orElse("");
            if (!r.meets(expected.get(r.file))) {
                note = "NOT AS EXPECTED (" + expected.get(r.file) + ") " + note;
            }
            out.printf("%-34s %-12s %7s %8s %7s  %s%n", clip(r.file, 34),
                    r.receipt == null ? "-" : r.receipt.status().wire(),
                    r.receipt == null ? "-" : r.receipt.rows().valid(), r.receipt == null ? "-" : r.receipt.rows().rejected(),
                    r.receipt == null ? "-" : r.receipt.outputs().size(), clip(note, 90));
        }
        long ok = rows.stream().filter(r -> r.meets(expected.get(r.file))).count();
        out.printf("%d of %d files as expected; all processed %.1f s after the first upload (%.1f s with start-up and stop)%n",
                ok, rows.size(), processing.toMillis() / 1000.0, total.toMillis() / 1000.0);
        out.flush();
    }

    /**
     * The report of the demo day: the files were processed today, so today's report is the one that counts
     * them (tomorrow's 08:00 run would send it). The samples' records carry their own event dates, which
     * the report shows under "records ingested".
     */
    private void dailyReport(LocalStack stack) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        LocalDate today = LocalDate.now(java.time.Clock.system(stack.reporter().zone()));
        ReportRun run = stack.reporter().run(Optional.of(today), true);
        out.println();
        ReportCommand.print(out, run, Optional.of(stack.outbox()));
        try (Stream<Path> mails = Files.list(stack.outbox())) {
            mails.sorted().forEach(m -> out.printf("email: %s%n", m.getFileName()));
        }
        out.flush();
    }

    /** One sample file and its receipt (null when none came in time). */
    private record Row(String file, Receipt receipt) {
        boolean meets(JsonNode expectation) {
            if (receipt == null) {
                return false;
            }
            if (expectation == null) {
                return true; // no expectation written down: any receipt will do
            }
            return expectation.path("status").asText(receipt.status().wire()).equals(receipt.status().wire())
                    && (!expectation.has("reason_code") || expectation.get("reason_code").asText().equals(receipt.reasonCode().orElse("")))
                    && (!expectation.has("valid") || expectation.get("valid").asLong() == receipt.rows().valid())
                    && (!expectation.has("rejected") || expectation.get("rejected").asLong() == receipt.rows().rejected());
        }
    }

    private static Map<String, JsonNode> expectations(Path dir) throws IOException {
        Path file = dir.resolve(EXPECTED);
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if (Files.exists(file)) {
            Json.mapper().readTree(file.toFile()).properties().forEach(e -> out.put(e.getKey(), e.getValue()));
        }
        return out;
    }

    private static List<Path> sampleFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().equals(EXPECTED) && !p.getFileName().toString().equals("README.md"))
                    .sorted().toList();
        }
    }

    /** {@code sample_data} in the working directory, else beside the tool's jar (REPO/cli/target/eventpipe-cli.jar). */
    private static Path defaultSamples() {
        Path here = Path.of("sample_data");
        if (Files.isDirectory(here)) {
            return here;
        }
        try {
            Path jar = Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.getParent().getParent().getParent().resolve("sample_data");
        } catch (URISyntaxException | NullPointerException e) {
            return here;
        }
    }

    private static String clip(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 3) + "...";
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
