package dev.eventpipe.shared.store;

import java.util.Objects;

/**
 * One key of a listing with its ETag (without quotes): what {@code ListObjectsV2} returns for each key,
 * so a reader can tell an object it has already seen from one rewritten since, without a GET.
 */
public record ListedObject(String key, String etag) {
    public ListedObject {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(etag, "etag");
    }
}
