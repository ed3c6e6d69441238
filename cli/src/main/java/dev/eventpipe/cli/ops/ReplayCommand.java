package dev.eventpipe.cli.ops;

import dev.eventpipe.ingest.dlq.DeadLetterQueue;
import dev.eventpipe.ingest.replay.ReplayResult;
import dev.eventpipe.ingest.replay.Replayer;
import dev.eventpipe.shared.aws.AwsClients;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code eventpipe replay --bucket B}: backfill by sending the notifications S3 would have sent. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Sends the files queue the S3 notifications of objects already in the input bucket (a prefix, a "
                + "modification-time window), rate-limited.",
            "Files with a receipt are skipped; with --force they are processed again under the receipt's next generation, "
                    + "their old outputs replaced, never duplicated (docs/replay.md).",
            "Exit status 0 when every notification was sent, 1 otherwise."})
public final class ReplayCommand implements Callable<Integer> {

    @Option(names = "--bucket", required = true, description = "The input bucket.")
    String bucket;

    @Option(names = "--prefix", defaultValue = "", description = "Only keys under this prefix.")
    String prefix;

    @Option(names = "--since", description = "Only objects modified at or after this (2026-11-25 or 2026-11-25T10:00:00Z).")
    String since;

    @Option(names = "--until", description = "Only objects modified before this (same forms as --since).")
    String until;

    @Option(names = "--force", description = "Process files that have a receipt again, under a new receipt generation.")
    boolean force;

    @Option(names = "--dry-run", description = "List what would be sent; send nothing.")
    boolean dryRun;

    @Option(names = "--max-per-second", defaultValue = "100", description = "Notifications a second at most (default: ${DEFAULT-VALUE}; 0: no limit).")
    int maxPerSecond;

    @Option(names = "--queue-url", description = "The files queue (default: $EVENTPIPE_QUEUE_URL).")
    String queueUrl;

    @Option(names = "--processed-bucket", description = "Where receipts are (default: $EVENTPIPE_PROCESSED_BUCKET).")
    String processedBucket;

    @Mixin
    AwsOptions aws;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        String queue = Settings.required(spec, queueUrl, "--queue-url", Settings.QUEUE_URL);
        QueueOptions receipts = new QueueOptions();
        receipts.processedBucket = Settings.required(spec, processedBucket, "--processed-bucket", Settings.PROCESSED_BUCKET);
        Replayer.Request request;
        try {
            request = new Replayer.Request(bucket, prefix, time(since), time(until), force, dryRun, queue, maxPerSecond);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        try (AwsClients clients = aws.clients(); SqsClient sqs = clients.build(SqsClient.builder())) {
            Replayer replayer = new Replayer(clients.s3(), sqs, receipts.receipts(clients), clients.region().id(),
                    Clock.systemUTC(), DeadLetterQueue.Sleeper.SYSTEM);
            ReplayResult r;
            try (Ticker ticker = Ticker.start("objects", aws.interactive(), aws.json)) {
                r = replayer.replay(request, ticker.progress());
            }
            if (aws.json) {
                AwsOptions.printJson(System.out, r);
            } else {
                if (dryRun) {
                    r.items().forEach(i -> System.out.printf(Locale.ROOT, "%-5s  %s  (%s)%n", i.action(), i.key(), i.why()));
                }
                System.out.printf(Locale.ROOT, "%d object(s) listed: %d %s, %d skipped (they have a receipt%s), %d failed%n",
                        r.listed(), dryRun ? r.items().stream().filter(i -> !i.action().equals("skip")).count() : r.sent(),
                        dryRun ? "would be sent" : "sent", r.skipped(), force ? "" : "; --force processes them again",
                        r.failed().size());
                r.failed().forEach(f -> System.out.println("  FAILED " + f));
            }
            return r.failed().isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    private Optional<Instant> time(String text) {
        return Optional.ofNullable(text).map(t -> TimeOption.parse(spec, t));
    }
}
