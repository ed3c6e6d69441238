package dev.eventpipe.processor.format;

import java.util.Locale;
import java.util.Objects;

/**
 * The file as a whole cannot be processed: its content is at fault, not the infrastructure. The file
 * gets a {@code quarantined} receipt with the reason and its message is acknowledged (retrying would not
 * help). Unchecked so it can leave from inside a stream's {@code read}.
 */
public final class QuarantineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Reason reason;

    public QuarantineException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public QuarantineException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }

    /** Why a file was quarantined; {@link #code()} is the stable form written to receipts. */
    public enum Reason {
        EMPTY_FILE,
        UNSUPPORTED_FORMAT,
        UNSUPPORTED_ENCODING,
        INVALID_ENCODING,
        CORRUPT_GZIP,
        OBJECT_TOO_LARGE,
        DECOMPRESSED_TOO_LARGE,
        COMPRESSION_RATIO,
        UNPARSEABLE,
        BAD_HEADER,
        TOO_MANY_ROWS,
        TOO_MANY_PARTITIONS,
        REJECT_RATE;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
