package dev.eventpipe.ingest.dlq;

import dev.eventpipe.ingest.ObjectRef;
import dev.eventpipe.ingest.Progress;
import dev.eventpipe.ingest.ReceiptSource;
import dev.eventpipe.shared.notification.NotAnS3EventException;
import dev.eventpipe.shared.notification.Notification;
import dev.eventpipe.shared.notification.S3Notifications;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * The files queue's dead-letter queue, for operators.
 *
 * <p><b>Nothing is lost.</b> Peek receives with a visibility timeout and then makes every message visible
 * again at once. The fallback redrive deletes a message from the DLQ only after SQS accepted its copy on
 * the files queue; a crash in between leaves it in both (a duplicate the processor's receipts absorb),
 * never in neither. Purge deletes only what it received and reports each one.
 *
 * <p>Peek and purge receive from the DLQ only, never from the files queue: a receive there counts toward
 * its {@code maxReceiveCount} and could push a message into the DLQ.
 */
public final class DeadLetterQueue {

    /** How long a received message stays hidden while peek or the copy redrive works on it, by default. */
    public static final Duration HOLD = Duration.ofSeconds(120);
    private static final int MAX_BATCH = 10;

    /** How a redrive moves messages. */
    public enum Method {
        /** Native where the endpoint has it, else copy. */
        AUTO,
        /** SQS's {@code StartMessageMoveTask}. */
        NATIVE,
        /** Receive → send → delete-after-send. */
        COPY
    }

    /** Waits between polls; tests pass a short one. */
    @FunctionalInterface
    public interface Sleeper {
        /** The real wait. */
        Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

        void sleep(Duration d) throws InterruptedException;
    }

    private final SqsClient sqs;
    private final String queueUrl;
    private final String dlqUrl;
    private final ReceiptSource receipts;
    private final Clock clock;
    private final Sleeper sleeper;
    private final int holdSeconds;

    /**
     * @param hold how long received messages stay hidden while worked on ({@link #HOLD}); after a crash they
     *             reappear in the DLQ after this long
     */
    public DeadLetterQueue(SqsClient sqs, String queueUrl, String dlqUrl, ReceiptSource receipts, Clock clock, Sleeper sleeper,
                           Duration hold) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
        this.dlqUrl = Objects.requireNonNull(dlqUrl, "dlqUrl");
        this.receipts = Objects.requireNonNull(receipts, "receipts");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.holdSeconds = (int) Math.max(1, hold.toSeconds());
    }

    public QueueDepth depth(String url) {
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                QueueAttributeName.QUEUE_ARN, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return new QueueDepth(url, a.getOrDefault(QueueAttributeName.QUEUE_ARN, ""),
                count(a, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES),
                count(a, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE),
                count(a, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
    }

    private static long count(Map<QueueAttributeName, String> a, QueueAttributeName name) {
        String v = a.get(name);
        return v == null ? 0 : Long.parseLong(v);
    }

    /**
     * Depths of both queues, the age of the DLQ's oldest message (from a peek of up to ten, so approximate
     * when it holds more), and the move tasks running.
     */
    public DlqStatus status() {
        QueueDepth queue = depth(queueUrl);
        QueueDepth dlq = depth(dlqUrl);
        Optional<Long> oldest = Optional.empty();
        if (dlq.visible() > 0) {
            Instant now = clock.instant();
            // The send times alone: no receipt lookups, which peek's descriptions would add per object.
            oldest = peekMessages(MAX_BATCH, dlq).stream()
                    .map(m -> millis(m.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP)))
                    .flatMap(Optional::stream)
                    .min(Instant::compareTo).map(sent -> Math.max(0, Duration.between(sent, now).toSeconds()));
        }
        Optional<List<ListMessageMoveTasksResultEntry>> tasks = moveTasks(dlq.arn());
        List<DlqStatus.MoveTask> running = tasks.orElse(List.of()).stream()
                .filter(t -> "RUNNING".equals(t.status())).map(DeadLetterQueue::task).toList();
        return new DlqStatus(queue, dlq, oldest, tasks.isPresent(), running);
    }

    private static DlqStatus.MoveTask task(ListMessageMoveTasksResultEntry t) {
        return new DlqStatus.MoveTask(Objects.toString(t.taskHandle(), ""), t.status(),
                t.approximateNumberOfMessagesMoved() == null ? 0 : t.approximateNumberOfMessagesMoved(),
                t.approximateNumberOfMessagesToMove() == null ? 0 : t.approximateNumberOfMessagesToMove(),
                Objects.toString(t.destinationArn(), "(the original source)"));
    }

    /** Move tasks out of the DLQ, or empty when the endpoint has no such API. */
    private Optional<List<ListMessageMoveTasksResultEntry>> moveTasks(String dlqArn) {
        try {
            return Optional.of(sqs.listMessageMoveTasks(b -> b.sourceArn(dlqArn).maxResults(10)).results());
        } catch (SqsException e) {
            if (unsupported(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Shows up to {@code max} DLQ messages without consuming them: received with a visibility timeout so
     * each is seen once, then all made visible again at once. It stops once it has seen as many as the DLQ's
     * approximate depth says are visible, so a DLQ of three messages answers without waiting out empty polls.
     */
    public List<PeekedMessage> peek(int max) {
        return peek(max, depth(dlqUrl));
    }

    private List<PeekedMessage> peek(int max, QueueDepth dlq) {
        return peekMessages(max, dlq).stream().map(this::describe).toList();
    }

    /** Up to {@code max} messages, and no more than {@code dlq}'s depth says are visible (but one receive at least). */
    private List<Message> peekMessages(int max, QueueDepth dlq) {
        int bound = (int) Math.min(max, Math.max(1, dlq.visible()));
        Map<String, Message> seen = new LinkedHashMap<>();
        try {
            receiveAll(bound, m -> seen.putIfAbsent(m.messageId(), m) == null, List::size);
        } finally {
            release(new ArrayList<>(seen.values()));
        }
        return List.copyOf(seen.values());
    }

    /** What {@link #receiveAll} does with each batch: returns how many of its messages count toward the limit. */
    @FunctionalInterface
    private interface BatchStep<E extends Exception> {
        int handle(List<Message> batch) throws E;
    }

    /**
     * The one receive loop over the DLQ (peek, the copy redrive and purge): batches of up to ten received with
     * the hold as visibility timeout and a one-second long poll, the messages {@code fresh} accepts handed to
     * {@code step}, until {@code max} were counted or two polls in a row brought nothing new (the DLQ is
     * empty, or what is left is held by this run or another).
     */
    private <E extends Exception> void receiveAll(int max, Predicate<Message> fresh, BatchStep<E> step) throws E {
        int counted = 0;
        int emptyRounds = 0;
        while (counted < max && emptyRounds < 2) {
            List<Message> batch = receive(dlqUrl, Math.min(MAX_BATCH, max - counted), holdSeconds, 1).stream()
                    .filter(fresh).toList();
            if (batch.isEmpty()) {
                emptyRounds++;
                continue;
            }
            emptyRounds = 0;
            counted += step.handle(batch);
        }
    }

    private void release(List<Message> messages) {
        for (int i = 0; i < messages.size(); i += MAX_BATCH) {
            List<Message> batch = messages.subList(i, Math.min(messages.size(), i + MAX_BATCH));
            sqs.changeMessageVisibilityBatch(b -> b.queueUrl(dlqUrl).entries(batch.stream()
                    .map(m -> software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry.builder()
                            .id(m.messageId().replaceAll("[^A-Za-z0-9_-]", "_")).receiptHandle(m.receiptHandle())
                            .visibilityTimeout(0).build())
                    .toList()));
        }
    }

    private List<Message> receive(String url, int max, int visibilitySeconds, int waitSeconds) {
        return sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(max).visibilityTimeout(visibilitySeconds)
                .waitTimeSeconds(waitSeconds).messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                .messageAttributeNames("All")).messages();
    }

    PeekedMessage describe(Message m) {
        Map<MessageSystemAttributeName, String> a = m.attributes();
        List<ObjectRef> objects = List.of();
        Optional<String> problem = Optional.empty();
        try {
            Notification n = S3Notifications.parse(m.body());
            if (n instanceof Notification.ObjectEvents events) {
                objects = events.records().stream().map(r -> ObjectRef.of(r, receipts)).toList();
            } else {
                problem = Optional.of("s3:TestEvent (nothing to process)");
            }
        } catch (NotAnS3EventException e) {
            problem = Optional.of(e.getMessage());
        }
        return new PeekedMessage(m.messageId(),
                Long.parseLong(a.getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "0")),
                millis(a.get(MessageSystemAttributeName.SENT_TIMESTAMP)),
                millis(a.get(MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP)), objects, problem, m.body());
    }

    private static Optional<Instant> millis(String epochMillis) {
        return epochMillis == null || epochMillis.isEmpty() ? Optional.empty()
                : Optional.of(Instant.ofEpochMilli(Long.parseLong(epochMillis)));
    }

    /**
     * Moves the DLQ's messages back to the files queue.
     *
     * @param maxPerSecond at most this many messages a second (0: as fast as SQS goes)
     * @param dryRun       only say what would move
     */
    public RedriveResult redrive(Method method, int maxPerSecond, boolean dryRun, Progress progress) throws InterruptedException {
        QueueDepth dlq = depth(dlqUrl);
        if (dryRun) {
            return new RedriveResult("none", true, dlq.visible(), 0, 0, 0, dlq.total(), Optional.empty(), peek(MAX_BATCH, dlq));
        }
        progress.total(dlq.visible(), 0);
        if (method != Method.COPY) {
            try {
                return moveNatively(dlq, maxPerSecond, progress);
            } catch (SqsException e) {
                if (method == Method.NATIVE || !unsupported(e)) {
                    throw e;
                }
                // The endpoint lacks message-move tasks (an emulator): copy instead.
            }
        }
        return copy(dlq, maxPerSecond, progress);
    }

    private RedriveResult moveNatively(QueueDepth dlq, int maxPerSecond, Progress progress) throws InterruptedException {
        String destination = depth(queueUrl).arn();
        String handle = sqs.startMessageMoveTask(b -> {
            b.sourceArn(dlq.arn()).destinationArn(destination);
            if (maxPerSecond > 0) {
                b.maxNumberOfMessagesPerSecond(maxPerSecond);
            }
        }).taskHandle();
        long moved = 0;
        Optional<String> failure = Optional.empty();
        while (true) {
            Optional<ListMessageMoveTasksResultEntry> task = moveTasks(dlq.arn()).orElse(List.of()).stream()
                    .filter(t -> handle.equals(t.taskHandle()) || t.taskHandle() == null && "RUNNING".equals(t.status()))
                    .findFirst();
            if (task.isPresent() && task.get().approximateNumberOfMessagesMoved() != null) {
                long now = task.get().approximateNumberOfMessagesMoved();
                progress.addItems(now - moved);
                moved = now;
            }
            progress.tick();
            String status = task.map(ListMessageMoveTasksResultEntry::status).orElse("COMPLETED");
            if (!"RUNNING".equals(status)) {
                if (!"COMPLETED".equals(status)) {
                    failure = Optional.of("the move task ended " + status
                            + task.map(t -> t.failureReason() == null ? "" : ": " + t.failureReason()).orElse(""));
                }
                break;
            }
            sleeper.sleep(Duration.ofSeconds(1));
        }
        QueueDepth after = depth(dlqUrl);
        long movedTotal = Math.max(moved, dlq.visible() - after.visible());
        return new RedriveResult("native", false, dlq.visible(), movedTotal, 0, 0, after.total(), failure, List.of());
    }

    /** Receive → send → delete-after-send, ten at a time. */
    private RedriveResult copy(QueueDepth dlq, int maxPerSecond, Progress progress) throws InterruptedException {
        boolean fifo = queueUrl.endsWith(".fifo");
        CopyTally tally = new CopyTally();
        Set<String> failedOnce = new HashSet<>(); // they stay in the DLQ; not retried in this run
        Pace pace = new Pace(maxPerSecond);
        receiveAll(Integer.MAX_VALUE, m -> !failedOnce.contains(m.messageId()), batch -> {
            Map<String, Message> byEntry = byEntryId(batch);
            SendMessageBatchResponse sent = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(byEntry.entrySet().stream()
                    .map(e -> copyOf(e.getKey(), e.getValue(), fifo)).toList()));
            for (BatchResultErrorEntry error : sent.failed()) {
                tally.sendFailures++;
                failedOnce.add(byEntry.get(error.id()).messageId());
            }
            List<DeleteMessageBatchRequestEntry> deletes = sent.successful().stream()
                    .map(ok -> DeleteMessageBatchRequestEntry.builder().id(ok.id())
                            .receiptHandle(byEntry.get(ok.id()).receiptHandle()).build())
                    .toList();
            if (!deletes.isEmpty()) {
                // Only now: a message is deleted from the DLQ after SQS accepted its copy, never before.
                DeleteMessageBatchResponse deleted = sqs.deleteMessageBatch(b -> b.queueUrl(dlqUrl).entries(deletes));
                tally.deleteFailures += deleted.failed().size();
                deleted.failed().forEach(f -> failedOnce.add(byEntry.get(f.id()).messageId()));
            }
            tally.moved += sent.successful().size();
            progress.addItems(sent.successful().size());
            progress.tick();
            pace.after(batch.size());
            return batch.size();
        });
        QueueDepth after = depth(dlqUrl);
        Optional<String> failure = tally.sendFailures + tally.deleteFailures == 0 ? Optional.empty()
                : Optional.of(tally.sendFailures + " message(s) could not be sent (they stay in the DLQ); " + tally.deleteFailures
                        + " sent but not deleted from the DLQ (now in both queues; the duplicate is absorbed)");
        return new RedriveResult("copy", false, dlq.visible(), tally.moved, tally.sendFailures, tally.deleteFailures,
                after.total(), failure, List.of());
    }

    /** A batch's messages under the entry ids of a batch request: {@code m0}, {@code m1}, ... */
    private static Map<String, Message> byEntryId(List<Message> batch) {
        Map<String, Message> byEntry = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            byEntry.put("m" + i, batch.get(i));
        }
        return byEntry;
    }

    /** What the copy redrive has done so far. */
    private static final class CopyTally {
        long moved;
        long sendFailures;
        long deleteFailures;
    }

    /** At most {@code perSecond} messages in each second (0: no limit), by waiting out the rest of the second. */
    private final class Pace {
        private final int perSecond;
        private Instant windowStart = clock.instant();
        private long inWindow;

        Pace(int perSecond) {
            this.perSecond = perSecond;
        }

        void after(int messages) throws InterruptedException {
            inWindow += messages;
            if (perSecond > 0 && inWindow >= perSecond) {
                Duration spent = Duration.between(windowStart, clock.instant());
                if (spent.compareTo(Duration.ofSeconds(1)) < 0) {
                    sleeper.sleep(Duration.ofSeconds(1).minus(spent));
                }
                windowStart = clock.instant();
                inWindow = 0;
            }
        }
    }

    private static SendMessageBatchRequestEntry copyOf(String id, Message m, boolean fifo) {
        SendMessageBatchRequestEntry.Builder b = SendMessageBatchRequestEntry.builder().id(id).messageBody(m.body())
                .messageAttributes(m.messageAttributes());
        if (fifo) {
            b.messageGroupId(m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID))
                    .messageDeduplicationId(m.messageId());
        }
        return b.build();
    }

    /** What a purge deleted. */
    public record Purged(String messageId, List<ObjectRef> objects, Optional<String> problem) {
    }

    /**
     * Deletes the DLQ's messages one batch at a time (not {@code PurgeQueue}, which cannot say what it
     * deleted), returning each; stops after {@code max} or when the DLQ is empty.
     */
    public List<Purged> purge(int max) {
        List<Purged> deleted = new ArrayList<>();
        receiveAll(max, m -> true, batch -> {
            Map<String, Message> byEntry = byEntryId(batch);
            DeleteMessageBatchResponse r = sqs.deleteMessageBatch(b -> b.queueUrl(dlqUrl).entries(byEntry.entrySet().stream()
                    .map(e -> DeleteMessageBatchRequestEntry.builder().id(e.getKey()).receiptHandle(e.getValue().receiptHandle())
                            .build()).toList()));
            Set<String> ok = r.successful().stream().map(s -> s.id()).collect(Collectors.toSet());
            byEntry.forEach((id, m) -> {
                if (ok.contains(id)) {
                    PeekedMessage p = describe(m);
                    deleted.add(new Purged(m.messageId(), p.objects(), p.problem()));
                }
            });
            return ok.size();
        });
        return deleted;
    }

    /**
     * An endpoint without message-move tasks: moto answers 500, others an unknown-operation 400. A real
     * SQS error (access denied, a bad ARN) is not one of these and is thrown.
     */
    static boolean unsupported(SqsException e) {
        String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
        return e.statusCode() >= 500 || e.statusCode() == 404 || code.contains("InvalidAction")
                || code.contains("UnsupportedOperation") || code.contains("UnknownOperation") || code.contains("NotImplemented");
    }
}
