package dev.eventpipe.shared.store;

import java.io.OutputStream;
import java.util.Objects;

/** {@link ObjectUpload#of}: the bookkeeping of completing or aborting once. */
final class SimpleUpload implements ObjectUpload {

    private final OutputStream stream;
    private final Runnable onComplete;
    private final Runnable onAbort;
    private boolean done;

    SimpleUpload(OutputStream stream, Runnable onComplete, Runnable onAbort) {
        this.stream = Objects.requireNonNull(stream, "stream");
        this.onComplete = Objects.requireNonNull(onComplete, "onComplete");
        this.onAbort = Objects.requireNonNull(onAbort, "onAbort");
    }

    @Override
    public OutputStream stream() {
        return stream;
    }

    @Override
    public void complete() {
        onComplete.run();
        done = true;
    }

    @Override
    public void abort() {
        if (!done) {
            done = true;
            onAbort.run();
        }
    }

    @Override
    public void close() {
        abort();
    }
}
