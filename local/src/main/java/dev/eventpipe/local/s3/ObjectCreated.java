package dev.eventpipe.local.s3;

import dev.eventpipe.shared.notification.S3EventMessages;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One successful object-creating request, as {@link LocalS3} saw it: what an S3 event notification
 * describes (<a href="https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html">
 * event message structure</a>).
 *
 * @param kind      which request wrote the object
 * @param bucket    the bucket
 * @param key       the object key, decoded (as the client meant it, not as it travelled in the URL)
 * @param size      the object's size in bytes
 * @param eTag      the ETag of the version this request wrote, without quotes
 * @param versionId the version this request wrote, when the bucket is versioned
 * @param sequencer S3's ordering token: a hexadecimal string that grows with every write to the same key
 * @param eventTime when the write completed
 */
public record ObjectCreated(Kind kind, String bucket, String key, long size, String eTag,
                            Optional<String> versionId, String sequencer, Instant eventTime) {

    public ObjectCreated {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(eTag, "eTag");
        Objects.requireNonNull(versionId, "versionId");
        Objects.requireNonNull(sequencer, "sequencer");
        Objects.requireNonNull(eventTime, "eventTime");
        if (bucket.isEmpty() || key.isEmpty()) {
            throw new IllegalArgumentException("bucket and key must not be empty");
        }
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative, was " + size);
        }
    }

    /** The content of the notification record S3 sends for this write. */
    public S3EventMessages.ObjectRecord record() {
        return new S3EventMessages.ObjectRecord(kind.eventName(), bucket, key, size, eTag, versionId, sequencer, eventTime);
    }

    /** The object-creating requests {@link LocalS3} reports, with the event name S3 gives each. */
    public enum Kind {
        PUT("ObjectCreated:Put"),
        COPY("ObjectCreated:Copy"),
        COMPLETE_MULTIPART_UPLOAD("ObjectCreated:CompleteMultipartUpload");

        private final String eventName;

        Kind(String eventName) {
            this.eventName = eventName;
        }

        /** The record's {@code eventName}, e.g. {@code ObjectCreated:Put}. */
        public String eventName() {
            return eventName;
        }
    }
}
