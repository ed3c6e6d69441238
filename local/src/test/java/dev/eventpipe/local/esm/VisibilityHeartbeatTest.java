package dev.eventpipe.local.esm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

class VisibilityHeartbeatTest {

    /** A scheduler turned by hand: {@link #tick()} runs every live task once. */
    private static final class ManualScheduler implements Scheduler {
        final List<Runnable> tasks = new ArrayList<>();
        final List<Duration> periods = new ArrayList<>();

        @Override
        public Runnable every(Duration period, Runnable task) {
            tasks.add(task);
            periods.add(period);
            return () -> tasks.remove(task);
        }

        void tick() {
            List.copyOf(tasks).forEach(Runnable::run);
        }

        @Override
        public void close() {
            tasks.clear();
        }
    }

    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<List<String>> calls = new ArrayList<>();
    private Set<String> refuse = Set.of();

    private VisibilityHeartbeat heartbeat(Duration visibility) {
        return new VisibilityHeartbeat(visibility, scheduler, (messages, v) -> {
            assertThat(v).isEqualTo(visibility);
            calls.add(messages.stream().map(Message::receiptHandle).toList());
            return refuse;
        });
    }

    private static Message message(String handle) {
        return Message.builder().messageId("id-" + handle).receiptHandle(handle).build();
    }

    @Test
    void extendsTheWholeBatch_everyThirdOfTheVisibilityTimeout_untilClosed() {
        VisibilityHeartbeat hb = heartbeat(Duration.ofSeconds(30));

        VisibilityHeartbeat.Beat beat = hb.start(List.of(message("a"), message("b")));
        scheduler.tick();
        scheduler.tick();
        beat.close();
        scheduler.tick();

        assertThat(scheduler.periods).containsExactly(Duration.ofSeconds(10));
        assertThat(calls).containsExactly(List.of("a", "b"), List.of("a", "b"));
        assertThat(hb.extensions()).isEqualTo(4);
        assertThat(scheduler.tasks).isEmpty();
    }

    @Test
    void extendsNothing_whenClosedBeforeTheFirstBeat() {
        VisibilityHeartbeat hb = heartbeat(Duration.ofSeconds(30));

        hb.start(List.of(message("a"))).close();
        scheduler.tick();

        assertThat(calls).isEmpty();
        assertThat(hb.extensions()).isZero();
    }

    @Test
    void stopsExtendingAMessage_whoseHandleSqsRefused() {
        VisibilityHeartbeat hb = heartbeat(Duration.ofSeconds(3));
        refuse = Set.of("a");

        VisibilityHeartbeat.Beat beat = hb.start(List.of(message("a"), message("b")));
        scheduler.tick();
        refuse = Set.of();
        scheduler.tick();
        beat.close();

        assertThat(scheduler.periods).containsExactly(Duration.ofSeconds(1));
        assertThat(calls).containsExactly(List.of("a", "b"), List.of("b"));
        assertThat(hb.extensions()).isEqualTo(2);
    }

    @Test
    void keepsBeating_afterAFailedExtension() {
        List<Integer> attempts = new ArrayList<>();
        VisibilityHeartbeat hb = new VisibilityHeartbeat(Duration.ofSeconds(6), scheduler, (messages, v) -> {
            attempts.add(messages.size());
            if (attempts.size() == 1) {
                throw new IllegalStateException("throttled");
            }
            return Set.of();
        });

        try (VisibilityHeartbeat.Beat beat = hb.start(List.of(message("a")))) {
            scheduler.tick();
            scheduler.tick();
        }

        assertThat(attempts).containsExactly(1, 1);
        assertThat(hb.extensions()).isEqualTo(1);
    }

    @Test
    void isOff_whenTheQueueHasNoVisibilityTimeout() {
        VisibilityHeartbeat hb = heartbeat(Duration.ZERO);

        hb.start(List.of(message("a"))).close();

        assertThat(hb.period()).isZero();
        assertThat(scheduler.tasks).isEmpty();
        assertThat(scheduler.periods).isEmpty();
    }
}
