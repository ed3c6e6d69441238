package dev.eventpipe.processor.schema;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A record schema: data, not code. Loaded from JSON by {@link Schemas}; the bundled default is
 * {@code schemas/events.json}.
 *
 * <p>Input names match a field when their {@linkplain #matchKey(String) match keys} are equal, so
 * {@code event_type}, {@code eventType}, {@code Event Type} and {@code EVENT-TYPE} all name the same
 * field without listing every spelling as an alias.
 */
public record Schema(String name, int version, String extrasField, List<FieldSpec> fields) {

    public Schema {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(extrasField, "extrasField");
        fields = List.copyOf(fields);
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("schema " + name + " has no fields");
        }
        long partitions = fields.stream().filter(FieldSpec::partition).count();
        if (partitions != 1) {
            throw new IllegalArgumentException("schema " + name + " needs exactly one partition timestamp, has " + partitions);
        }
        Map<String, String> seen = new HashMap<>();
        for (FieldSpec f : fields) {
            for (String n : names(f)) {
                String previous = seen.put(matchKey(n), f.name());
                if (previous != null && !previous.equals(f.name())) {
                    throw new IllegalArgumentException("schema " + name + ": '" + n + "' names both " + previous
                            + " and " + f.name());
                }
            }
        }
        if (seen.containsKey(matchKey(extrasField))) {
            throw new IllegalArgumentException("schema " + name + ": extras field " + extrasField + " is also a field");
        }
    }

    /** Lower-case letters and digits only: the form in which names and aliases are compared. */
    public static String matchKey(String name) {
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                b.append(Character.toLowerCase(c));
            }
        }
        return b.toString();
    }

    /** The index of the field an input name refers to. */
    public OptionalInt fieldIndex(String inputName) {
        String key = matchKey(inputName);
        for (int i = 0; i < fields.size(); i++) {
            for (String n : names(fields.get(i))) {
                if (matchKey(n).equals(key)) {
                    return OptionalInt.of(i);
                }
            }
        }
        return OptionalInt.empty();
    }

    public int partitionIndex() {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).partition()) {
                return i;
            }
        }
        throw new IllegalStateException("checked in the constructor");
    }

    /** The index of a field by its standard name, if the schema has it. */
    public OptionalInt indexOf(String standardName) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(standardName)) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    /** "events v1" */
    public String label() {
        return name + " v" + version;
    }

    private static List<String> names(FieldSpec f) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(f.name()), f.aliases().stream()).toList();
    }

    @Override
    public String toString() {
        return label() + " " + fields.stream().map(FieldSpec::name).toList().toString().toLowerCase(Locale.ROOT);
    }
}
