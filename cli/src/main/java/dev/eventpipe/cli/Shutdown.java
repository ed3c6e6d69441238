package dev.eventpipe.cli;

import java.util.concurrent.CountDownLatch;
import org.apache.logging.log4j.LogManager;
import org.slf4j.LoggerFactory;

/**
 * Runs until SIGINT or SIGTERM, then stops cleanly: the stop action drains what is in flight, the logs
 * are flushed, and the process exits 0. (A JVM left to itself exits 130 or 143 after a signal even when
 * its shutdown hooks finished their work; a drained stop is a success.)
 */
final class Shutdown {

    private Shutdown() {
    }

    /** Blocks the calling thread until a signal has stopped everything; never returns normally. */
    static void awaitSignal(Runnable stop) throws InterruptedException {
        CountDownLatch forever = new CountDownLatch(1);
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
        forever.await();
    }
}
