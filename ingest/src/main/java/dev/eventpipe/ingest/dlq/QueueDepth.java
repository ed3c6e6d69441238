package dev.eventpipe.ingest.dlq;

import java.util.Objects;

/**
 * One queue's counts, as SQS approximates them
 * (<a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_GetQueueAttributes.html">GetQueueAttributes</a>).
 *
 * @param visible  waiting to be received
 * @param inFlight received and not yet deleted nor visible again
 * @param delayed  not yet visible because of a delay
 */
public record QueueDepth(String url, String arn, long visible, long inFlight, long delayed) {
    public QueueDepth {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(arn, "arn");
    }

    public long total() {
        return visible + inFlight + delayed;
    }
}
