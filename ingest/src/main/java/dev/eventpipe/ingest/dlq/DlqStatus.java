package dev.eventpipe.ingest.dlq;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The files queue and its DLQ at a glance.
 *
 * @param oldestDlqMessageAgeSeconds how long the oldest message of a sample of the DLQ has been there
 *                                   (since it was first sent), when the DLQ has any
 * @param moveTasks                  message-move tasks out of the DLQ that are running; empty when the
 *                                   endpoint cannot list them ({@code moveTasksSupported} false)
 */
public record DlqStatus(QueueDepth queue, QueueDepth dlq, Optional<Long> oldestDlqMessageAgeSeconds,
                        boolean moveTasksSupported, List<MoveTask> moveTasks) {
    public DlqStatus {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(dlq, "dlq");
        Objects.requireNonNull(oldestDlqMessageAgeSeconds, "oldestDlqMessageAgeSeconds");
        moveTasks = List.copyOf(moveTasks);
    }

    /** A message-move task as SQS lists it. */
    public record MoveTask(String handle, String status, long moved, long toMove, String destination) {
    }
}
