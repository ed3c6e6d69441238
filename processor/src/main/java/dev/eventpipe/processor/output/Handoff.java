package dev.eventpipe.processor.output;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;

/**
 * Passes bytes to another thread in chunks, so that encoding JSON (the caller's thread) and deflating
 * it (the executor's) run on two cores at once. The executor must run tasks one at a time in order (a
 * single thread): then every stream's chunks reach its target in the order written.
 *
 * <p>A fixed set of buffers circulates between the two threads: when all are in flight, the writer waits,
 * so memory stays bounded whatever the output's size. A failure on the other thread is thrown to the
 * writer at its next write or at {@link #close()}.
 */
final class Handoff extends OutputStream {

    static final int CHUNK = 256 * 1024;
    private static final int BUFFERS = 4;

    private final OutputStream target;
    private final Executor executor;
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
    private byte[] buffer;
    private int count;
    private volatile Throwable failure;
    private volatile boolean cancelled;
    private boolean closed;
    /** The failure was thrown to the writer once already; close() then only drains. */
    private boolean reported;

    Handoff(OutputStream target, Executor executor) {
        this.target = target;
        this.executor = executor;
        for (int i = 0; i < BUFFERS - 1; i++) {
            free.add(new byte[CHUNK]);
        }
        this.buffer = new byte[CHUNK];
    }

    @Override
    public void write(int b) throws IOException {
        if (count == CHUNK) {
            handOff();
        }
        buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (count == CHUNK) {
                handOff();
            }
            int n = Math.min(len, CHUNK - count);
            System.arraycopy(b, off, buffer, count, n);
            count += n;
            off += n;
            len -= n;
        }
    }

    /** Deliberately not passed on: a flush mid-stream would only cost compression. */
    @Override
    public void flush() {
        // the data leaves in whole chunks, and all of it at close()
    }

    private void handOff() throws IOException {
        rethrow();
        byte[] chunk = buffer;
        int n = count;
        executor.execute(() -> {
            try {
                if (!cancelled && failure == null) {
                    target.write(chunk, 0, n);
                }
            } catch (Throwable t) {
                failure = t;
            } finally {
                free.add(chunk);
            }
        });
        buffer = take();
        count = 0;
    }

    /** Writes what is left, waits for the other thread, then closes the target on this thread. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (count > 0 && failure == null) {
            handOff();
        }
        drain();
        if (reported) {
            return; // the writer has the failure already; the owner aborts
        }
        rethrow();
        target.close();
    }

    /** Stops passing bytes on and waits until the other thread holds none of this stream's chunks. */
    void cancel() {
        cancelled = true;
        closed = true;
        try {
            drain();
        } catch (IOException e) {
            // interrupted while waiting: the owner aborts the upload all the same
        }
    }

    private void drain() throws IOException {
        // Every buffer but the one in hand back in the free queue means none is in flight.
        byte[][] held = new byte[BUFFERS - 1][];
        for (int i = 0; i < held.length; i++) {
            held[i] = take();
        }
        for (byte[] b : held) {
            free.add(b);
        }
    }

    private byte[] take() throws IOException {
        try {
            return free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for compression");
        }
    }

    private void rethrow() throws IOException {
        Throwable t = failure;
        if (t != null) {
            reported = true;
        }
        if (t instanceof IOException io) {
            throw io;
        } else if (t instanceof RuntimeException re) {
            throw re;
        } else if (t instanceof Error er) {
            throw er;
        } else if (t != null) {
            throw new IOException(t);
        }
    }
}
