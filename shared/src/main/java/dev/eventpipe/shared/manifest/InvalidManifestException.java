package dev.eventpipe.shared.manifest;

/**
 * A stored manifest that cannot be read: not JSON, a shape that fails validation, or a corrupt sketch.
 * Manifests are our own output, so this means broken infrastructure (or a bug), not bad user data.
 */
public final class InvalidManifestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
