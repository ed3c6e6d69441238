package dev.eventpipe.cli.ops;

import dev.eventpipe.ingest.dlq.DeadLetterQueue;
import dev.eventpipe.ingest.receipt.FileInspector;
import dev.eventpipe.ingest.receipt.FileReport;
import dev.eventpipe.ingest.receipt.ReceiptLookup;
import dev.eventpipe.shared.aws.AwsClients;
import dev.eventpipe.shared.aws.S3ObjectStore;
import dev.eventpipe.shared.receipt.Receipt;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code eventpipe receipt s3://BUCKET/KEY}: what happened to my file? */
@Command(name = "receipt", mixinStandardHelpOptions = true,
        description = {"What happened to an uploaded file: its receipt (status, rows, outputs, reason) and first rejected rows; "
                + "without a receipt, whether its message is in the DLQ or the files queue.",
            "Exit status: 0 processed; 1 quarantined, in the DLQ, or no such object; 3 no receipt yet (pending or unknown)."})
public final class ReceiptCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "s3://BUCKET/KEY", description = "The uploaded object.")
    String location;

    @Option(names = "--version-id", description = "A version other than the current one (versioned buckets).")
    String versionId;

    @Option(names = "--rejects", defaultValue = "5", description = "Rejected rows to show (default: ${DEFAULT-VALUE}).")
    int rejects;

    @Option(names = "--dlq-scan", defaultValue = "200", description = "DLQ messages to look through at most (default: ${DEFAULT-VALUE}).")
    int dlqScan;

    @Mixin
    QueueOptions queues;

    @Mixin
    AwsOptions aws;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!location.startsWith("s3://") || location.indexOf('/', 5) <= 5 || location.endsWith("/")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "expected s3://BUCKET/KEY, not '" + location + "'");
        }
        String bucket = location.substring(5, location.indexOf('/', 5));
        String key = location.substring(location.indexOf('/', 5) + 1);
        String processed = Settings.required(spec, queues.processedBucket, "--processed-bucket", Settings.PROCESSED_BUCKET);
        Optional<String> queue = Settings.optional(queues.queueUrl, Settings.QUEUE_URL);
        Optional<String> dlqUrl = Settings.optional(queues.dlqUrl, Settings.DLQ_URL);
        try (AwsClients clients = aws.clients(); OnDemandSqs sqs = new OnDemandSqs(clients)) {
            ReceiptLookup receipts = new ReceiptLookup(new S3ObjectStore(clients.s3(), S3ObjectStore.MIN_PART_SIZE), processed);
            // The SQS client is built only when the file has no receipt and its queues are searched.
            Supplier<Optional<DeadLetterQueue>> dlq = () -> queue.isPresent() && dlqUrl.isPresent()
                    ? Optional.of(new DeadLetterQueue(sqs.get(), queue.get(), dlqUrl.get(), receipts, Clock.systemUTC(),
                            DeadLetterQueue.Sleeper.SYSTEM, DeadLetterQueue.HOLD))
                    : Optional.empty();
            FileReport r = new FileInspector(clients.s3(), receipts, dlq, queue, dlqScan)
                    .inspect(bucket, key, Optional.ofNullable(versionId), rejects);
            if (aws.json) {
                AwsOptions.printJson(System.out, r);
            } else {
                print(System.out, r);
            }
            return switch (r.state()) {
                case PROCESSED -> ExitCodes.OK;
                case PENDING, UNKNOWN -> ExitCodes.NOT_YET;
                case QUARANTINED, IN_DLQ, NO_SUCH_OBJECT -> ExitCodes.FAILED;
            };
        }
    }

    /** The SQS client, built at the first {@link #get()}; closed with the command if it was. */
    private static final class OnDemandSqs implements AutoCloseable {
        private final AwsClients clients;
        private SqsClient sqs;

        OnDemandSqs(AwsClients clients) {
            this.clients = clients;
        }

        SqsClient get() {
            if (sqs == null) {
                sqs = clients.build(SqsClient.builder());
            }
            return sqs;
        }

        @Override
        public void close() {
            if (sqs != null) {
                sqs.close();
            }
        }
    }

    private static void print(PrintStream out, FileReport r) {
        out.printf(Locale.ROOT, "s3://%s/%s%s%n", r.bucket(), r.key(), r.versionId().map(v -> " (version " + v + ")").orElse(""));
        r.fileId().ifPresent(id -> out.println("  file id:  " + id));
        out.println("  state:    " + r.state().wire() + " - " + r.explanation());
        if (r.receipt().isPresent()) {
            Receipt c = r.receipt().get();
            out.printf(Locale.ROOT, "  rows:     %d read, %d valid, %d rejected (format %s, schema %s)%n", c.rows().read(),
                    c.rows().valid(), c.rows().rejected(), c.format().isEmpty() ? "?" : c.format(), c.schema());
            out.printf(Locale.ROOT, "  when:     received %s, processed %s (%d ms), generation %d, pipeline %s%n", c.receivedAt(),
                    c.processedAt(), c.durationMs(), c.generation(), c.pipelineVersion());
            c.outputs().forEach(o -> out.println("  output:   " + o));
        }
        for (ReceiptLookup.RejectedRow row : r.rejects()) {
            out.printf(Locale.ROOT, "  rejected line %d: %s%n      %s%n", row.line(), String.join("; ", row.reasons()), row.raw());
        }
        r.dlqMessageIds().forEach(id -> out.println("  DLQ message: " + id));
    }
}
