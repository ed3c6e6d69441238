package dev.eventpipe.processor.format;

/** The current row of a {@link RowSource}: the arrays and verdict every source fills and exposes alike. */
abstract class RowState implements RowSource {

    String[] names;
    String[] values;
    int count;
    long line;
    String error;
    String errorCode;

    RowState(String[] names, String[] values) {
        this.names = names;
        this.values = values;
    }

    /** Starts a row at a line, with no verdict yet. */
    void startRow(long at) {
        line = at;
        error = null;
        errorCode = null;
    }

    /** The row could not be split into fields. */
    void failRow(String code, String message) {
        errorCode = code;
        error = message;
    }

    @Override
    public long line() {
        return line;
    }

    @Override
    public String rowError() {
        return error;
    }

    @Override
    public String rowErrorCode() {
        return errorCode;
    }

    @Override
    public String[] names() {
        return names;
    }

    @Override
    public String[] values() {
        return values;
    }

    @Override
    public int count() {
        return count;
    }
}
