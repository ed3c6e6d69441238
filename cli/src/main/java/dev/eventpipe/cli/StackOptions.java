package dev.eventpipe.cli;

import dev.eventpipe.cli.stack.StackSettings;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The names and knobs of the local stack, for {@code up}. */
final class StackOptions {

    @Option(names = "--s3-port", defaultValue = "9090", description = "S3 port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int s3Port;

    @Option(names = "--sqs-port", defaultValue = "9324", description = "SQS port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int sqsPort;

    @Option(names = "--data-dir", defaultValue = ".eventpipe", description = "Where S3's objects and SQS's messages live; kept across restarts and crashes (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--input-bucket", defaultValue = "eventpipe-input", description = "Uploads go here (default: ${DEFAULT-VALUE}).")
    String inputBucket;

    @Option(names = "--processed-bucket", defaultValue = "eventpipe-processed", description = "Outputs go here (default: ${DEFAULT-VALUE}).")
    String processedBucket;

    @Option(names = "--reports-bucket", defaultValue = "eventpipe-reports", description = "Reports go here (default: ${DEFAULT-VALUE}).")
    String reportsBucket;

    @Option(names = "--queue", defaultValue = "eventpipe-files", description = "The files queue; its DLQ is NAME-dlq (default: ${DEFAULT-VALUE}).")
    String queue;

    @Option(names = "--max-receive-count", defaultValue = "3", description = "Receives before a message moves to the DLQ (default: ${DEFAULT-VALUE}).")
    int maxReceiveCount;

    @Option(names = "--visibility-timeout", defaultValue = "30s", description = "How long a received message stays hidden (default: ${DEFAULT-VALUE}).")
    Duration visibilityTimeout;

    @Option(names = "--prefix", defaultValue = "", description = "Notify only keys starting with this.")
    String prefix;

    @Option(names = "--suffix", defaultValue = "", description = "Notify only keys ending with this.")
    String suffix;

    StackSettings settings(PollingOptions polling) {
        return new StackSettings(s3Port, sqsPort, dataDir, inputBucket, processedBucket, reportsBucket, queue,
                maxReceiveCount, visibilityTimeout, prefix, suffix, polling.batchSize, polling.batchingWindow,
                polling.pollers, polling.longPoll, polling.timeout);
    }
}
