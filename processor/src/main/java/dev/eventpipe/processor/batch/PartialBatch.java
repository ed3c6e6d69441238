package dev.eventpipe.processor.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-message failure boundary of an SQS batch, with the semantics of Powertools' SQS batch handler
 * (whose module is not available to this build):
 * <ul>
 *   <li>each message is handled on its own; one that throws is reported, the others are acknowledged;</li>
 *   <li>on a FIFO queue the first failure stops the batch and every message after it is reported too,
 *       so that order within a message group is kept;</li>
 *   <li>when every message fails, every id is reported (the event source mapping then retries them all);</li>
 *   <li>an {@link Error} is not caught: it fails the whole invocation.</li>
 * </ul>
 * The event source mapping honours the answer only with {@code ReportBatchItemFailures} set
 * (<a href="https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html">docs</a>).
 */
public final class PartialBatch {

    private static final Logger LOG = LoggerFactory.getLogger(PartialBatch.class);

    private PartialBatch() {
    }

    /** @return the ids of the messages to hand back to the queue, in batch order */
    public static List<String> process(List<BatchMessage> messages, Consumer<BatchMessage> handler) {
        List<String> failed = new ArrayList<>();
        boolean fifo = messages.stream().anyMatch(m -> m.messageGroupId().isPresent());
        for (int i = 0; i < messages.size(); i++) {
            BatchMessage m = messages.get(i);
            try {
                handler.accept(m);
            } catch (RuntimeException e) {
                // The one catch of the batch boundary: the message goes back to SQS for a retry.
                LOG.atError().setCause(e).addKeyValue("messageId", m.messageId())
                        .log("message failed; it will be retried and reach the DLQ after maxReceiveCount: {}", e.toString());
                failed.add(m.messageId());
                if (fifo) {
                    messages.subList(i + 1, messages.size()).forEach(rest -> failed.add(rest.messageId()));
                    break;
                }
            }
        }
        return failed;
    }
}
