package dev.eventpipe.processor.schema;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Locale;

/** The value types a schema field can have, and how each is written in the output. */
public enum FieldType {
    /** Text, written as a JSON string. */
    STRING,
    /** ISO-8601 with an offset, or epoch seconds / milliseconds; written as UTC ISO-8601 with a {@code Z}. */
    TIMESTAMP,
    /** A decimal number such as {@code -12.50}; written as a JSON number with the digits given. */
    DECIMAL,
    /** A whole number within 64 bits; written as a JSON number. */
    INTEGER,
    /** {@code true/false}, {@code yes/no}, {@code 1/0}; written as a JSON boolean. */
    BOOLEAN;

    @JsonCreator
    static FieldType fromWire(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
