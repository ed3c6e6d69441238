package dev.eventpipe.infra;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.jerolba.carpet.annotation.Alias;
import com.jerolba.carpet.annotation.PrecisionScale;
import dev.eventpipe.compactor.CuratedEvent;
import dev.eventpipe.shared.json.Json;
import dev.eventpipe.shared.receipt.Receipt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The shape of each object the pipeline writes, as Hive column types, taken from the code that writes
 * it, each from one source:
 * <ul>
 *   <li>receipts: the {@link Receipt} record, through the JSON mapper that writes it (names, nesting,
 *       types);</li>
 *   <li>curated events: the compaction job's {@link CuratedEvent} record, as its Parquet writer maps it;</li>
 *   <li>events: the schema the processor bundles (its fields and types, and the extras field), plus
 *       {@code _meta} as the processor's writers write it;</li>
 *   <li>rejects and {@code _meta}: the JSON generator calls of the processor's writers
 *       ({@code FileOutputs.reject}, {@code EventEncoder.writeMeta}, {@code Meta.jsonTail}), read from
 *       their source, since this module does not depend on the processor (its test dependencies would
 *       pull the whole local stack into {@code -pl infra-checks -am}).</li>
 * </ul>
 * Timestamps ({@code Instant}, schema type {@code timestamp}) and dates are strings: see glue.tf.
 */
public final class RecordShapes {

    /** How the bundled schema's field types are stored in the Glue tables (see glue.tf for why). */
    static final Map<String, String> SCHEMA_TYPES = Map.of("string", "string", "timestamp", "string",
            "decimal", "decimal(38,9)", "integer", "bigint", "boolean", "boolean");

    static final String SCHEMA = "processor/src/main/resources/schemas/events.json";
    static final String OUTPUT = "processor/src/main/java/dev/eventpipe/processor/output/";

    private final Path root;

    private RecordShapes(Path root) {
        this.root = root;
    }

    /** The shapes of the code under the repository root {@code root}. */
    public static RecordShapes of(Path root) {
        return new RecordShapes(root);
    }

