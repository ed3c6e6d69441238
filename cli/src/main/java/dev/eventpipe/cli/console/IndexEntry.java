package dev.eventpipe.cli.console;

import java.time.Instant;
import java.util.Objects;

/**
 * One object of the processing-date index ({@code processed-on/dt=D/<fileId>.json}) as a listing shows it:
 * no GET needed. Its ETag names the receipt generation, so a summary cached under it never goes stale.
 */
record IndexEntry(String fileId, String key, Instant lastModified, String etag) {
    IndexEntry {
        Objects.requireNonNull(fileId, "fileId");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(lastModified, "lastModified");
        Objects.requireNonNull(etag, "etag");
    }
}
