package dev.eventpipe.local.s3;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * S3's {@code sequencer}: a hexadecimal string whose value grows with every event on a key, so a
 * consumer can order events of one key (<a href="https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html">
 * event message structure</a>: compare them as strings after right-padding the shorter with zeros).
 *
 * <p>Here it grows with every event on every key: the nanoseconds since the epoch by the clock, or the
 * previous value plus one when the clock has not moved on. Time-based, so it keeps growing across a
 * restart of the local stack; fixed-width (18 hex digits, like S3's), so plain string comparison works.
 */
final class Sequencer {

    private final Clock clock;
    private final AtomicLong last = new AtomicLong();

    Sequencer(Clock clock) {
        this.clock = clock;
    }

    String next() {
        Instant now = clock.instant();
        long nanos = Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
        long value = last.updateAndGet(previous -> Math.max(previous + 1, nanos));
        return String.format("%018X", value);
    }
}
