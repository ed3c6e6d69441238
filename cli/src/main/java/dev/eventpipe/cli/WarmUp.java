package dev.eventpipe.cli;

import dev.eventpipe.ingest.ReceiptSource;
import dev.eventpipe.ingest.dlq.DeadLetterQueue;
import dev.eventpipe.ingest.receipt.FileInspector;
import dev.eventpipe.ingest.receipt.ReceiptLookup;
import dev.eventpipe.shared.aws.AwsClients;
import dev.eventpipe.shared.aws.S3ObjectStore;
import dev.eventpipe.shared.receipt.Receipts;
import java.time.Clock;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Runs the SDK's request path of {@code receipt} and {@code dlq} once, on a daemon thread, while the main thread
 * builds and parses the command line (about 0.2 s, picocli's classes being the ones JDK 17 cannot archive). The
 * requests are answered in memory ({@link AwsClients#answeredInMemory()}): nothing is sent, nothing is printed,
 * every failure is ignored. The command's own clients then find the SDK's classes initialised and its code
 * warm, which takes about 0.1 s off the start on a machine with a second core free
 * (docs/benchmarks.md#the-command-line-tools-start). {@code -Deventpipe.warmUp=false} turns it off.
 */
final class WarmUp {

    private static final String QUEUE = "http://127.0.0.1:1/000000000000/warm-up";

    private WarmUp() {
    }

    /** Starts the warm-up for the command the arguments name, if it is one that has a warm-up. */
    static void start(String... args) {
        if (args.length == 0 || !Boolean.parseBoolean(System.getProperty("eventpipe.warmUp", "true"))) {
            return;
        }
        if (args[0].equals("receipt") || args[0].equals("dlq")) {
            Thread t = new Thread(() -> run(args[0]), "eventpipe-warm-up");
            t.setDaemon(true);
            t.start();
        }
    }

    /** The warm-up of {@code receipt} or {@code dlq}, on this thread (the CDS training records its classes too). */
    static void run(String command) {
        try {
            if (command.equals("receipt")) {
                receipt();
            } else {
                dlq();
            }
        } catch (RuntimeException | LinkageError ignored) {
            // Only a warm-up: the command itself reports whatever is really wrong.
        }
    }

    /** A HEAD, a receipt GET (an empty document, which does not parse), then a real receipt's JSON read. */
    private static void receipt() {
        try (AwsClients clients = AwsClients.answeredInMemory()) {
            ReceiptLookup receipts = new ReceiptLookup(new S3ObjectStore(clients.s3(), S3ObjectStore.MIN_PART_SIZE), "warm-up");
            try {
                new FileInspector(clients.s3(), receipts, Optional.empty(), Optional.empty(), 0)
                        .inspect("warm-up", "warm-up.csv", Optional.empty(), 5);
            } catch (RuntimeException expected) {
                // "{}" is not a receipt
            }
        }
        Receipts.fromJson(CdsTraining.RECEIPT);
    }

    /** The queue calls of {@code dlq status}. */
    private static void dlq() {
        try (AwsClients clients = AwsClients.answeredInMemory(); SqsClient sqs = clients.build(SqsClient.builder())) {
            new DeadLetterQueue(sqs, QUEUE, QUEUE, ReceiptSource.NONE, Clock.systemUTC(), DeadLetterQueue.Sleeper.SYSTEM,
                    DeadLetterQueue.HOLD).status();
        }
    }
}
