package dev.eventpipe.processor.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventpipe.shared.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads schema documents. The format, with every key:
 * <pre>
 * {"name": "events", "version": 1, "extras_field": "attributes",
 *  "fields": [{"name": "timestamp", "type": "timestamp", "required": true, "partition": true,
 *              "aliases": ["ts"], "normalize": "none|lowercase|uppercase", "max_length": 0,
 *              "pattern": "[A-Z]{2}"}]}
 * </pre>
 */
public final class Schemas {

    private static final ObjectMapper MAPPER = Json.mapper();

    private Schemas() {
    }

    /** The bundled {@code events} schema. */
    public static Schema bundledEvents() {
        try (InputStream in = Schemas.class.getResourceAsStream("/schemas/events.json")) {
            if (in == null) {
                throw new IllegalStateException("schemas/events.json is missing from the processor jar");
            }
            return parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws InvalidSchemaException naming the problem */
    public static Schema parse(byte[] json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new InvalidSchemaException("schema is not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidSchemaException("schema must be a JSON object");
        }
        String name = text(root, "name").orElseThrow(() -> new InvalidSchemaException("schema lacks 'name'"));
        JsonNode fields = root.path("fields");
        if (!fields.isArray()) {
            throw new InvalidSchemaException("schema " + name + " lacks a 'fields' array");
        }
        List<FieldSpec> specs = new ArrayList<>();
        for (JsonNode f : fields) {
            specs.add(field(name, f));
        }
        try {
            return new Schema(name, root.path("version").asInt(1), text(root, "extras_field").orElse("attributes"), specs);
        } catch (IllegalArgumentException e) {
            throw new InvalidSchemaException(e.getMessage());
        }
    }

    private static FieldSpec field(String schema, JsonNode f) {
        String name = text(f, "name").orElseThrow(() -> new InvalidSchemaException("schema " + schema + ": a field lacks 'name'"));
        String where = "schema " + schema + ", field " + name + ": ";
        try {
            FieldType type = FieldType.fromWire(text(f, "type").orElse("string"));
            FieldSpec.Normalize normalize = FieldSpec.Normalize.valueOf(text(f, "normalize").orElse("none").toUpperCase(Locale.ROOT));
            List<String> aliases = new ArrayList<>();
            f.path("aliases").forEach(a -> aliases.add(a.asText()));
            Optional<Pattern> pattern = text(f, "pattern").map(Pattern::compile);
            return new FieldSpec(name, type, f.path("required").asBoolean(false), f.path("partition").asBoolean(false),
                    aliases, normalize, f.path("max_length").asInt(0), pattern);
        } catch (PatternSyntaxException e) {
            throw new InvalidSchemaException(where + "bad pattern: " + e.getDescription());
        } catch (IllegalArgumentException e) {
            throw new InvalidSchemaException(where + e.getMessage());
        }
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }
}
