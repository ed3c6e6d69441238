package dev.eventpipe.shared.rollup;

import java.util.Objects;
import java.util.Optional;

/**
 * A document a roll-up covers: its name under the roll-up's prefix and its ETag when listed; for an entry of
 * the processing-date index, also what its receipt said, so the audit can account for the file from the
 * roll-up alone. Roll-ups written before {@code receipt} existed have none, and their entries are read one by
 * one.
 *
 * @param receipt the receipt's outcome for a {@code processed-on/} entry; null otherwise
 */
public record Covered(String name, String etag, Outcome receipt) {

    public Covered {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(etag, "etag");
    }

    public Covered(String name, String etag) {
        this(name, etag, null);
    }

    public Optional<Outcome> outcome() {
        return Optional.ofNullable(receipt);
    }

    /**
     * What a receipt said, as the audit needs it.
     *
     * @param status     {@code processed} or {@code quarantined}
     * @param reason     the quarantine reason code; null when processed
     * @param generation the receipt's generation (1, or more after replays)
     */
    public record Outcome(String status, String reason, int generation) {
        public Outcome {
            Objects.requireNonNull(status, "status");
        }
    }
}
