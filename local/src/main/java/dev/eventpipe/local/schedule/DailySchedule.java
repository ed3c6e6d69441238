package dev.eventpipe.local.schedule;

import dev.eventpipe.shared.lifecycle.DaemonThreads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * EventBridge Scheduler's stand-in in local mode: runs a task every day at a local time in a zone, like
 * {@code cron(0 8 * * ? *)} with a schedule time zone. A failed run is logged and the next day's still
 * happens. Where the clocks change, a time that does not exist that day runs at the same instant the zone
 * rules give (shifted forward), and a repeated time runs once.
 */
public final class DailySchedule implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DailySchedule.class);

    private final LocalTime at;
    private final ZoneId zone;
    private final Runnable task;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private volatile Instant planned; // written at start and by the timer thread

    private DailySchedule(LocalTime at, ZoneId zone, Runnable task, Clock clock) {
        this.at = at;
        this.zone = zone;
        this.task = task;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("daily-schedule"));
    }

    public static DailySchedule start(LocalTime at, ZoneId zone, Runnable task, Clock clock) {
        DailySchedule schedule = new DailySchedule(at, zone, task, clock);
        schedule.scheduleNext();
        return schedule;
    }

    /** The first run strictly after {@code now}. */
    public static Instant nextRun(Instant now, LocalTime at, ZoneId zone) {
        ZonedDateTime today = now.atZone(zone).toLocalDate().atTime(at).atZone(zone);
        return today.toInstant().isAfter(now) ? today.toInstant()
                : now.atZone(zone).toLocalDate().plusDays(1).atTime(at).atZone(zone).toInstant();
    }

    /**
     * The run after the one planned for {@code planned}. The timer waits on a monotonic clock while the
     * plan is in wall-clock time, so a run may start a little before its planned instant by the wall
     * clock; counting from the plan keeps it from being planned again for the same day.
     */
    static Instant following(Instant planned, Instant now, LocalTime at, ZoneId zone) {
        return nextRun(now.isAfter(planned) ? now : planned, at, zone);
    }

    /** When the task runs next. */
    public Instant next() {
        return planned;
    }

    private void scheduleNext() {
        planned = planned == null ? nextRun(clock.instant(), at, zone) : following(planned, clock.instant(), at, zone);
        long delay = Math.max(0, Duration.between(clock.instant(), planned).toMillis());
        timer.schedule(this::fire, delay, TimeUnit.MILLISECONDS);
    }

    private void fire() {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("scheduled run failed; the next one is tomorrow", e);
        } finally {
            if (!timer.isShutdown()) {
                scheduleNext();
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
