package dev.eventpipe.processor.schema;

import java.util.Objects;

/**
 * One reason a row was rejected.
 *
 * @param field   the standard field name, or {@code null} for a problem of the whole row
 * @param code    a stable code for grouping in reports, e.g. {@code missing_required}
 * @param message what was wrong, for a person
 */
public record Problem(String field, String code, String message) {
    public Problem {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
