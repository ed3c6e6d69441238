package dev.eventpipe.local.s3;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** Multipart uploads and their parts, as the store keeps them until completed or aborted. */
public final class Multipart {

    private Multipart() {
    }

    /** An upload in progress. */
    public record Upload(String uploadId, String bucket, String key, Instant initiated, ObjectMeta meta) {

        public Upload {
            Objects.requireNonNull(uploadId, "uploadId");
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(meta, "meta");
        }
    }

    /** A stored part; {@code checksums} holds those computed and those the client asserted. */
    public record Part(int partNumber, long size, String eTag, Instant lastModified, Map<String, String> checksums,
                       String file) {

        public Part {
            checksums = Map.copyOf(checksums);
        }
    }

    /** A part as CompleteMultipartUpload names it. */
    public record Requested(int partNumber, String eTag) {
    }
}
