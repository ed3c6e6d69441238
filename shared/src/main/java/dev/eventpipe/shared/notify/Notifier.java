package dev.eventpipe.shared.notify;

/**
 * Sends a message to the people who follow the pipeline: SNS in AWS (email subscriptions), an outbox of
 * {@code .eml} files in local mode.
 */
public interface Notifier {

    /**
     * @throws NotificationException when the message could not be sent after the adapter's retries
     */
    void publish(Message message);

    /** What is sent: a subject line and a plain-text body. */
    record Message(String subject, String body) {
        /** SNS refuses an email subject of 100 characters or more. */
        public static final int MAX_SUBJECT = 99;

        public Message {
            if (subject == null || subject.isBlank() || subject.length() > MAX_SUBJECT
                    || subject.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("a subject is one line of 1 to " + MAX_SUBJECT + " characters: " + subject);
            }
            if (body == null || body.isEmpty()) {
                throw new IllegalArgumentException("the body is empty");
            }
        }
    }

    /** The message was not sent. */
    final class NotificationException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public NotificationException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
