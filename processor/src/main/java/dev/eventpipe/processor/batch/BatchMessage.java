package dev.eventpipe.processor.batch;

import java.util.Objects;
import java.util.Optional;

/**
 * One queue message as the batch contract needs it.
 *
 * @param messageId      SQS's id, what a partial batch response lists
 * @param body           the message body
 * @param messageGroupId present on FIFO queues
 */
public record BatchMessage(String messageId, String body, Optional<String> messageGroupId) {
    public BatchMessage {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(messageGroupId, "messageGroupId");
    }
}
