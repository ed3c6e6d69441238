package dev.eventpipe.ingest.upload;

import java.util.Objects;
import java.util.Optional;

/** What became of one local file in an upload. */
public sealed interface FileResult {

    String key();

    /** Sent to S3, which verified its checksum. */
    record Uploaded(String key, long size, String etag, Optional<String> versionId, String fileId) implements FileResult {
        public Uploaded {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(etag, "etag");
            Objects.requireNonNull(versionId, "versionId");
            Objects.requireNonNull(fileId, "fileId");
        }
    }

    /** Already in the bucket with the same size and checksum: not sent again. */
    record Skipped(String key, long size, String why) implements FileResult {
        public Skipped {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(why, "why");
        }
    }

    /** Not uploaded, after the SDK's retries. */
    record Failed(String key, String reason) implements FileResult {
        public Failed {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
