package dev.eventpipe.compactor;

/** An input that cannot be compacted (unreadable record, amount out of the Parquet column's range) or a write that failed. */
public final class CompactionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CompactionException(String message, Throwable cause) {
        super(message, cause);
    }
}
