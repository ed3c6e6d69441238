package dev.eventpipe.local.emulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Sends messages to one queue for many concurrent callers, each of whom waits until SQS accepted its
 * message: group commit. While one {@code SendMessageBatch} is in flight, the callers that arrive queue
 * up, and the next batch carries up to ten of them (SQS's limit, and at most {@value #MAX_BATCH_BYTES}
 * bytes). A lone caller sends at once, so nothing waits for a batch to fill. Under load this turns one
 * request per message into one per ten, which is most of the local SQS's cost per uploaded file.
 */
final class BatchingSender {

    private static final int MAX_ENTRIES = 10;
    /** Under SQS's 256 KiB for a whole batch. */
    static final int MAX_BATCH_BYTES = 200 * 1024;

    private final SqsClient sqs;
    private final String queueUrl;
    private final Deque<Pending> waiting = new ArrayDeque<>();
    private boolean sending;

    BatchingSender(SqsClient sqs, String queueUrl) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
    }

    /** One caller's message and, once sent, its id or why it was refused. */
    private static final class Pending {
        final String body;
        boolean done;
        String messageId;
        RuntimeException failure;

        Pending(String body) {
            this.body = body;
        }
    }

    /**
     * Sends {@code body} and returns its message id once SQS accepted it.
     *
     * @throws RuntimeException the SDK's failure for this message (after its retries), or SQS's refusal
     */
    String send(String body) {
        Pending mine = new Pending(body);
        synchronized (this) {
            waiting.add(mine);
        }
        while (true) {
            List<Pending> batch;
            synchronized (this) {
                while (!mine.done && sending) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        // still queued: it will be sent, but this caller stops waiting for it
                        throw new IllegalStateException("interrupted while sending an event notification", e);
                    }
                }
                if (mine.done) {
                    return outcome(mine);
                }
                sending = true;
                batch = takeBatch();
            }
            try {
                sendBatch(batch);
            } finally {
                synchronized (this) {
                    sending = false;
                    notifyAll();
                }
            }
        }
    }

    /** Callers waiting for the next batch (for tests). */
    synchronized int queued() {
        return waiting.size();
    }

    private List<Pending> takeBatch() {
        List<Pending> batch = new ArrayList<>(MAX_ENTRIES);
        int bytes = 0;
        while (!waiting.isEmpty() && batch.size() < MAX_ENTRIES
                && (batch.isEmpty() || bytes + waiting.peek().body.length() <= MAX_BATCH_BYTES)) {
            Pending p = waiting.poll();
            bytes += p.body.length();
            batch.add(p);
        }
        return batch;
    }

    private void sendBatch(List<Pending> batch) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(batch.get(i).body).build());
        }
        RuntimeException failure = null;
        SendMessageBatchResponse response = null;
        try {
            response = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
        } catch (RuntimeException e) {
            failure = e;
        }
        synchronized (this) {
            if (response != null) {
                for (SendMessageBatchResultEntry ok : response.successful()) {
                    batch.get(Integer.parseInt(ok.id())).messageId = ok.messageId();
                }
                for (BatchResultErrorEntry refused : response.failed()) {
                    batch.get(Integer.parseInt(refused.id())).failure = SqsException.builder()
                            .message("SQS refused the event notification: " + refused.code() + " " + refused.message()).build();
                }
            }
            for (Pending p : batch) {
                if (p.messageId == null && p.failure == null) {
                    p.failure = failure != null ? failure : new IllegalStateException("SQS answered nothing for a message");
                }
                p.done = true;
            }
        }
    }

    private static String outcome(Pending p) {
        if (p.failure != null) {
            throw p.failure;
        }
        return p.messageId;
    }
}
