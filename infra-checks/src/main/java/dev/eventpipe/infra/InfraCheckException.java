package dev.eventpipe.infra;

/** A check could not run (tooling missing, a file that does not parse). */
public final class InfraCheckException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InfraCheckException(String message) {
        super(message);
    }
}
