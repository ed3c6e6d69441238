package dev.eventpipe.processor.output;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.eventpipe.processor.schema.FieldSpec;
import dev.eventpipe.processor.schema.FieldType;
import dev.eventpipe.processor.schema.Schema;
import dev.eventpipe.processor.schema.Standardized;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes one standardised record as a JSON object: the schema's fields in schema order (null when
 * absent, so every line has the same keys), the non-empty extra columns under the extras field, and {@code _meta}.
 * Field names and the constant part of {@code _meta} are encoded once per file, not once per row.
 */
final class EventEncoder {

    private final SerializableString[] names;
    private final FieldType[] types;
    private final SerializableString extras;
    private final SerializableString meta = new SerializedString("_meta");
    private final SerializableString line = new SerializedString("line");
    private final SerializableString metaTail;
    private final Map<String, SerializableString> extraNames = new HashMap<>();
    private final String[] lastNames = new String[64];
    private final SerializableString[] lastEncoded = new SerializableString[64];

    EventEncoder(Schema schema, Meta fileMeta) {
        this.names = schema.fields().stream().map(f -> new SerializedString(f.name())).toArray(SerializableString[]::new);
        this.types = schema.fields().stream().map(FieldSpec::type).toArray(FieldType[]::new);
        this.extras = new SerializedString(schema.extrasField());
        this.metaTail = new SerializedString(fileMeta.jsonTail());
    }

    /**
     * Extra column names repeat on every row: encode each once (bounded, since JSON keys are data). For
     * delimited input the name at a position is the same String every row, so one reference comparison
     * usually answers before any hashing.
     */
    private SerializableString extraName(int position, String name) {
        if (position < lastNames.length && lastNames[position] == name) {
            return lastEncoded[position];
        }
        SerializableString encoded = extraNames.get(name);
        if (encoded == null) {
            encoded = new SerializedString(name);
            if (extraNames.size() < 1_000) {
                extraNames.put(name, encoded);
            }
        }
        if (position < lastNames.length) {
            lastNames[position] = name;
            lastEncoded[position] = encoded;
        }
        return encoded;
    }

    void write(JsonGenerator g, Standardized s, long lineNumber) throws IOException {
        g.writeStartObject();
        for (int i = 0; i < names.length; i++) {
            g.writeFieldName(names[i]);
            String v = s.value(i);
            if (v == null) {
                g.writeNull();
            } else {
                switch (types[i]) {
                    case DECIMAL, INTEGER -> g.writeNumber(v); // canonical digits, valid JSON numbers
                    case BOOLEAN -> g.writeBoolean(v.equals("true"));
                    default -> g.writeString(v);
                }
            }
        }
        g.writeFieldName(extras);
        g.writeStartObject();
        for (int i = 0; i < s.extraCount(); i++) {
            String v = s.extraValue(i);
            if (v != null) { // empty or absent: omitted, in every format
                g.writeFieldName(extraName(i, s.extraName(i)));
                g.writeString(v);
            }
        }
        g.writeEndObject();
        writeMeta(g, lineNumber);
        g.writeEndObject();
    }

    /** {@code "_meta":{"line":N,<constant tail>}} */
    void writeMeta(JsonGenerator g, long lineNumber) throws IOException {
        g.writeFieldName(meta);
        g.writeStartObject();
        g.writeFieldName(line);
        g.writeNumber(lineNumber);
        g.writeRaw(metaTail);
        g.writeEndObject();
    }
}
