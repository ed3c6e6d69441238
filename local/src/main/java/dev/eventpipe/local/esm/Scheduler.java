package dev.eventpipe.local.esm;

import dev.eventpipe.shared.lifecycle.DaemonThreads;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task at a fixed period until cancelled: the event source mapping's one timer, behind an
 * interface so a test can turn it by hand instead of waiting for the wall clock.
 */
public interface Scheduler extends AutoCloseable {

    /** Runs {@code task} every {@code period}, first after one period; the answer cancels it. */
    Runnable every(Duration period, Runnable task);

    @Override
    void close();

    /** One daemon thread (a heartbeat must never keep the JVM alive), named after {@code name}. */
    static Scheduler thread(String name) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named(name));
        return new Scheduler() {
            @Override
            public Runnable every(Duration period, Runnable task) {
                ScheduledFuture<?> f = executor.scheduleAtFixedRate(task, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
                return () -> f.cancel(false);
            }

            @Override
            public void close() {
                executor.shutdownNow();
            }
        };
    }
}
