package dev.eventpipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.eventpipe.local.emulator.QueuePair;
import dev.eventpipe.local.esm.EventSourceMapping;
import dev.eventpipe.local.esm.Scheduler;
import dev.eventpipe.processor.ProcessorApp;
import dev.eventpipe.processor.ProcessorHandler;
import dev.eventpipe.shared.layout.FileId;
import dev.eventpipe.shared.layout.Layout;
import dev.eventpipe.shared.metrics.CountingMetrics;
import dev.eventpipe.shared.receipt.Receipt;
import dev.eventpipe.shared.receipt.Receipts;
import dev.eventpipe.testkit.emulators.Emulators;
import dev.eventpipe.testkit.emulators.EmulatorsExtension;
import dev.eventpipe.testkit.events.S3Events;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The worker's poller on a queue with a one-second visibility timeout and a file that takes longer than
 * that: the heartbeat keeps the message invisible, so the second poller never gets it; without the
 * heartbeat it does (the control case).
 */
@ExtendWith(EmulatorsExtension.class)
class WorkerHeartbeatIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String CSV = "event_id,timestamp,event_type,user_id\ne1,2026-11-25T10:00:00Z,click,u1\n";

    private final Emulators emulators;

    WorkerHeartbeatIT(Emulators emulators) {
        this.emulators = emulators;
    }

    @Test
    void keepsASlowFileInvisible_pastTheVisibilityTimeout_soNoOtherPollerProcessesIt() {
        Setup s = new Setup();
        AtomicReference<EventSourceMapping> esm = new AtomicReference<>();
        AtomicInteger invocations = new AtomicInteger();
        List<Integer> visibleDuring = new ArrayList<>();
        RequestHandler<SQSEvent, SQSBatchResponse> slow = (event, context) -> {
            invocations.incrementAndGet();
            // The slow file: still working after seven beats of a third of a second, i.e. over twice the
            // visibility timeout since the message was received.
            await(() -> esm.get() != null && esm.get().visibilityExtensions() >= 7, "seven visibility extensions");
            visibleDuring.add(emulators.sqs().receiveMessage(b -> b.queueUrl(s.queue.queueUrl()).waitTimeSeconds(0)
                    .maxNumberOfMessages(10)).messages().size());
            return s.processor.handleRequest(event, context);
        };

        esm.set(EventSourceMapping.start(emulators.sqs(), slow, s.polling()));
        try {
            Receipt r = s.sendAndAwaitReceipt();

            assertThat(r.status()).isEqualTo(Receipt.Status.PROCESSED);
        } finally {
            esm.get().close();
        }
        assertThat(esm.get().heartbeatPeriod()).isEqualTo(Duration.ofMillis(333).plusNanos(333_333));
        assertThat(invocations).as("invocations of the one message").hasValue(1);
        assertThat(visibleDuring).containsExactly(0);
        assertThat(esm.get().messagesHandled()).isEqualTo(1);
        Map<QueueAttributeName, String> depth = emulators.sqs().getQueueAttributes(b -> b.queueUrl(s.queue.queueUrl())
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        assertThat(depth.values()).as("the message was deleted once done").containsOnly("0");
    }

    @Test
    void withoutTheHeartbeat_theSecondPollerGetsTheSameMessage_whileTheFirstIsStillAtIt() {
        Setup s = new Setup();
        AtomicInteger invocations = new AtomicInteger();
        RequestHandler<SQSEvent, SQSBatchResponse> slow = (event, context) -> {
            if (invocations.incrementAndGet() == 1) {
                await(() -> invocations.get() >= 2, "a second, concurrent invocation");
            }
            return s.processor.handleRequest(event, context);
        };
        Scheduler never = new Scheduler() {
            @Override
            public Runnable every(Duration period, Runnable task) {
                return () -> { };
            }

            @Override
            public void close() {
            }
        };

        EventSourceMapping esm = EventSourceMapping.start(emulators.sqs(), slow, s.polling(), never);
        try {
            assertThat(s.sendAndAwaitReceipt().status()).isEqualTo(Receipt.Status.PROCESSED);
        } finally {
            esm.close();
        }
        assertThat(invocations.get()).isGreaterThanOrEqualTo(2);
        assertThat(esm.visibilityExtensions()).isZero();
    }

    /** Buckets, a queue with a one-second visibility timeout, one small file and the real processor. */
    private final class Setup {
        final String input = emulators.uniqueName("hb-in");
        final String processed = emulators.uniqueName("hb-out");
        final QueuePair queue;
        final ProcessorHandler processor;

        Setup() {
            emulators.createBucket(input);
            emulators.createBucket(processed);
            queue = emulators.createQueueWithDlq(emulators.uniqueName("hb-files"), 5, Duration.ofSeconds(1));
            processor = new ProcessorHandler(ProcessorApp.fromEnvironment(Map.of("EVENTPIPE_PROCESSED_BUCKET", processed),
                    emulators.clients(), new CountingMetrics(), Clock.systemUTC()));
        }

        EventSourceMapping.Settings polling() {
            return new EventSourceMapping.Settings(queue.queueUrl(), 1, Duration.ZERO, 2, Duration.ofSeconds(1),
                    "eventpipe-processor", Duration.ofMinutes(1));
        }

        Receipt sendAndAwaitReceipt() {
            String etag = emulators.s3().putObject(b -> b.bucket(input).key("slow/file.csv"), RequestBody.fromString(CSV))
                    .eTag().replace("\"", "");
            emulators.sqs().sendMessage(b -> b.queueUrl(queue.queueUrl())
                    .messageBody(S3Events.created(input, "slow/file.csv", CSV.length(), etag, Instant.now())));
            FileId id = FileId.of(input, "slow/file.csv", Optional.empty(), etag);
            AtomicReference<Receipt> receipt = new AtomicReference<>();
            await(() -> {
                try {
                    receipt.set(Receipts.fromJson(emulators.s3().getObjectAsBytes(b -> b.bucket(processed)
                            .key(Layout.receiptKey(id))).asByteArray()));
                    return true;
                } catch (NoSuchKeyException notYet) {
                    return false;
                }
            }, "the receipt");
            return receipt.get();
        }
    }

    /** Polls a condition the system under test makes true, failing after {@link #PATIENCE}. */
    private static void await(BooleanSupplier condition, String what) {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("gave up waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
