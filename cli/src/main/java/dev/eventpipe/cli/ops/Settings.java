package dev.eventpipe.cli.ops;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** An option with its environment variable as fallback: the same names the Lambdas read. */
final class Settings {

    static final String QUEUE_URL = "EVENTPIPE_QUEUE_URL";
    static final String DLQ_URL = "EVENTPIPE_DLQ_URL";
    static final String PROCESSED_BUCKET = "EVENTPIPE_PROCESSED_BUCKET";

    private Settings() {
    }

    /** The option's value, else the variable's; a usage error naming both when neither is set. */
    static String required(CommandSpec spec, String value, String option, String variable) {
        String v = value != null && !value.isBlank() ? value : System.getenv(variable);
        if (v == null || v.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " (or " + variable + ") is required");
        }
        return v.trim();
    }

    static java.util.Optional<String> optional(String value, String variable) {
        String v = value != null && !value.isBlank() ? value : System.getenv(variable);
        return v == null || v.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(v.trim());
    }
}
