package dev.eventpipe.local.esm;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What Lambda's event source mapping for SQS does, on one machine: pollers long-poll the queue, gather a
 * batch (up to the batch size, or until the batching window closes), invoke the handler with a real
 * {@link SQSEvent}, and delete only the messages the handler did not report in its partial batch
 * response. Failed messages stay in the queue, come back after the visibility timeout, and the queue's
 * redrive policy moves them to the DLQ after {@code maxReceiveCount} receives — exactly as in AWS
 * (<a href="https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html">Lambda with SQS</a>).
 *
 * <p>Unlike Lambda's, it keeps a batch in flight invisible while the handler runs ({@link VisibilityHeartbeat}):
 * the worker has no 15-minute limit, so a long file could otherwise outlast the visibility timeout and be
 * processed by a second poller at the same time.
 *
 * <p>{@link #close()} stops receiving, lets batches in flight finish, then returns: nothing that was
 * received is left half-done, and nothing acknowledged is lost.
 */
public final class EventSourceMapping implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventSourceMapping.class);
    /** SQS hands out at most ten messages per receive. */
    private static final int RECEIVE_MAX = 10;

    private final SqsClient sqs;
    private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
    private final Settings settings;
    private final String queueArn;
    private final String region;
    private final ExecutorService pollers;
    private final Scheduler scheduler;
    private final VisibilityHeartbeat heartbeat;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger invocations = new AtomicInteger();
    private final AtomicInteger threads = new AtomicInteger();
    private final AtomicLong messagesHandled = new AtomicLong();
    private final AtomicLong messagesFailed = new AtomicLong();

    /**
     * @param queueUrl       the queue to poll
     * @param batchSize      most messages per invocation (1..10,000, as Lambda allows)
     * @param batchingWindow how long to gather a batch once its first message arrived
     * @param pollers        concurrent pollers, each invoking the handler on its own thread
     * @param longPoll       how long one receive waits for messages (at most 20 s); also bounds how long
     *                       {@link #close()} waits for an idle poller
     * @param functionName   the name the handler sees in its context
     * @param timeout        the remaining time the context reports at the start of an invocation
     */
    public record Settings(String queueUrl, int batchSize, Duration batchingWindow, int pollers, Duration longPoll,
                           String functionName, Duration timeout) {
        public Settings {
            Objects.requireNonNull(queueUrl, "queueUrl");
            Objects.requireNonNull(batchingWindow, "batchingWindow");
            Objects.requireNonNull(longPoll, "longPoll");
            Objects.requireNonNull(functionName, "functionName");
            Objects.requireNonNull(timeout, "timeout");
            if (batchSize < 1 || batchSize > 10_000) {
                throw new IllegalArgumentException("batch size must be 1..10000: " + batchSize);
            }
            if (pollers < 1 || pollers > 100) {
                throw new IllegalArgumentException("pollers must be 1..100: " + pollers);
            }
            if (longPoll.isNegative() || longPoll.toSeconds() > 20) {
                throw new IllegalArgumentException("long poll must be 0..20 s: " + longPoll);
            }
            if (batchingWindow.isNegative() || batchingWindow.toSeconds() > 300) {
                throw new IllegalArgumentException("batching window must be 0..300 s: " + batchingWindow);
            }
        }
    }

    private EventSourceMapping(SqsClient sqs, RequestHandler<SQSEvent, SQSBatchResponse> handler, Settings settings,
                               String queueArn, String region, Duration visibility, Scheduler scheduler) {
        this.sqs = sqs;
        this.handler = handler;
        this.settings = settings;
        this.queueArn = queueArn;
        this.region = region;
        this.scheduler = scheduler;
        this.heartbeat = new VisibilityHeartbeat(visibility, scheduler, this::extendVisibility);
        this.pollers = Executors.newFixedThreadPool(settings.pollers(), r -> {
            Thread t = new Thread(r, "esm-" + settings.functionName() + "-" + threads.incrementAndGet());
            t.setDaemon(false); // a batch in flight must finish before the JVM exits
            return t;
        });
    }

    /** Starts polling at once. */
    public static EventSourceMapping start(SqsClient sqs, RequestHandler<SQSEvent, SQSBatchResponse> handler,
                                           Settings settings) {
        return start(sqs, handler, settings, Scheduler.thread("esm-" + settings.functionName() + "-heartbeat"));
    }

    /** Starts polling at once, with the heartbeat on {@code scheduler} (closed by {@link #close()}). */
    public static EventSourceMapping start(SqsClient sqs, RequestHandler<SQSEvent, SQSBatchResponse> handler,
                                           Settings settings, Scheduler scheduler) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(settings.queueUrl())
                .attributeNames(QueueAttributeName.QUEUE_ARN, QueueAttributeName.VISIBILITY_TIMEOUT)).attributes();
        String arn = attributes.get(QueueAttributeName.QUEUE_ARN);
        String visibility = attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT);
        String[] parts = arn == null ? new String[0] : arn.split(":");
        EventSourceMapping esm = new EventSourceMapping(sqs, handler, settings, arn == null ? "" : arn,
                parts.length > 3 ? parts[3] : "us-east-1",
                Duration.ofSeconds(visibility == null ? 0 : Long.parseLong(visibility)), scheduler);
        for (int i = 0; i < settings.pollers(); i++) {
            esm.pollers.submit(esm::poll);
        }
        return esm;
    }

    private void poll() {
        while (running.get()) {
            try {
                List<Message> batch = gather();
                if (!batch.isEmpty()) {
                    invoke(batch);
                }
            } catch (SdkException e) {
                if (running.get()) {
                    LOG.atWarn().addKeyValue("queueUrl", settings.queueUrl())
                            .log("polling the queue failed, retrying in 1 s: {}", e.getMessage());
                    sleep(Duration.ofSeconds(1));
                }
            } catch (RuntimeException e) {
                // A bug in the mapping itself: keep the poller alive, say so loudly.
                LOG.error("event source mapping poller failed; continuing", e);
                sleep(Duration.ofSeconds(1));
            }
        }
    }

    /** One long poll, then more receives while the batching window is open and the batch is not full. */
    private List<Message> gather() {
        List<Message> batch = new ArrayList<>(receive(settings.longPoll()));
        if (batch.isEmpty()) {
            return batch;
        }
        Instant windowEnds = Instant.now().plus(settings.batchingWindow());
        while (batch.size() < settings.batchSize() && running.get()) {
            Duration left = Duration.between(Instant.now(), windowEnds);
            if (left.isNegative() || left.isZero()) {
                break;
            }
            batch.addAll(receive(left.toSeconds() >= 1 ? Duration.ofSeconds(Math.min(left.toSeconds(), 20)) : Duration.ZERO));
        }
        return batch;
    }

    private List<Message> receive(Duration wait) {
        int max = Math.min(RECEIVE_MAX, settings.batchSize());
        return sqs.receiveMessage(b -> b.queueUrl(settings.queueUrl()).maxNumberOfMessages(max)
                .waitTimeSeconds((int) wait.toSeconds())
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                .messageAttributeNames("All")).messages();
    }

    private void invoke(List<Message> batch) {
        SQSEvent event = SqsEvents.of(batch, queueArn, region);
        int number = invocations.incrementAndGet();
        Set<String> failed = new HashSet<>();
        try (VisibilityHeartbeat.Beat beat = heartbeat.start(batch)) {
            SQSBatchResponse response = handler.handleRequest(event, new LocalContext(settings.functionName(), number,
                    Instant.now().plus(settings.timeout())));
            if (response != null && response.getBatchItemFailures() != null) {
                response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
            }
        } catch (RuntimeException | Error e) {
            // As in Lambda: a failed invocation returns the whole batch to the queue.
            LOG.error("invocation {} of {} failed; its {} messages return to the queue after the visibility timeout",
                    number, settings.functionName(), batch.size(), e);
            messagesFailed.addAndGet(batch.size());
            return;
        }
        List<Message> done = batch.stream().filter(m -> !failed.contains(m.messageId())).toList();
        delete(done);
        messagesHandled.addAndGet(done.size());
        messagesFailed.addAndGet(batch.size() - done.size());
    }

    private void delete(List<Message> done) {
        for (int i = 0; i < done.size(); i += RECEIVE_MAX) {
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (Message m : done.subList(i, Math.min(done.size(), i + RECEIVE_MAX))) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(entries.size()))
                        .receiptHandle(m.receiptHandle()).build());
            }
            var result = sqs.deleteMessageBatch(b -> b.queueUrl(settings.queueUrl()).entries(entries));
            if (!result.failed().isEmpty()) {
                // The message comes back and is processed again: idempotency makes that harmless.
                LOG.warn("{} processed messages could not be deleted and will be delivered again: {}",
                        result.failed().size(), result.failed());
            }
        }
    }

    /**
     * One ChangeMessageVisibilityBatch per ten messages. An entry SQS refuses (the receipt handle is no
     * longer valid, or the 12-hour cap is reached) cannot be extended again: its handle is answered.
     */
    private Set<String> extendVisibility(List<Message> messages, Duration visibility) {
        Set<String> gone = new HashSet<>();
        for (int i = 0; i < messages.size(); i += RECEIVE_MAX) {
            List<Message> chunk = messages.subList(i, Math.min(messages.size(), i + RECEIVE_MAX));
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            for (Message m : chunk) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(entries.size()))
                        .receiptHandle(m.receiptHandle()).visibilityTimeout((int) visibility.toSeconds()).build());
            }
            var result = sqs.changeMessageVisibilityBatch(b -> b.queueUrl(settings.queueUrl()).entries(entries));
            result.failed().forEach(f -> {
                gone.add(chunk.get(Integer.parseInt(f.id())).receiptHandle());
                LOG.atWarn().addKeyValue("queueUrl", settings.queueUrl()).addKeyValue("messageId", chunk.get(Integer.parseInt(f.id())).messageId())
                        .log("cannot extend the visibility of a message in flight ({}: {}); it may be delivered again",
                                f.code(), f.message());
            });
        }
        return gone;
    }

    /** Visibility extensions made so far by the heartbeat, one per message per beat. */
    public long visibilityExtensions() {
        return heartbeat.extensions();
    }

    /** How often the heartbeat extends a batch in flight: a third of the queue's visibility timeout (zero: off). */
    public Duration heartbeatPeriod() {
        return heartbeat.period();
    }

    /** Messages acknowledged (deleted) after their invocation. */
    public long messagesHandled() {
        return messagesHandled.get();
    }

    /** Messages handed back to the queue (reported as failures, or in a failed invocation). */
    public long messagesFailed() {
        return messagesFailed.get();
    }

    /** Stops receiving and waits for the batches in flight; returns when every poller has stopped. */
    @Override
    public void close() {
        running.set(false);
        pollers.shutdown();
        try {
            Duration grace = settings.longPoll().plus(settings.timeout());
            if (!pollers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("batches still running after {}; their messages return to the queue after the visibility timeout",
                        grace);
                pollers.shutdownNow();
            }
        } catch (InterruptedException e) {
            pollers.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            scheduler.close();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
