package dev.eventpipe.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Terraform files as JSON, through {@code @cdktf/hcl2json}: HashiCorp's HCL parser, so a file that
 * parses here parses in Terraform. Expressions stay as text ({@code "${var.x * 6}"}).
 */
public final class Hcl {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Hcl() {
    }

    /** One file's outcome: the parsed JSON or Terraform's diagnostic. */
    public record Parsed(Path file, JsonNode json, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    /** Parses every file in one Node process (the WebAssembly parser loads once). */
    public static Map<Path, Parsed> parseEach(Path checksDir, List<Path> files) {
        if (files.isEmpty()) {
            return Map.of();
        }
        List<String> args = files.stream().map(f -> f.toAbsolutePath().normalize().toString()).toList();
        JsonNode out;
        try {
            out = JSON.readTree(Node.run(checksDir, "hcl2json.js", args));
        } catch (JsonProcessingException e) {
            throw new InfraCheckException("hcl2json printed no JSON: " + e.getMessage());
        }
        Map<Path, Parsed> result = new LinkedHashMap<>();
        for (int i = 0; i < files.size(); i++) {
            JsonNode r = out.path(args.get(i));
            result.put(files.get(i), r.has("ok") ? new Parsed(files.get(i), r.get("ok"), null)
                    : new Parsed(files.get(i), null, r.path("error").asText("no answer for this file")));
        }
        return result;
    }

    /**
     * Parses the files and merges them into one configuration (a Terraform module is the union of the
     * .tf files of one directory).
     *
     * @throws InfraCheckException naming every file that does not parse
     */
    public static TfConfig load(Path checksDir, List<Path> files) {
        Map<Path, Parsed> parsed = parseEach(checksDir, files);
        String errors = parsed.values().stream().filter(p -> !p.ok()).map(p -> p.file() + ": " + p.error())
                .collect(Collectors.joining("\n"));
        if (!errors.isEmpty()) {
            throw new InfraCheckException("Terraform files that do not parse:\n" + errors);
        }
        TfConfig.Builder b = new TfConfig.Builder();
        parsed.values().forEach(p -> b.add(p.file(), p.json()));
        return b.build();
    }

    static Iterable<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        return () -> {
            Iterator<Map.Entry<String, JsonNode>> it = node == null ? java.util.Collections.emptyIterator() : node.fields();
            return it;
        };
    }
}
