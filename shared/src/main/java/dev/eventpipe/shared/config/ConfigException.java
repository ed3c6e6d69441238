package dev.eventpipe.shared.config;

/** A setting is missing or malformed; the message names the variable. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String variable;

    public ConfigException(String variable, String problem) {
        super(variable + " " + problem);
        this.variable = variable;
    }

    public String variable() {
        return variable;
    }
}
