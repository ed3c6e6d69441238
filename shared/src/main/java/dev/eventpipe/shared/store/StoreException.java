package dev.eventpipe.shared.store;

/**
 * The object store failed (throttling, a 5xx, a timeout, a broken connection): infrastructure, not
 * data. It is retried by SQS and, if it keeps failing, the message lands in the dead-letter queue.
 */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String bucket;
    private final String key;

    public StoreException(String operation, String bucket, String key, Throwable cause) {
        super(operation + " s3://" + bucket + "/" + key + " failed: " + cause.getMessage(), cause);
        this.bucket = bucket;
        this.key = key;
    }

    public String bucket() {
        return bucket;
    }

    public String key() {
        return key;
    }
}
