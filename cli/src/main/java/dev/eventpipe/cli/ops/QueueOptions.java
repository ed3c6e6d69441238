package dev.eventpipe.cli.ops;

import dev.eventpipe.ingest.ReceiptSource;
import dev.eventpipe.ingest.dlq.DeadLetterQueue;
import dev.eventpipe.ingest.receipt.ReceiptLookup;
import dev.eventpipe.shared.aws.AwsClients;
import dev.eventpipe.shared.aws.S3ObjectStore;
import java.time.Clock;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The files queue, its DLQ and the processed bucket, with the Lambdas' variables as fallbacks. */
final class QueueOptions {

    @Option(names = "--queue-url", description = "The files queue (default: $EVENTPIPE_QUEUE_URL).")
    String queueUrl;

    @Option(names = "--dlq-url", description = "Its dead-letter queue (default: $EVENTPIPE_DLQ_URL).")
    String dlqUrl;

    @Option(names = "--processed-bucket", description = "Where receipts are, to show each object's status "
            + "(default: $EVENTPIPE_PROCESSED_BUCKET; without it no statuses are shown).")
    String processedBucket;

    DeadLetterQueue dlq(CommandSpec spec, AwsClients clients, SqsClient sqs) {
        String queue = Settings.required(spec, queueUrl, "--queue-url", Settings.QUEUE_URL);
        String dlq = Settings.required(spec, dlqUrl, "--dlq-url", Settings.DLQ_URL);
        return new DeadLetterQueue(sqs, queue, dlq, receipts(clients), Clock.systemUTC(), DeadLetterQueue.Sleeper.SYSTEM,
                DeadLetterQueue.HOLD);
    }

    /** The S3 client is built at the first look-up (dlq status never looks one up). */
    ReceiptSource receipts(AwsClients clients) {
        return Settings.optional(processedBucket, Settings.PROCESSED_BUCKET)
                .<ReceiptSource>map(b -> id -> new ReceiptLookup(new S3ObjectStore(clients.s3(), S3ObjectStore.MIN_PART_SIZE), b)
                        .find(id))
                .orElse(ReceiptSource.NONE);
    }
}
