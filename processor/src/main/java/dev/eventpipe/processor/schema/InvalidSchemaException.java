package dev.eventpipe.processor.schema;

/** A schema document that cannot be used; a configuration error, reported at start. */
public final class InvalidSchemaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidSchemaException(String message) {
        super(message);
    }
}
