package dev.eventpipe.shared.audit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What an audit found: totals per outcome, and every object that needs a person, with the command that
 * fixes it. Printed as text or, with {@code --json}, as this record.
 *
 * @param since      objects created at or after this
 * @param until      objects created before this
 * @param totals     objects per outcome
 * @param queue      the files queue's depth when audited
 * @param dlq        the DLQ's depth when audited, and its messages matched or not to the window's objects
 * @param attention  every object not accounted for, in the DLQ, or still queued, with what to do
 * @param generations every object with more than one receipt generation
 */
public record AuditResult(String bucket, String prefix, Instant since, Instant until, Totals totals, Queue queue, Dlq dlq,
                          List<Item> attention, List<Generations> generations) {

    public AuditResult {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(totals, "totals");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(dlq, "dlq");
        attention = List.copyOf(attention);
        generations = List.copyOf(generations);
    }

    /** Every object has a receipt or is in the DLQ: nothing lost, nothing waiting. */
    public boolean accountedFor() {
        return totals.unaccounted() == 0 && totals.stillQueued() == 0;
    }

    /**
     * @param objects     object versions created in the window
     * @param processed   with a {@code processed} receipt
     * @param quarantined with a {@code quarantined} receipt, per reason code
     * @param inDlq       without a receipt, with a notification in the DLQ
     * @param stillQueued without a receipt nor a DLQ message, while the files queue holds messages: at most as
     *                    many as it holds (a queue cannot be read without taking its messages from the pollers)
     * @param unaccounted without a receipt, a DLQ message, or a message that may still be queued
     */
    public record Totals(long objects, long processed, SortedMap<String, Long> quarantined, long inDlq, long stillQueued,
                         long unaccounted) {
        public Totals {
            quarantined = new TreeMap<>(quarantined);
        }

        public long quarantinedTotal() {
            return quarantined.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** The files queue: waiting (visible), in flight (received, not deleted), delayed. */
    public record Queue(long waiting, long inFlight, long delayed) {
        public long total() {
            return waiting + inFlight + delayed;
        }
    }

    /**
     * @param messages       messages peeked (every one the DLQ held that could be received)
     * @param matched        of those, the ones about an object of the window
     * @param others         the rest: other windows, other buckets, bodies that are not S3 notifications
     */
    public record Dlq(long messages, long matched, long others) {
    }

    /** What an object needs: {@code unaccounted}, {@code in_dlq} or {@code still_queued}. */
    public record Item(String outcome, String key, Optional<String> versionId, String etag, long size, Instant lastModified,
                       String fileId, Optional<String> messageId, String fix) {
        public Item {
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(versionId, "versionId");
            Objects.requireNonNull(messageId, "messageId");
            Objects.requireNonNull(fix, "fix");
        }
    }

    /**
     * An object whose receipt is a later generation (a forced replay), or that is indexed on several
     * processing dates: its outputs were replaced, never added twice, but it is worth knowing.
     */
    public record Generations(String key, Optional<String> versionId, String fileId, int generation, List<String> indexedOn,
                              String status, String inspect) {
        public Generations {
            indexedOn = List.copyOf(indexedOn);
        }
    }
}
