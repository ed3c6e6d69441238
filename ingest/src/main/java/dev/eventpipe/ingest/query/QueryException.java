package dev.eventpipe.ingest.query;

/**
 * A statement DuckDB refused or could not finish (a syntax error, an unknown column, a file it cannot read),
 * with DuckDB's own message cut to its first line: the rest is a caret under the statement and hints.
 */
public final class QueryException extends RuntimeException {

    QueryException(String message, Throwable cause) {
        super(message, cause);
    }

    static QueryException of(java.sql.SQLException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        int nl = m.indexOf('\n');
        return new QueryException(nl < 0 ? m : m.substring(0, nl).strip(), e);
    }
}
