package dev.eventpipe.shared.lifecycle;

import java.util.concurrent.ThreadFactory;

/** Threads that never keep the JVM alive (a pool left open must not block a command's or a Lambda's exit). */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** A factory of daemon threads, each named {@code name} (thread dumps and per-thread CPU group by it). */
    public static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
