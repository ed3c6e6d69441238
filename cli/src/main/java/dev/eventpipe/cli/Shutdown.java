package dev.eventpipe.cli;

import java.util.concurrent.CountDownLatch;
import org.apache.logging.log4j.LogManager;
import org.slf4j.LoggerFactory;

/**
 * Runs until SIGINT or SIGTERM, then stops cleanly: the stop action drains what is in flight, the logs
 * are flushed, and the process exits 0. (A JVM left to itself exits 130 or 143 after a signal even when
 * its shutdown hooks finished their work; a drained stop is a success.)
 *
 * <p>The stop action is installed by {@link #onSignal} before a command tells anyone how to stop it, so
 * a signal sent the moment "Ctrl-C stops" appears is drained too, then {@link #await} blocks.
 */
final class Shutdown {

    private final CountDownLatch forever = new CountDownLatch(1);

    private Shutdown() {
    }

    /** Installs {@code stop} to run on SIGINT or SIGTERM, then halt with 0. */
    static Shutdown onSignal(Runnable stop) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                stop.run();
            } catch (RuntimeException | Error e) {
                LoggerFactory.getLogger(Shutdown.class).error("stopping failed: {}", e.toString(), e);
            } finally {
                LogManager.shutdown();
                Runtime.getRuntime().halt(0);
            }
        }, "eventpipe-stop"));
        return new Shutdown();
    }

    /** Blocks the calling thread until a signal has stopped everything; never returns normally. */
    void await() throws InterruptedException {
        forever.await();
    }
}
