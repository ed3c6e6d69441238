package dev.eventpipe.ingest.upload;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One file to upload and the key it goes to.
 *
 * @param path where it is on disk
 * @param key  the object key: the prefix, then the path relative to the directory given (with {@code /})
 * @param size its size in bytes when listed
 */
public record LocalFile(Path path, String key, long size) {
    public LocalFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(key, "key");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("an object key cannot be empty");
        }
    }
}
