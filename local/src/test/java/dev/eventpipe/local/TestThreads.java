package dev.eventpipe.local;

import java.util.List;

/** Threads left behind by an emulator that failed to start or stop. */
public final class TestThreads {

    private TestThreads() {
    }

    /** Live non-daemon threads named with {@code part}, once at most {@code expected} are left (or after 5 s). */
    public static List<String> liveThreadsNamedWith(String part, int expected) throws InterruptedException {
        List<String> names = List.of();
        for (int attempt = 0; attempt < 50; attempt++) {
            names = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.isAlive() && !t.isDaemon() && t.getName().contains(part)).map(Thread::getName).toList();
            if (names.size() <= expected) {
                break;
            }
            Thread.sleep(100); // stopping threads may take a moment to end
        }
        return names;
    }
}
