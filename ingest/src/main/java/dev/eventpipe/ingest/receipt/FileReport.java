package dev.eventpipe.ingest.receipt;

import dev.eventpipe.ingest.receipt.ReceiptLookup.RejectedRow;
import dev.eventpipe.shared.receipt.Receipt;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything known about one uploaded object.
 *
 * @param state        the answer in one word
 * @param fileId       the object's file id (empty when the object does not exist)
 * @param receipt      its receipt, when it has one
 * @param rejects      the first rejected rows, with their reasons
 * @param dlqMessageIds DLQ messages about this object, when it has no receipt
 * @param explanation  one sentence for a person
 */
public record FileReport(String bucket, String key, Optional<String> versionId, Optional<String> etag, State state,
                         Optional<String> fileId, Optional<Receipt> receipt, List<RejectedRow> rejects,
                         List<String> dlqMessageIds, String explanation) {

    public FileReport {
        Objects.requireNonNull(state, "state");
        rejects = List.copyOf(rejects);
        dlqMessageIds = List.copyOf(dlqMessageIds);
    }

    /** Where the file is in its life. */
    public enum State {
        /** A {@code processed} receipt. */
        PROCESSED,
        /** A {@code quarantined} receipt: its reason says why. */
        QUARANTINED,
        /** No receipt; a message about it is in the dead-letter queue. */
        IN_DLQ,
        /** No receipt yet; the files queue has messages, so it may be among them. */
        PENDING,
        /** No receipt and no message found: not notified (filter, configuration) or lost. */
        UNKNOWN,
        /** The object does not exist (or not that version). */
        NO_SUCH_OBJECT;

        @com.fasterxml.jackson.annotation.JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