    /** Columns of {@code events/}: the bundled schema's fields, its extras field, {@code _meta}. */
    public Map<String, String> events() {
        JsonNode schema = readJson(root.resolve(SCHEMA));
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode f : schema.path("fields")) {
            String type = SCHEMA_TYPES.get(f.path("type").asText());
            if (type == null) {
                throw new InfraCheckException(SCHEMA + ": field " + f.path("name") + " has a type with no Hive type here: " + f.path("type"));
            }
            out.put(f.path("name").asText(), type);
        }
        out.put(schema.path("extras_field").asText(), "map<string,string>");
        out.putAll(metaField());
        return out;
    }

    /** Columns of {@code rejects/}: what {@code FileOutputs.reject} writes. */
    public Map<String, String> rejects() {
        return writes("FileOutputs.java", "reject");
    }

    /** The one {@code _meta} column, as {@code EventEncoder.writeMeta} writes it. */
    Map<String, String> metaField() {
        return writes("EventEncoder.java", "writeMeta");
    }

    /** Columns of {@code processed-on/} (and {@code receipts/}): the {@link Receipt} record as JSON. */
    public static Map<String, String> receipts() {
        ObjectMapper mapper = Json.mapper();
        return properties(mapper, mapper.constructType(Receipt.class));
    }

    /**
     * Columns of {@code curated/events/}: the compaction job's {@link CuratedEvent} record as its Parquet writer
     * maps it (component names or their {@link Alias}, {@code Instant} a TIMESTAMP, {@link PrecisionScale} the
     * decimal's precision and scale).
     */
    public static Map<String, String> curatedEvents() {
        return parquetColumns(CuratedEvent.class);
    }

    // ---- curated events: the Parquet writer's view of the record ---------------------------------------

    private static Map<String, String> parquetColumns(Class<?> record) {
        Map<String, String> out = new LinkedHashMap<>();
        for (RecordComponent c : record.getRecordComponents()) {
            Alias alias = c.getAnnotation(Alias.class);
            out.put(alias == null ? c.getName() : alias.value(), parquetType(c.getGenericType(), c.getAnnotation(PrecisionScale.class)));
        }
        return out;
    }

    private static String parquetType(Type type, PrecisionScale decimal) {
        if (type instanceof ParameterizedType p && p.getRawType() == Map.class) {
            return "map<" + parquetType(p.getActualTypeArguments()[0], null) + "," + parquetType(p.getActualTypeArguments()[1], null) + ">";
        }
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            return "array<" + parquetType(p.getActualTypeArguments()[0], null) + ">";
        }
        if (type == String.class) {
            return "string";
        }
        if (type == Instant.class) {
            return "timestamp";
        }
        if (type == long.class || type == Long.class) {
            return "bigint";
        }
        if (type == int.class || type == Integer.class) {
            return "int";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "boolean";
        }
        if (type == BigDecimal.class && decimal != null) {
            return "decimal(" + decimal.precision() + "," + decimal.scale() + ")";
        }
        if (type instanceof Class<?> c && c.isRecord()) {
            return "struct<" + parquetColumns(c).entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
                    .collect(Collectors.joining(",")) + ">";
        }
        throw new InfraCheckException("no Hive type for " + type + " here: add it to RecordShapes.parquetType");
    }

    // ---- receipts: Jackson's view of the record ------------------------------------------------------

    private static Map<String, String> properties(ObjectMapper mapper, JavaType type) {
        BeanDescription bean = mapper.getSerializationConfig().introspect(type);
        Map<String, String> out = new LinkedHashMap<>();
        for (BeanPropertyDefinition p : bean.findProperties()) {
            if (p.couldSerialize()) {
                out.put(p.getName(), hiveType(mapper, p.getPrimaryType()));
            }
        }
        return out;
    }

    static String hiveType(ObjectMapper mapper, JavaType t) {
        Class<?> raw = t.getRawClass();
        if (t.isReferenceType()) { // Optional<X>: X or null
            return hiveType(mapper, t.getReferencedType());
        }
        if (raw == String.class || raw.isEnum() || raw == Instant.class || raw == LocalDate.class) {
            return "string";
        }
        if (raw == int.class || raw == Integer.class) {
            return "int";
        }
        if (raw == long.class || raw == Long.class) {
            return "bigint";
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return "boolean";
        }
        if (t.isCollectionLikeType()) {
            return "array<" + hiveType(mapper, t.getContentType()) + ">";
        }
        if (t.isMapLikeType()) {
            return "map<" + hiveType(mapper, t.getKeyType()) + "," + hiveType(mapper, t.getContentType()) + ">";
        }
        if (raw.isRecord()) {
            return "struct<" + properties(mapper, t).entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
                    .collect(Collectors.joining(",")) + ">";
        }
        throw new InfraCheckException("no Hive type for " + t + " here: add it to RecordShapes.hiveType");
    }

    // ---- the processor's writers: their JSON generator calls, in order -------------------------------

    /** One generator call that shapes the output, with its argument. */
    private static final Pattern CALL = Pattern.compile(
            "\\.(writeStartObject|writeEndObject|writeEndArray)\\(\\)"
                    + "|\\.writeArrayFieldStart\\(\"(\\w+)\"\\)"
                    + "|\\.write(String|Number|Boolean|Null)Field\\(\"(\\w+)\""
                    + "|\\.writeFieldName\\((\\w+)\\)"
                    + "|\\.write(Number|String|Boolean|Null)\\("
                    + "|\\.writeRaw\\((\\w+)\\)"
                    + "|\\b\\w+\\.(writeMeta)\\(");

    private static final Pattern SERIALIZED = Pattern.compile("(\\w+)\\s*=\\s*new SerializedString\\(\"(\\w+)\"\\)");

    /** The fields the method writes into its outermost object (or, with no object of its own, at its level). */
    Map<String, String> writes(String file, String method) {
        String source = read(root.resolve(OUTPUT + file));
        Map<String, String> names = new LinkedHashMap<>();
        Matcher n = SERIALIZED.matcher(source);
        while (n.find()) {
            names.put(n.group(1), n.group(2));
        }
        Node top = new Node.Struct();
        Deque<Node> stack = new ArrayDeque<>(List.of(top));
        String pending = null;
        boolean ownObject = false;
        Matcher m = CALL.matcher(body(source, file, method));
        while (m.find()) {
            Node current = stack.peek();
            if ("writeStartObject".equals(m.group(1))) {
                if (stack.size() == 1 && pending == null && !ownObject) {
                    ownObject = true; // the record's own braces: its fields are the columns
                } else {
                    Node.Struct s = new Node.Struct();
                    current.add(pending, s);
                    stack.push(s);
                }
                pending = null;
            } else if (m.group(1) != null) { // end of an object or array
                if (stack.size() > 1) {
                    stack.pop();
                }
            } else if (m.group(2) != null) {
                Node.Array a = new Node.Array();
                current.add(m.group(2), a);
                stack.push(a);
            } else if (m.group(3) != null) {
                current.add(m.group(4), new Node.Leaf(leafType(m.group(3))));
            } else if (m.group(5) != null) {
                pending = names.getOrDefault(m.group(5), m.group(5));
            } else if (m.group(6) != null) {
                current.add(pending, new Node.Leaf(leafType(m.group(6))));
                pending = null;
            } else if (m.group(7) != null) {
                // EventEncoder writes Meta.jsonTail() raw: its fields, without their braces, go here
                if (!"metaTail".equals(m.group(7))) {
                    throw new InfraCheckException(file + "#" + method + ": writeRaw(" + m.group(7) + ") is not Meta.jsonTail()");
                }
                writes("Meta.java", "jsonTail").forEach((k, v) -> current.add(k, new Node.Leaf(v)));
            } else if (m.group(8) != null) {
                writes("EventEncoder.java", "writeMeta").forEach((k, v) -> current.add(k, new Node.Leaf(v)));
            }
        }
        Map<String, String> out = ((Node.Struct) top).fields();
        if (out.isEmpty()) {
            throw new InfraCheckException(file + "#" + method + " writes no field this check can see: has the writer changed?");
        }
        return out;
    }

    private static String leafType(String writeKind) {
        return switch (writeKind) {
            case "String" -> "string";
            case "Number" -> "bigint";
            case "Boolean" -> "boolean";
            default -> null; // null: the type comes from another write of the same field
        };
    }

    /** The body of {@code method} in {@code source}: from its opening brace to the matching one. */
    static String body(String source, String file, String method) {
        Matcher m = Pattern.compile("\\b" + Pattern.quote(method) + "\\([^)]*\\)[^{;]*\\{").matcher(source);
        if (!m.find()) {
            throw new InfraCheckException(file + " has no method " + method + ": has the writer moved?");
        }
        int depth = 1;
        int i = m.end();
        while (depth > 0 && i < source.length()) {
            char ch = source.charAt(i++);
            depth += ch == '{' ? 1 : ch == '}' ? -1 : 0;
        }
        return source.substring(m.end(), i - 1);
    }

    private static JsonNode readJson(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON a writer produces, as far as its shape goes. */
    private sealed interface Node {
        void add(String name, Node child);

        String type();

        final class Struct implements Node {
            private final Map<String, Node> fields = new LinkedHashMap<>();

            @Override
            public void add(String name, Node child) {
                if (name == null) {
                    throw new InfraCheckException("a value without a field name in a JSON object");
                }
                Node before = fields.get(name);
                if (before == null || before.type() == null) {
                    fields.put(name, child);
                }
            }

            @Override
            public String type() {
                return "struct<" + fields().entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
                        .collect(Collectors.joining(",")) + ">";
            }

            Map<String, String> fields() {
                Map<String, String> out = new LinkedHashMap<>();
                fields.forEach((k, v) -> out.put(k, v.type()));
                return out;
            }
        }

        final class Array implements Node {
            private Node element;

            @Override
            public void add(String name, Node child) {
                element = child;
            }

            @Override
            public String type() {
                return "array<" + (element == null ? "?" : element.type()) + ">";
            }
        }

        record Leaf(String type) implements Node {
            @Override
            public void add(String name, Node child) {
                throw new InfraCheckException("a JSON value inside a scalar");
            }
        }
    }
}
