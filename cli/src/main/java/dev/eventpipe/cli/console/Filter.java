package dev.eventpipe.cli.console;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * What the Files page asks for: a processing date, optionally a status and a key prefix, one page.
 *
 * @param status {@code processed} or {@code quarantined}, or empty for every file
 * @param prefix a prefix of the uploaded object's key, or empty
 */
record Filter(LocalDate date, Optional<String> status, String prefix, int page) {

    static final int PAGE_SIZE = 50;

    Filter {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(prefix, "prefix");
        status = status.filter(s -> s.equals("processed") || s.equals("quarantined"));
        page = Math.max(0, page);
    }

    boolean narrowed() {
        return status.isPresent() || !prefix.isEmpty();
    }

    boolean matches(FileRow row) {
        return status.map(row.status()::equals).orElse(true) && row.key().startsWith(prefix);
    }
}
