package dev.eventpipe.reporter.aggregate;

import dev.eventpipe.shared.store.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.function.Function;

/** Reads and parses small documents of the processed bucket, for the report and the roll-ups alike. */
final class Documents {

    private final ObjectStore store;
    private final String bucket;

    Documents(ObjectStore store, String bucket) {
        this.store = store;
        this.bucket = bucket;
    }

    String bucket() {
        return bucket;
    }

    ObjectStore store() {
        return store;
    }

    /**
     * A document: its value, or the reason it could not be parsed, or neither when it was deleted since
     * the listing. A store failure throws.
     */
    <T> Loaded<T> load(String key, Function<byte[], T> parse) {
        Optional<InputStream> in = store.open(bucket, key, Optional.empty());
        if (in.isEmpty()) {
            return new Loaded<>(key, null, null); // deleted since the listing: nothing to count
        }
        byte[] bytes;
        try (InputStream s = in.get()) {
            bytes = s.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + bucket + "/" + key, e);
        }
        try {
            return new Loaded<>(key, parse.apply(bytes), null);
        } catch (RuntimeException e) { // a malformed document: Jackson's, or a record's validation
            return new Loaded<>(key, null, e.getMessage());
        }
    }

    record Loaded<T>(String key, T value, String error) {
        boolean deleted() {
            return value == null && error == null;
        }
    }
}
