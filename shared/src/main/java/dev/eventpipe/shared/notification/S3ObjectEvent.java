package dev.eventpipe.shared.notification;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One record of an S3 event notification, with the key already URL-decoded.
 *
 * @param eventName  e.g. {@code ObjectCreated:Put}, {@code ObjectRemoved:Delete}
 * @param eventTime  when S3 saw the change
 * @param bucket     the bucket's name
 * @param key        the object key, decoded ({@code +} became a space, {@code %2F} a slash)
 * @param size       the object's size in bytes (0 for deletions)
 * @param etag       the ETag without quotes, empty for deletions
 * @param versionId  present when the bucket is versioned
 * @param sequencer  S3's ordering token for events on the same key
 */
public record S3ObjectEvent(String eventName, Instant eventTime, String bucket, String key, long size, String etag,
                            Optional<String> versionId, Optional<String> sequencer) {

    public S3ObjectEvent {
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(versionId, "versionId");
        Objects.requireNonNull(sequencer, "sequencer");
    }

    public boolean isObjectCreated() {
        return eventName.startsWith("ObjectCreated:");
    }

    /** A zero-byte key ending in a slash: what consoles create for "folders". */
    public boolean isFolderMarker() {
        return key.endsWith("/") && size == 0;
    }
}
