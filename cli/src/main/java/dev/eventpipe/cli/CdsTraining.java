package dev.eventpipe.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.eventpipe.ingest.upload.LocalFiles;
import dev.eventpipe.ingest.upload.UploadClients;
import dev.eventpipe.ingest.upload.UploadListener;
import dev.eventpipe.ingest.upload.Uploader;
import dev.eventpipe.shared.aws.AwsClients;
import dev.eventpipe.shared.receipt.Receipt;
import dev.eventpipe.shared.receipt.Receipts;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code eventpipe cds-training} (hidden): the run the launcher records a class-data-sharing archive from
 * ({@code -XX:ArchiveClassesAtExit}), once per build of the jar. It runs what the quick commands run
 * ({@code --version}, the help of every command, {@code receipt} of a processed and of an unknown file and
 * {@code dlq status}, as text and as JSON, through the same command line, the SDK's default credentials chain and
 * its request path; the upload of one small file) without touching AWS or any emulator: the SDK's clients talk
 * to a stub on loopback, selected through the SDK's own endpoint and credentials system properties (set for the
 * run, then restored), that answers every S3 read with an object, a receipt in the bucket {@code processed} and
 * none elsewhere, and every SQS call with empty queues. The archive then maps those classes ready-parsed at each
 * later start; nothing of this command's answers is kept.
 */
@Command(name = "cds-training", hidden = true, description = "Loads the quick commands' classes for the launcher's class-data-sharing archive.")
final class CdsTraining implements Callable<Integer> {

    private static final String QUEUE = "/000000000000/training";
    private static final String DLQ = "/000000000000/training-dlq";
    /** The processed bucket whose every receipt the stub has (any other has none). */
    private static final String RECEIPTS = "processed";
    static final byte[] RECEIPT = Receipts.toJson(new Receipt(Receipt.SCHEMA_VERSION, "training",
            new Receipt.Source("input", "incoming/training.csv", Optional.empty(), "d41d8cd98f00b204e9800998ecf8427e", 11),
            Receipt.Status.PROCESSED, Optional.empty(), Optional.empty(), "csv", "events v1", new Receipt.Rows(1, 1, 0),
            List.of("events/dt=2026-12-03/training.jsonl.gz"), List.of(LocalDate.of(2026, 12, 3)),
            Instant.parse("2026-12-03T08:00:00Z"), Instant.parse("2026-12-03T08:00:01Z"), 1000, 11, "training",
            new TreeMap<>(), Receipt.FIRST_GENERATION, List.of()));

    /** The SDK's own settings the training sets (endpoints, credentials): system properties win over the environment. */
    private static final List<String> SETTINGS = List.of("aws.endpointUrl", "aws.endpointUrlS3", "aws.endpointUrlSqs",
            "aws.accessKeyId", "aws.secretAccessKey");

    @Override
    public Integer call() throws IOException {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        PrintStream out = System.out;
        PrintStream err = System.err;
        System.setOut(quiet);
        System.setErr(quiet);
        Map<String, String> saved = new HashMap<>();
        SETTINGS.forEach(k -> saved.put(k, System.getProperty(k)));
        HttpServer stub = stub();
        try {
            for (String[] line : new String[][] {{"--version"}, {"--help"}, {"receipt", "--help"}, {"dlq", "status", "--help"},
                {"ingest", "--help"}, {"replay", "--help"}, {"report", "--help"}, {"query", "--help"}}) {
                run(quiet, line);
            }
            WarmUp.run("receipt");
            WarmUp.run("dlq");
            String base = "http://127.0.0.1:" + stub.getAddress().getPort();
            // The commands as an operator runs them (options, the SDK's default credentials chain, the request path,
            // the text and JSON answers), pointed at the stub through the SDK's own settings.
            SETTINGS.stream().filter(k -> k.startsWith("aws.endpointUrl")).forEach(k -> System.setProperty(k, base));
            System.setProperty("aws.accessKeyId", "training");
            System.setProperty("aws.secretAccessKey", "training");
            List<String> queues = List.of("--queue-url", base + QUEUE, "--dlq-url", base + DLQ, "--region", "us-east-1");
            for (String json : new String[] {"--json", "--rejects=5"}) {
                run(quiet, concat(List.of("receipt", "s3://input/incoming/training.csv", "--processed-bucket", RECEIPTS, json), queues));
                run(quiet, concat(List.of("receipt", "s3://input/incoming/training.csv", "--processed-bucket", "none", json), queues));
                run(quiet, concat(List.of("dlq", "status", json), queues));
            }
            try (AwsClients clients = AwsClients.forEmulator(URI.create(base))) {
                upload(clients);
            }
        } finally {
            stub.stop(0);
            saved.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
            System.setOut(out);
            System.setErr(err);
        }
        return 0;
    }

