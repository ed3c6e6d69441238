package dev.eventpipe.cli.ops;

import dev.eventpipe.shared.lifecycle.DaemonThreads;
import dev.eventpipe.ingest.Progress;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Draws a {@link Progress} on stderr while a command runs: five times a second on a terminal, else a line every 10 s. */
final class Ticker implements AutoCloseable {

    private final Progress progress;
    private final ScheduledExecutorService timer;
    private final boolean quiet;

    private Ticker(Progress progress, ScheduledExecutorService timer, boolean quiet) {
        this.progress = progress;
        this.timer = timer;
        this.quiet = quiet;
    }

    /**
     * @param quiet draw nothing (--json with a pipe: stderr stays for errors)
     */
    static Ticker start(String what, boolean terminal, boolean quiet) {
        PrintStream err = System.err;
        Progress p = quiet ? Progress.silent(Clock.systemUTC())
                : new Progress(err, terminal, Clock.systemUTC(), Duration.ofSeconds(10), what);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("eventpipe-progress"));
        timer.scheduleAtFixedRate(p::tick, 200, terminal ? 200 : 1000, TimeUnit.MILLISECONDS);
        return new Ticker(p, timer, quiet);
    }

    Progress progress() {
        return progress;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        if (!quiet) {
            progress.finish();
        }
    }
}
