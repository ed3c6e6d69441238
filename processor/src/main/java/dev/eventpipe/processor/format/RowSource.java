package dev.eventpipe.processor.format;

import java.io.IOException;

/**
 * Rows of one file, one at a time, in the form validation wants: parallel arrays of names and values.
 * The arrays are reused between rows; read them before calling {@link #next()} again.
 */
public interface RowSource extends AutoCloseable {

    /**
     * Moves to the next row.
     *
     * @return false at the end of the file
     * @throws QuarantineException when the structure breaks so that no further row can be trusted
     * @throws IOException         only when the store fails
     */
    boolean next() throws IOException;

    /** The 1-based line where the row starts. */
    long line();

    /** Why this row could not even be split into fields, or null when it could. */
    String rowError();

    /** A stable code for {@link #rowError()}. */
    String rowErrorCode();

    /** Names of this row's fields; for delimited text, the header. */
    String[] names();

    String[] values();

    int count();

    /** The row as it appeared (or as close as can be rebuilt), for the rejects output. */
    String raw();

    @Override
    void close() throws IOException;
}