    private static void run(PrintStream quiet, String... line) {
        java.io.PrintWriter w = new java.io.PrintWriter(quiet);
        Main.commandLine(line).setOut(w).setErr(w).execute(line);
    }

    private static String[] concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all.toArray(String[]::new);
    }

    /** One small file through the uploader (listing, PUT): {@code ingest} starts on archived classes too. */
    private static void upload(AwsClients clients) throws IOException {
        Path dir = Files.createTempDirectory("eventpipe-cds-");
        try {
            Files.writeString(dir.resolve("training.csv"), "event_id\n1\n");
            try (UploadClients upload = UploadClients.open(clients, Uploader.Settings.of(1, 16L << 20), Clock.systemUTC())) {
                upload.uploader().upload("input", "incoming/", LocalFiles.find(List.of(dir), "incoming", List.of(), List.of()),
                        UploadListener.NONE);
            }
        } finally {
            Files.deleteIfExists(dir.resolve("training.csv"));
            Files.deleteIfExists(dir);
        }
    }

    private static HttpServer stub() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", CdsTraining::answer);
        server.start();
        return server;
    }

    private static void answer(HttpExchange x) throws IOException {
        x.getRequestBody().readAllBytes();
        String target = Optional.ofNullable(x.getRequestHeaders().getFirst("X-Amz-Target")).orElse("");
        if (target.startsWith("AmazonSQS.")) {
            String body = switch (target.substring("AmazonSQS.".length())) {
                case "GetQueueAttributes" -> "{\"Attributes\":{\"ApproximateNumberOfMessages\":\"0\","
                        + "\"ApproximateNumberOfMessagesNotVisible\":\"0\",\"ApproximateNumberOfMessagesDelayed\":\"0\","
                        + "\"QueueArn\":\"arn:aws:sqs:us-east-1:000000000000:training-dlq\"}}";
                case "ReceiveMessage" -> "{\"Messages\":[]}";
                case "ListMessageMoveTasks" -> "{\"Results\":[]}";
                default -> "{}";
            };
            send(x, 200, "application/x-amz-json-1.0", body, Map.of());
        } else if ("PUT".equals(x.getRequestMethod())) {
            send(x, 200, "application/xml", "", Map.of("ETag", "\"d41d8cd98f00b204e9800998ecf8427e\""));
        } else if ("GET".equals(x.getRequestMethod()) && String.valueOf(x.getRequestURI().getRawQuery()).contains("list-type=2")) {
            send(x, 200, "application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult>"
                    + "<Name>input</Name><KeyCount>0</KeyCount><IsTruncated>false</IsTruncated></ListBucketResult>", Map.of());
        } else if ("GET".equals(x.getRequestMethod()) && x.getRequestURI().getRawPath().startsWith("/" + RECEIPTS + "/")) {
            x.getResponseHeaders().add("ETag", "\"d41d8cd98f00b204e9800998ecf8427e\"");
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(200, RECEIPT.length);
            try (OutputStream o = x.getResponseBody()) {
                o.write(RECEIPT);
            }
        } else if ("HEAD".equals(x.getRequestMethod())) {
            x.getResponseHeaders().add("ETag", "\"d41d8cd98f00b204e9800998ecf8427e\"");
            x.getResponseHeaders().add("Last-Modified", "Thu, 03 Dec 2026 08:00:00 GMT");
            x.sendResponseHeaders(200, -1);
            x.close();
        } else {
            send(x, 404, "application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code>"
                    + "<Message>The specified key does not exist.</Message></Error>", Map.of());
        }
    }

    private static void send(HttpExchange x, int status, String type, String body, Map<String, String> headers) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", type);
        headers.forEach(x.getResponseHeaders()::add);
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream o = x.getResponseBody()) {
            o.write(bytes);
        }
    }
}
