package dev.eventpipe.ingest;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Progress of a long operation, for a person: on a terminal one line redrawn in place (a bar, items and
 * bytes done of the total, rate, ETA); elsewhere (a log, a pipe, CI) a plain line at most every
 * {@code interval}. Thread-safe: counters are atomic and drawing is synchronised. Whoever owns it calls
 * {@link #tick()} (e.g. from a scheduler) and {@link #finish()} once.
 */
public final class Progress {

    private final PrintStream out;
    private final boolean terminal;
    private final Clock clock;
    private final Duration interval;
    private final String what;
    private final AtomicLong totalItems = new AtomicLong();
    private final AtomicLong totalBytes = new AtomicLong();
    private final AtomicLong items = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private Instant started;
    private Instant lastLine;

    /**
     * @param what     the items' name, plural (files, messages)
     * @param terminal redraw one line in place; otherwise print plain lines
     * @param interval at most one plain line this often
     */
    public Progress(PrintStream out, boolean terminal, Clock clock, Duration interval, String what) {
        this.out = out;
        this.terminal = terminal;
        this.clock = clock;
        this.interval = interval;
        this.what = what;
        this.started = clock.instant();
        this.lastLine = started;
    }

    /** A progress that prints nothing (for --json and tests). */
    public static Progress silent(Clock clock) {
        return new Progress(new PrintStream(java.io.OutputStream.nullOutputStream()), false, clock, Duration.ofDays(1), "items");
    }

    /** The totals, once known; bytes 0 when they do not apply. Restarts the clock of the rate. */
    public synchronized void total(long itemCount, long byteCount) {
        totalItems.set(itemCount);
        totalBytes.set(byteCount);
        started = clock.instant();
        lastLine = started;
    }

    public void addItems(long n) {
        items.addAndGet(n);
    }

    public void addBytes(long n) {
        bytes.addAndGet(n);
    }

    public long items() {
        return items.get();
    }

    /** Draws the current state: always on a terminal, else when {@code interval} has passed. */
    public synchronized void tick() {
        Instant now = clock.instant();
        if (terminal) {
            out.print("\r" + line(now) + "   ");
            out.flush();
        } else if (!now.isBefore(lastLine.plus(interval))) {
            out.println(line(now));
            lastLine = now;
        }
    }

    /** The last state, on its own line. */
    public synchronized void finish() {
        String last = line(clock.instant());
        out.println(terminal ? "\r" + last + "   " : last);
        out.flush();
    }

    /** e.g. {@code [########------------]  4,000/10,000 files  1.2/3.0 MiB  812 files/s  ETA 0:07} */
    String line(Instant now) {
        long done = items.get();
        long total = totalItems.get();
        double seconds = Math.max(1e-3, Duration.between(started, now).toMillis() / 1000.0);
        double rate = done / seconds;
        StringBuilder b = new StringBuilder();
        if (total > 0) {
            int width = 20;
            int filled = (int) Math.min(width, width * done / total);
            b.append('[').append("#".repeat(filled)).append("-".repeat(width - filled)).append("]  ");
        }
        b.append(String.format(Locale.ROOT, "%,d", done));
        if (total > 0) {
            b.append(String.format(Locale.ROOT, "/%,d", total));
        }
        b.append(' ').append(what);
        if (totalBytes.get() > 0) {
            b.append("  ").append(size(bytes.get())).append('/').append(size(totalBytes.get()));
        }
        b.append(String.format(Locale.ROOT, "  %,.0f %s/s", rate, what));
        if (total > 0 && done < total && rate > 0) {
            long eta = (long) Math.ceil((total - done) / rate);
            b.append(String.format(Locale.ROOT, "  ETA %d:%02d", eta / 60, eta % 60));
        }
        return b.toString();
    }

    /** Bytes in binary units: {@code 512 B}, {@code 1.5 KiB}, {@code 3.0 MiB}, {@code 2.1 GiB}. */
    public static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
