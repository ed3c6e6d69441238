package dev.eventpipe.local.esm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Keeps the messages of a batch in flight invisible while the handler works on them: every third of the
 * queue's visibility timeout it sets their visibility to the full timeout again (ChangeMessageVisibility),
 * so a file that takes longer than the timeout is never handed to a second poller at the same time.
 * It stops when the invocation ends, whether it succeeded or failed: a failed message then comes back
 * one visibility timeout after the last extension, as it would have without one.
 *
 * <p>Lambda's own event source mapping does not do this (there the function timeout is kept at a sixth
 * of the visibility timeout instead); the worker has no such limit, which is why it needs one. SQS caps
 * a message's invisibility at 12 hours from its first receive
 * (<a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html">visibility
 * timeout</a>); past that the extension fails, is logged, and the message may be delivered again, which
 * the receipts make harmless.
 */
final class VisibilityHeartbeat {

    private static final Logger LOG = LoggerFactory.getLogger(VisibilityHeartbeat.class);

    /** Sets the visibility of messages; answers the receipt handles that cannot be extended any more. */
    interface Extender {
        Set<String> extend(List<Message> messages, Duration visibility);
    }

    private final Duration visibility;
    private final Duration period;
    private final Scheduler scheduler;
    private final Extender extender;
    private final AtomicLong extensions = new AtomicLong();

    /**
     * @param visibility the queue's visibility timeout; zero turns the heartbeat off (nothing to extend)
     */
    VisibilityHeartbeat(Duration visibility, Scheduler scheduler, Extender extender) {
        this.visibility = visibility;
        this.period = visibility.toSeconds() < 1 ? Duration.ZERO : visibility.dividedBy(3);
        this.scheduler = scheduler;
        this.extender = extender;
    }

    /** How often a batch's visibility is extended; zero when the heartbeat is off. */
    Duration period() {
        return period;
    }

    /** Starts extending the batch's visibility; close the answer when the invocation has ended. */
    Beat start(List<Message> batch) {
        if (period.isZero()) {
            return () -> { };
        }
        List<Message> live = new ArrayList<>(batch);
        Object lock = new Object();
        boolean[] stopped = {false};
        Runnable cancel = scheduler.every(period, () -> {
            List<Message> now;
            synchronized (lock) {
                if (stopped[0] || live.isEmpty()) {
                    return;
                }
                now = List.copyOf(live);
            }
            try {
                Set<String> gone = extender.extend(now, visibility);
                extensions.addAndGet(now.size() - gone.size());
                if (!gone.isEmpty()) {
                    synchronized (lock) {
                        live.removeIf(m -> gone.contains(m.receiptHandle()));
                    }
                }
            } catch (RuntimeException e) {
                // Try again at the next beat: there is time left until the last extension runs out.
                LOG.atWarn().addKeyValue("messages", now.size())
                        .log("extending the visibility of messages in flight failed: {}", e.getMessage());
            }
        });
        return () -> {
            synchronized (lock) {
                stopped[0] = true;
            }
            cancel.run();
        };
    }

    /** Visibility extensions made, one per message per beat: for the operator's log and for tests. */
    long extensions() {
        return extensions.get();
    }

    /** The heartbeat of one batch. */
    interface Beat extends AutoCloseable {
        @Override
        void close();
    }
}
