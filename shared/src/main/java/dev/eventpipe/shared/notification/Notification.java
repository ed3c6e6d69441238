package dev.eventpipe.shared.notification;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What an SQS message body holds once parsed: object events, or S3's test event. */
public sealed interface Notification {

    /**
     * Records of object changes; one message may carry several.
     *
     * @param replay present when {@code eventpipe replay --force} sent the message: process the objects
     *               again under that generation even if they have a receipt
     */
    record ObjectEvents(List<S3ObjectEvent> records, Optional<Replay> replay) implements Notification {
        public ObjectEvents {
            records = List.copyOf(records);
            Objects.requireNonNull(replay, "replay");
        }
    }

    /**
     * eventpipe's own mark on a message it sent to force processing again: the receipt generation to write.
     * S3 never sends it; a message without it is processed as S3 sent it.
     */
    record Replay(int generation) {
        public Replay {
            if (generation < 2) {
                throw new IllegalArgumentException("a forced replay writes generation 2 or later, not " + generation);
            }
        }
    }

    /**
     * Sent once by S3 when a notification configuration is saved; it has no {@code Records}.
     * See <a href="https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html">
     * event message structure</a>.
     */
    record TestEvent(String bucket) implements Notification {
    }
}
