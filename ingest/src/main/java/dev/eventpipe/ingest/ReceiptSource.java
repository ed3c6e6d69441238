package dev.eventpipe.ingest;

import dev.eventpipe.shared.layout.FileId;
import dev.eventpipe.shared.receipt.Receipt;
import java.util.Optional;

/** Finds a file's receipt, if it has one. */
@FunctionalInterface
public interface ReceiptSource {

    Optional<Receipt> find(FileId fileId);

    /** Knows no receipt at all (when no processed bucket is configured). */
    ReceiptSource NONE = id -> Optional.empty();
}
