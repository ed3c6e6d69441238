package dev.eventpipe.local.emulator;

import java.util.Objects;

/**
 * One queue configuration of a bucket's event notifications, as
 * {@code PutBucketNotificationConfiguration} would set it for {@code s3:ObjectCreated:*}
 * (<a href="https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-filtering.html">
 * filtering by key name</a>).
 *
 * @param id       the configuration id, which each record carries as {@code s3.configurationId}
 * @param bucket   the bucket whose writes are reported
 * @param queueUrl where the messages go
 * @param prefix   only keys starting with this (decoded, as the client wrote the key); empty for all
 * @param suffix   only keys ending with this (decoded); empty for all
 */
public record NotificationConfiguration(String id, String bucket, String queueUrl, String prefix, String suffix) {

    public NotificationConfiguration {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(queueUrl, "queueUrl");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(suffix, "suffix");
        if (id.isEmpty() || bucket.isEmpty() || queueUrl.isEmpty()) {
            throw new IllegalArgumentException("id, bucket and queueUrl must not be empty");
        }
    }

    /** Every object created in {@code bucket}. */
    public static NotificationConfiguration of(String id, String bucket, String queueUrl) {
        return new NotificationConfiguration(id, bucket, queueUrl, "", "");
    }

    public NotificationConfiguration withPrefix(String prefix) {
        return new NotificationConfiguration(id, bucket, queueUrl, prefix, suffix);
    }

    public NotificationConfiguration withSuffix(String suffix) {
        return new NotificationConfiguration(id, bucket, queueUrl, prefix, suffix);
    }

    /** Whether a write of this decoded key in this bucket is reported. */
    public boolean matches(String bucket, String key) {
        return this.bucket.equals(bucket) && key.startsWith(prefix) && key.endsWith(suffix);
    }
}
