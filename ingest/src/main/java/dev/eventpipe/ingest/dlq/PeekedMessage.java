package dev.eventpipe.ingest.dlq;

import dev.eventpipe.ingest.ObjectRef;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A DLQ message as peek shows it.
 *
 * @param receiveCount   SQS's {@code ApproximateReceiveCount}, this peek's receive included
 * @param sentAt         when it was first sent (to the files queue; a dead-lettered message keeps it)
 * @param firstReceiveAt SQS's {@code ApproximateFirstReceiveTimestamp}
 * @param objects        the S3 objects in its notification, each with its receipt's status
 * @param problem        why the body is not an S3 notification, when it is not
 * @param body           the body as it is, for a person to read or a script to resend
 */
public record PeekedMessage(String messageId, long receiveCount, Optional<Instant> sentAt, Optional<Instant> firstReceiveAt,
                            List<ObjectRef> objects, Optional<String> problem, String body) {
    public PeekedMessage {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(sentAt, "sentAt");
        Objects.requireNonNull(firstReceiveAt, "firstReceiveAt");
        objects = List.copyOf(objects);
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(body, "body");
    }
}
