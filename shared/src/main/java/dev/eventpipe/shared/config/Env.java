package dev.eventpipe.shared.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Typed reading of configuration from a map of environment variables. Read once at start; a missing or
 * malformed setting fails there, naming the variable.
 */
public final class Env {

    private final Map<String, String> values;

    private Env(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static Env of(Map<String, String> values) {
        return new Env(values);
    }

    public Optional<String> optional(String name) {
        String v = values.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    public String required(String name) {
        return optional(name).orElseThrow(() -> new ConfigException(name, "is required but not set"));
    }

    public String string(String name, String fallback) {
        return optional(name).orElse(fallback);
    }

    public List<String> list(String name) {
        return optional(name).map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    public long longValue(String name, long fallback, long min, long max) {
        Optional<String> v = optional(name);
        if (v.isEmpty()) {
            return fallback;
        }
        long parsed;
        try {
            parsed = Long.parseLong(v.get());
        } catch (NumberFormatException e) {
            throw new ConfigException(name, "must be a whole number, not '" + v.get() + "'");
        }
        return inRange(name, parsed, min, max);
    }

    public int intValue(String name, int fallback, int min, int max) {
        return (int) longValue(name, fallback, min, max);
    }

    public double doubleValue(String name, double fallback, double min, double max) {
        Optional<String> v = optional(name);
        if (v.isEmpty()) {
            return fallback;
        }
        double parsed;
        try {
            parsed = Double.parseDouble(v.get());
        } catch (NumberFormatException e) {
            throw new ConfigException(name, "must be a number, not '" + v.get() + "'");
        }
        if (!(parsed >= min && parsed <= max)) {
            throw new ConfigException(name, "must be between " + min + " and " + max + ", not " + parsed);
        }
        return parsed;
    }

    /** A size such as {@code 1048576}, {@code 512KiB}, {@code 64MiB}, {@code 2GiB} (also KB/MB/GB as powers of 1024). */
    public long bytes(String name, long fallback, long min, long max) {
        Optional<String> v = optional(name);
        if (v.isEmpty()) {
            return fallback;
        }
        String text = v.get().toUpperCase(Locale.ROOT).replace(" ", "");
        long unit = 1;
        for (var suffix : List.of(Map.entry("KIB", 1L << 10), Map.entry("MIB", 1L << 20), Map.entry("GIB", 1L << 30),
                Map.entry("KB", 1L << 10), Map.entry("MB", 1L << 20), Map.entry("GB", 1L << 30), Map.entry("B", 1L))) {
            if (text.endsWith(suffix.getKey())) {
                unit = suffix.getValue();
                text = text.substring(0, text.length() - suffix.getKey().length());
                break;
            }
        }
        try {
            return inRange(name, Math.multiplyExact(Long.parseLong(text), unit), min, max);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ConfigException(name, "must be a size such as 64MiB, not '" + v.get() + "'");
        }
    }

    public boolean bool(String name, boolean fallback) {
        Optional<String> v = optional(name);
        if (v.isEmpty()) {
            return fallback;
        }
        return switch (v.get().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new ConfigException(name, "must be true or false, not '" + v.get() + "'");
        };
    }

    public <E extends Enum<E>> E choice(String name, Class<E> type, E fallback) {
        Optional<String> v = optional(name);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, v.get().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, "must be one of " + Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT)).toList() + ", not '" + v.get() + "'");
        }
    }

    private static long inRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ConfigException(name, "must be between " + min + " and " + max + ", not " + value);
        }
        return value;
    }
}
