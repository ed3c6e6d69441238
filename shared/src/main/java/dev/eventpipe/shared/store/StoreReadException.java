package dev.eventpipe.shared.store;

import java.io.IOException;

/**
 * Reading an object's bytes failed in the store or on the wire. It is an {@link IOException} so that it
 * travels through decompressors and decoders unchanged; whoever reads can then tell it apart from an
 * {@code IOException} that the content itself caused (a corrupt gzip stream, invalid UTF-8).
 */
public final class StoreReadException extends IOException {
    private static final long serialVersionUID = 1L;

    public StoreReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
