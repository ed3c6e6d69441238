package dev.eventpipe.infra;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * One Terraform configuration directory, parsed: resources, data sources, locals, variables and
 * {@code terraform} blocks, with the helpers the policy rules share (references, local resolution,
 * nested blocks).
 */
public final class TfConfig {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** A resource or data source: {@code type.name}, its body as hcl2json gives it, and its file. */
    public record Block(String type, String name, JsonNode body, Path file) {
        public String address() {
            return type + "." + name;
        }

        /** The body as text: expressions and literals, for reference searches. */
        public String text() {
            return body.toString();
        }

        public JsonNode attr(String name) {
            return body.path(name);
        }

        /** The first instance of a nested block ({@code rule { ... }} parses as a list of objects). */
        public JsonNode block(String name) {
            return first(body.path(name));
        }
    }

    private final List<Block> resources;
    private final List<Block> data;
    private final Map<String, String> locals;
    private final Map<String, JsonNode> variables;
    private final List<JsonNode> terraformBlocks;

    private TfConfig(Builder b) {
        this.resources = List.copyOf(b.resources);
        this.data = List.copyOf(b.data);
        this.locals = Map.copyOf(b.locals);
        this.variables = Map.copyOf(b.variables);
        this.terraformBlocks = List.copyOf(b.terraform);
    }

    /** A configuration from files already parsed. */
    public static TfConfig of(List<Hcl.Parsed> files) {
        Builder b = new Builder();
        for (Hcl.Parsed p : files) {
            if (!p.ok()) {
                throw new InfraCheckException(p.file() + " does not parse: " + p.error());
            }
            b.add(p.file(), p.json());
        }
        return b.build();
    }

    public List<Block> resources() {
        return resources;
    }

    public List<Block> resources(String type) {
        return resources.stream().filter(r -> r.type().equals(type)).toList();
    }

    public Optional<Block> resource(String address) {
        return resources.stream().filter(r -> r.address().equals(address)).findFirst();
    }

    public List<Block> data(String type) {
        return data.stream().filter(r -> r.type().equals(type)).toList();
    }

    public Optional<Block> policyDocument(String name) {
        return data.stream().filter(d -> d.type().equals("aws_iam_policy_document") && d.name().equals(name)).findFirst();
    }

    public Map<String, String> locals() {
        return locals;
    }

    /** A local's value as hcl2json gives it: a list or object as JSON, anything else as its text. */
    public JsonNode local(String name) {
        String text = locals.get(name);
        if (text == null) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        if (text.startsWith("[") || text.startsWith("{")) {
            try {
                return JSON.readTree(text);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new InfraCheckException("local." + name + " is not JSON: " + e.getMessage());
            }
        }
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(text);
    }

    public Map<String, JsonNode> variables() {
        return variables;
    }

    public List<JsonNode> terraformBlocks() {
        return terraformBlocks;
    }

    /** Whether the text names {@code address} (e.g. {@code aws_sqs_queue.files}) as a whole reference. */
    public static boolean refers(String text, String address) {
        return Pattern.compile(Pattern.quote(address) + "(?![A-Za-z0-9_-])").matcher(text).find();
    }

    /** Every {@code type.name} of the given type the text refers to. */
    public static List<String> referencedNames(String text, String type) {
        Matcher m = Pattern.compile("(?<![A-Za-z0-9_.])" + Pattern.quote(type) + "\\.([A-Za-z0-9_-]+)").matcher(text);
        List<String> names = new ArrayList<>();
        while (m.find()) {
            if (!names.contains(m.group(1))) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** The resources of {@code type} that {@code text} refers to. */
    public List<Block> referenced(String text, String type) {
        return referencedNames(text, type).stream().map(n -> resource(type + "." + n)).flatMap(Optional::stream).toList();
    }

    /** The policy documents {@code text} refers to ({@code data.aws_iam_policy_document.NAME}). */
    public List<Block> referencedDocuments(String text) {
        return referencedNames(text, "data.aws_iam_policy_document").stream().map(this::policyDocument)
                .flatMap(Optional::stream).toList();
    }

    /**
     * An expression as comparable text: the {@code ${...}} wrapper, whitespace and redundant outer
     * parentheses removed, every {@code local.x} replaced by its own (parenthesised) expression.
     */
    public String normalize(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return "";
        }
        String text = value.isTextual() ? value.asText() : value.toString();
        for (int depth = 0; depth < 10; depth++) {
            String before = text;
            text = unwrap(text);
            Matcher m = Pattern.compile("local\\.([A-Za-z0-9_]+)").matcher(text);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String local = locals.get(m.group(1));
                m.appendReplacement(sb, Matcher.quoteReplacement(local == null ? m.group() : "(" + unwrap(local) + ")"));
            }
            m.appendTail(sb);
            text = sb.toString();
            if (text.equals(before)) {
                break;
            }
        }
        return stripParens(text.replaceAll("\\s+", ""));
    }

    /** The value of an expression that resolves (through locals) to a string literal, without quotes. */
    public String literal(JsonNode value) {
        String n = normalize(value);
        return n.length() >= 2 && n.startsWith("\"") && n.endsWith("\"") ? n.substring(1, n.length() - 1) : n;
    }

    private static String unwrap(String text) {
        String t = text.strip();
        if (t.startsWith("${") && t.endsWith("}") && t.indexOf("${", 2) < 0) {
            return t.substring(2, t.length() - 1).strip();
        }
        return t;
    }

    static String stripParens(String t) {
        while (t.startsWith("(") && t.endsWith(")") && balanced(t.substring(1, t.length() - 1))) {
            t = t.substring(1, t.length() - 1);
        }
        return t;
    }

    private static boolean balanced(String t) {
        int depth = 0;
        for (char c : t.toCharArray()) {
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth < 0) {
                return false;
            }
        }
        return depth == 0;
    }

    /** The texts of an array node (a literal list). */
    static List<String> texts(JsonNode array) {
        return stream(array).map(JsonNode::asText).toList();
    }

    static Stream<JsonNode> stream(JsonNode node) {
        return node.isArray() ? StreamSupport.stream(node.spliterator(), false)
                : node.isMissingNode() || node.isNull() ? Stream.empty() : Stream.of(node);
    }

    static JsonNode first(JsonNode node) {
        return node.isArray() ? node.path(0) : node;
    }

    /** Collects the blocks of parsed files. */
    static final class Builder {
        private final List<Block> resources = new ArrayList<>();
        private final List<Block> data = new ArrayList<>();
        private final Map<String, String> locals = new LinkedHashMap<>();
        private final Map<String, JsonNode> variables = new LinkedHashMap<>();
        private final List<JsonNode> terraform = new ArrayList<>();

        Builder add(Path file, JsonNode json) {
            blocks(file, json.path("resource"), resources);
            blocks(file, json.path("data"), data);
            for (JsonNode l : json.path("locals")) {
                Hcl.fields(l).forEach(e -> locals.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
            }
            Hcl.fields(json.path("variable")).forEach(e -> variables.put(e.getKey(), first(e.getValue())));
            json.path("terraform").forEach(terraform::add);
            return this;
        }

        private static void blocks(Path file, JsonNode byType, List<Block> into) {
            Hcl.fields(byType).forEach(t -> Hcl.fields(t.getValue())
                    .forEach(n -> n.getValue().forEach(body -> into.add(new Block(t.getKey(), n.getKey(), body, file)))));
        }

        TfConfig build() {
            return new TfConfig(this);
        }
    }
}
