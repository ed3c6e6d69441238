package dev.eventpipe.shared.store;

import java.util.Objects;
import java.util.Optional;

/** What a HEAD request tells about an object. */
public record ObjectInfo(long size, String etag, Optional<String> versionId, Optional<String> contentType,
                         Optional<String> contentEncoding) {
    public ObjectInfo {
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0: " + size);
        }
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(versionId, "versionId");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(contentEncoding, "contentEncoding");
    }
}
