package dev.eventpipe.processor.schema;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One field of a {@link Schema}.
 *
 * @param name      the standard name written to the output
 * @param type      the value type
 * @param required  whether a row without a value is rejected
 * @param partition whether this timestamp decides the output partition (exactly one field has it)
 * @param aliases   other names accepted in input headers and JSON keys (matched like the name, see
 *                  {@link Schema#matchKey(String)})
 * @param normalize how text is normalised before validation
 * @param maxLength the longest accepted value, in characters (0: no limit beyond the global one)
 * @param pattern   a regular expression the whole (normalised) value must match
 */
public record FieldSpec(String name, FieldType type, boolean required, boolean partition, List<String> aliases,
                        Normalize normalize, int maxLength, Optional<Pattern> pattern) {

    public FieldSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(normalize, "normalize");
        Objects.requireNonNull(pattern, "pattern");
        aliases = List.copyOf(aliases);
        if (partition && type != FieldType.TIMESTAMP) {
            throw new IllegalArgumentException("field " + name + ": only a timestamp can be the partition field");
        }
        if (maxLength < 0) {
            throw new IllegalArgumentException("field " + name + ": max_length must be >= 0");
        }
    }

    /** Text normalisation applied after trimming. */
    public enum Normalize {
        NONE, LOWERCASE, UPPERCASE
    }
}
