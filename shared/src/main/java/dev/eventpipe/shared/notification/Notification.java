package dev.eventpipe.shared.notification;

import java.util.List;

/** What an SQS message body holds once parsed: object events, or S3's test event. */
public sealed interface Notification {

    /** Records of object changes; one message may carry several. */
    record ObjectEvents(List<S3ObjectEvent> records) implements Notification {
        public ObjectEvents {
            records = List.copyOf(records);
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
