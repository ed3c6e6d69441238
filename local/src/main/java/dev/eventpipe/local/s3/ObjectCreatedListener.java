package dev.eventpipe.local.s3;

/**
 * Told by {@link LocalS3} about every successful object-creating request, before the client gets its
 * response (see {@link LocalS3} for the ordering). Called on the store's request threads (and in-process writers'), possibly
 * concurrently for different keys, and one at a time per key in the order of the writes.
 *
 * <p>An implementation that throws makes the request fail with 500 {@code InternalError}: the object
 * is stored, but the client is told to retry, and its retry writes and notifies again. So a client that
 * got 200 can rely on the listener having returned normally.
 */
@FunctionalInterface
public interface ObjectCreatedListener {

    void objectCreated(ObjectCreated event);

    /** Ignores every event: S3 without notifications. */
    static ObjectCreatedListener none() {
        return event -> { };
    }
}
