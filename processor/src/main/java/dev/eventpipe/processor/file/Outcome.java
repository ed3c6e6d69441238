package dev.eventpipe.processor.file;

import dev.eventpipe.shared.layout.FileId;
import dev.eventpipe.shared.receipt.Receipt;
import java.util.Objects;

/** What became of one S3 event record. Every record ends in exactly one of these. */
public sealed interface Outcome {

    /** The file's records are written and its receipt says {@code processed}. */
    record Processed(Receipt receipt) implements Outcome {
        public Processed {
            Objects.requireNonNull(receipt, "receipt");
        }
    }

    /** The file could not be processed as a whole; its receipt says why. */
    record Quarantined(Receipt receipt) implements Outcome {
        public Quarantined {
            Objects.requireNonNull(receipt, "receipt");
        }
    }

    /** The file already had a receipt: a duplicate delivery, a retry or a redrive. Nothing was written. */
    record Duplicate(FileId fileId) implements Outcome {
        public Duplicate {
            Objects.requireNonNull(fileId, "fileId");
        }
    }

    /** Nothing to process, on purpose: a deletion, a folder marker, a bucket not ours, an object gone. */
    record Ignored(String why) implements Outcome {
        public Ignored {
            Objects.requireNonNull(why, "why");
        }
    }

    /** A short word for logs and the local mode's tables. */
    default String label() {
        if (this instanceof Processed) {
            return "processed";
        } else if (this instanceof Quarantined) {
            return "quarantined";
        } else if (this instanceof Duplicate) {
            return "duplicate";
        }
        return "ignored";
    }
}
