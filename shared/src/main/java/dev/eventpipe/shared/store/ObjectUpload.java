package dev.eventpipe.shared.store;

import java.io.OutputStream;

/**
 * A write in progress. Bytes go to {@link #stream()}; small objects are sent in one request at
 * {@link #complete()}, larger ones as a multipart upload whose parts leave while writing continues,
 * so memory stays bounded by the part size whatever the object's size.
 */
public interface ObjectUpload extends AutoCloseable {

    /** Where to write the object's bytes. Closing it does not complete the upload. */
    OutputStream stream();

    /** Makes the object visible under its key. */
    void complete();

    /** Discards everything written; nothing remains under the key. Safe to call more than once. */
    void abort();

    /** Aborts unless completed: use in try-with-resources so a failure leaves nothing behind. */
    @Override
    void close();

    /**
     * An upload whose bytes go to {@code stream}: {@link #complete()} runs {@code onComplete}, and
     * {@link #abort()}, or {@link #close()} before completing, runs {@code onAbort} (once). For
     * stores whose bytes need no parts (in memory, on disk, in-process).
     */
    static ObjectUpload of(OutputStream stream, Runnable onComplete, Runnable onAbort) {
        return new SimpleUpload(stream, onComplete, onAbort);
    }
}
