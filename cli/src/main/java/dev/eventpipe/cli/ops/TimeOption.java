package dev.eventpipe.cli.ops;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** A {@code --since}/{@code --until} value: a UTC date (its first instant) or an instant. */
final class TimeOption {

    private TimeOption() {
    }

    /** The instant {@code text} names; a usage error saying both forms otherwise. */
    static Instant parse(CommandSpec spec, String text) {
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "'" + text
                    + "' is not a date (2026-11-25) or an instant (2026-11-25T10:00:00Z)");
        }
    }
}
