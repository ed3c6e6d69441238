package dev.eventpipe.reporter.aggregate;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reads many small objects in parallel and hands them over in key order: the reads overlap, the
 * results are consumed one at a time by the calling thread, so the consumer needs no locking and the
 * outcome does not depend on which read finished first. At most {@code window} results wait in memory.
 */
final class OrderedReads {

    private final ExecutorService pool;
    private final int window;

    OrderedReads(ExecutorService pool, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        this.pool = pool;
        this.window = window;
    }

    <T> void forEach(List<String> keys, Function<String, T> read, Consumer<T> consumer) {
        ArrayDeque<Future<T>> pending = new ArrayDeque<>(window);
        try {
            for (String key : keys) {
                if (pending.size() == window) {
                    consumer.accept(join(pending.removeFirst()));
                }
                pending.addLast(pool.submit(() -> read.apply(key)));
            }
            while (!pending.isEmpty()) {
                consumer.accept(join(pending.removeFirst()));
            }
        } finally {
            pending.forEach(f -> f.cancel(true));
        }
    }

    private static <T> T join(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while reading");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
