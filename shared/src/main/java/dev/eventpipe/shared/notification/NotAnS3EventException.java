package dev.eventpipe.shared.notification;

/** A message body that is not an S3 event notification at all: it belongs in the dead-letter queue. */
public final class NotAnS3EventException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotAnS3EventException(String message) {
        super(message);
    }

    public NotAnS3EventException(String message, Throwable cause) {
        super(message, cause);
    }
}
