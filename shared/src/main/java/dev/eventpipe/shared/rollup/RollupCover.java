package dev.eventpipe.shared.rollup;

import dev.eventpipe.shared.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

/**
 * A roll-up document read only for what it covers (its figures, which only the reporter reads, are skipped):
 * what the audit needs to account for the files of a processing date without reading each index entry.
 */
public record RollupCover(int schemaVersion, String prefix, List<Covered> covered) implements Covering {

    /** The roll-up format's version; a reader refuses any other. */
    public static final int SCHEMA_VERSION = 1;

    public RollupCover {
        if (schemaVersion != SCHEMA_VERSION) {
            throw new IllegalArgumentException("unsupported roll-up schema_version " + schemaVersion);
        }
        Objects.requireNonNull(prefix, "prefix");
        covered = List.copyOf(covered);
    }

    public static RollupCover fromJson(byte[] json) {
        try {
            return Json.mapper().readValue(json, RollupCover.class);
        } catch (IOException e) {
            throw new UncheckedIOException("not a roll-up: " + e.getMessage(), e);
        }
    }
}
