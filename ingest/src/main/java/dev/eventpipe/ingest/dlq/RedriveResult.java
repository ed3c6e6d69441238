package dev.eventpipe.ingest.dlq;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a redrive did.
 *
 * @param method         {@code native} (an SQS message-move task), {@code copy} (receive → send → delete), or
 *                       {@code none} for a dry run
 * @param before         DLQ messages when it started
 * @param moved          messages now back on the files queue
 * @param sendFailures   messages that could not be sent (they stay in the DLQ)
 * @param deleteFailures messages sent but not deleted from the DLQ (they are in both; the processor's
 *                       idempotency absorbs the duplicate)
 * @param failure        the task's or the run's failure, if any
 * @param sample         for a dry run: the first messages that would move
 */
public record RedriveResult(String method, boolean dryRun, long before, long moved, long sendFailures, long deleteFailures,
                            long remaining, Optional<String> failure, List<PeekedMessage> sample) {
    public RedriveResult {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(failure, "failure");
        sample = List.copyOf(sample);
    }

    /** Everything it set out to move, moved (a dry run succeeds when it could look). */
    public boolean succeeded() {
        return failure.isEmpty() && sendFailures == 0 && deleteFailures == 0;
    }
}
