package dev.eventpipe.cli.stack;

import dev.eventpipe.local.esm.EventSourceMapping;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the local stack is laid out.
 *
 * @param s3Port            S3 on 127.0.0.1 (0: any free port)
 * @param sqsPort           SQS on 127.0.0.1 (0: any free port)
 * @param dataDirectory     S3's objects live under {@code s3/} here and survive restarts
 * @param inputBucket       uploads go here; its object-created events go to the files queue
 * @param processedBucket   the processor's outputs
 * @param reportsBucket     the reporter's outputs
 * @param queueName         the files queue; its DLQ is {@code <name>-dlq}
 * @param maxReceiveCount   receives before SQS moves a message to the DLQ
 * @param visibilityTimeout how long a received message stays invisible
 * @param prefix            notify only keys starting with this (may be empty)
 * @param suffix            notify only keys ending with this (may be empty)
 * @param batchSize         event source mapping: most messages per invocation
 * @param batchingWindow    event source mapping: how long to gather a batch
 * @param pollers           event source mapping: concurrent pollers
 * @param longPoll          event source mapping: one receive's wait
 * @param functionTimeout   the processor's timeout, as its context reports it
 */
public record StackSettings(int s3Port, int sqsPort, Path dataDirectory, String inputBucket, String processedBucket,
                            String reportsBucket, String queueName, int maxReceiveCount, Duration visibilityTimeout,
                            String prefix, String suffix, int batchSize, Duration batchingWindow, int pollers,
                            Duration longPoll, Duration functionTimeout) {

    public StackSettings {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(inputBucket, "inputBucket");
        Objects.requireNonNull(processedBucket, "processedBucket");
        Objects.requireNonNull(reportsBucket, "reportsBucket");
        Objects.requireNonNull(queueName, "queueName");
        Objects.requireNonNull(visibilityTimeout, "visibilityTimeout");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(suffix, "suffix");
        if (inputBucket.equals(processedBucket)) {
            throw new IllegalArgumentException("the input and processed buckets must differ: outputs would trigger notifications");
        }
    }

    /** The defaults of {@code eventpipe up}, on the given ports and directory. */
    public static StackSettings defaults(int s3Port, int sqsPort, Path dataDirectory) {
        return new StackSettings(s3Port, sqsPort, dataDirectory, "eventpipe-input", "eventpipe-processed",
                "eventpipe-reports", "eventpipe-files", 3, Duration.ofSeconds(30), "", "", 10, Duration.ZERO, 2,
                Duration.ofSeconds(2), Duration.ofMinutes(15));
    }

    /** The same, with another redrive: receives before the DLQ, and how long a received message stays hidden. */
    public StackSettings withRetries(int maxReceiveCount, Duration visibilityTimeout) {
        return new StackSettings(s3Port, sqsPort, dataDirectory, inputBucket, processedBucket, reportsBucket, queueName,
                maxReceiveCount, visibilityTimeout, prefix, suffix, batchSize, batchingWindow, pollers, longPoll,
                functionTimeout);
    }

    /** The same, notifying only keys with this prefix and suffix (either may be empty). */
    public StackSettings withFilter(String prefix, String suffix) {
        return new StackSettings(s3Port, sqsPort, dataDirectory, inputBucket, processedBucket, reportsBucket, queueName,
                maxReceiveCount, visibilityTimeout, prefix, suffix, batchSize, batchingWindow, pollers, longPoll,
                functionTimeout);
    }

    /** The same, polled by {@code pollers} with this long poll, for a function with this timeout. */
    public StackSettings withPolling(int pollers, Duration longPoll, Duration functionTimeout) {
        return new StackSettings(s3Port, sqsPort, dataDirectory, inputBucket, processedBucket, reportsBucket, queueName,
                maxReceiveCount, visibilityTimeout, prefix, suffix, batchSize, batchingWindow, pollers, longPoll,
                functionTimeout);
    }

    EventSourceMapping.Settings polling(String queueUrl) {
        return new EventSourceMapping.Settings(queueUrl, batchSize, batchingWindow, pollers, longPoll,
                "eventpipe-processor", functionTimeout);
    }
}
