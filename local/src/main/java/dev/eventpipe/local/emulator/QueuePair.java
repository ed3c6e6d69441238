package dev.eventpipe.local.emulator;

import java.util.Objects;

/**
 * A work queue and its dead-letter queue, as made by {@link LocalSqs#createQueueWithDlq}.
 *
 * @param queueUrl the main queue, whose redrive policy points at the DLQ
 * @param dlqUrl   the dead-letter queue
 * @param dlqArn   the DLQ's ARN, as a redrive policy or a message-move task names it
 */
public record QueuePair(String queueUrl, String dlqUrl, String dlqArn) {

    public QueuePair {
        Objects.requireNonNull(queueUrl, "queueUrl");
        Objects.requireNonNull(dlqUrl, "dlqUrl");
        Objects.requireNonNull(dlqArn, "dlqArn");
    }
}
