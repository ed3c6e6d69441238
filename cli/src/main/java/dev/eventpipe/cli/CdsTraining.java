package dev.eventpipe.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.eventpipe.ingest.dlq.DeadLetterQueue;
import dev.eventpipe.ingest.receipt.FileInspector;
import dev.eventpipe.ingest.receipt.ReceiptLookup;
import dev.eventpipe.ingest.upload.LocalFiles;
import dev.eventpipe.ingest.upload.UploadClients;
import dev.eventpipe.ingest.upload.UploadListener;
import dev.eventpipe.ingest.upload.Uploader;
import dev.eventpipe.shared.aws.AwsClients;
import dev.eventpipe.shared.aws.S3ObjectStore;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code eventpipe cds-training} (hidden): the run the launcher records a class-data-sharing archive from
 * ({@code -XX:ArchiveClassesAtExit}), once per build of the jar. It loads what the quick commands load
 * ({@code --version}, the help of every command, {@code receipt}, {@code dlq status}, the upload of one small
 * file) without touching AWS or
 * any emulator: the SDK's clients talk to a stub on loopback that answers every S3 read with an object and
 * no receipt, and every SQS call with empty queues. The archive then maps those classes ready-parsed at each
 * later start; nothing of this command's answers is kept.
 */
@Command(name = "cds-training", hidden = true, description = "Loads the quick commands' classes for the launcher's class-data-sharing archive.")
final class CdsTraining implements Callable<Integer> {

    private static final String QUEUE = "/000000000000/training";
    private static final String DLQ = "/000000000000/training-dlq";

    @Override
    public Integer call() throws IOException {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        PrintStream out = System.out;
        System.setOut(quiet);
        try {
            for (String[] line : new String[][] {{"--version"}, {"--help"}, {"receipt", "--help"}, {"dlq", "status", "--help"},
                {"ingest", "--help"}, {"replay", "--help"}, {"report", "--help"}, {"query", "--help"}}) {
                Main.commandLine(line).setOut(new java.io.PrintWriter(quiet)).execute(line);
            }
            HttpServer stub = stub();
            try (AwsClients clients = AwsClients.forEmulator(URI.create("http://127.0.0.1:" + stub.getAddress().getPort()));
                 SqsClient sqs = clients.build(SqsClient.builder())) {
                ReceiptLookup receipts = new ReceiptLookup(new S3ObjectStore(clients.s3(), S3ObjectStore.MIN_PART_SIZE), "processed");
                String base = "http://127.0.0.1:" + stub.getAddress().getPort();
                DeadLetterQueue dlq = new DeadLetterQueue(sqs, base + QUEUE, base + DLQ, receipts, Clock.systemUTC(),
                        DeadLetterQueue.Sleeper.SYSTEM, DeadLetterQueue.HOLD);
                new FileInspector(clients.s3(), receipts, Optional.of(dlq), Optional.of(base + QUEUE), 10)
                        .inspect("input", "incoming/training.csv", Optional.empty(), 5);
                dlq.status();
                upload(clients);
            } finally {
                stub.stop(0);
            }
        } finally {
            System.setOut(out);
        }
        return 0;
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
