package dev.eventpipe.shared.audit;

import dev.eventpipe.shared.layout.FileId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One object version created in the input bucket, as its listing shows it.
 *
 * @param versionId empty in an unversioned bucket
 * @param fileId    the file id the processor derives for it (bucket, key, version or ETag)
 */
public record Upload(String bucket, String key, Optional<String> versionId, String etag, long size, Instant lastModified,
                     String fileId) {
    public Upload {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(versionId, "versionId");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(lastModified, "lastModified");
        Objects.requireNonNull(fileId, "fileId");
    }

    public static Upload of(String bucket, String key, Optional<String> versionId, String etag, long size, Instant lastModified) {
        return new Upload(bucket, key, versionId, etag, size, lastModified, FileId.of(bucket, key, versionId, etag).value());
    }
}
