package dev.eventpipe.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** GitHub Actions workflows: actionlint, and the pinning and permission rules actionlint does not check. */
public final class Workflows {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern USES = Pattern.compile("(?m)^\\s*(?:-\\s+)?uses:\\s*(\\S+)(.*)$");
    private static final Pattern PINNED = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}");
    private static final Pattern TAG_COMMENT = Pattern.compile("\\s+#\\s*v\\d+(\\.\\d+){0,2}\\S*\\s*");

    private Workflows() {
    }

    /** actionlint's findings per file ({@code path:line:col: message [kind]}); empty when clean. */
    public static Map<Path, List<String>> actionlint(Path checksDir, List<Path> files) {
        List<String> args = files.stream().map(f -> f.toAbsolutePath().normalize().toString()).toList();
        JsonNode out;
        try {
            out = JSON.readTree(Node.run(checksDir, "actionlint.js", args));
        } catch (JsonProcessingException e) {
            throw new InfraCheckException("actionlint printed no JSON: " + e.getMessage());
        }
        Map<Path, List<String>> result = new LinkedHashMap<>();
        for (int i = 0; i < files.size(); i++) {
            List<String> findings = new ArrayList<>();
            for (JsonNode r : out.path(args.get(i))) {
                findings.add(files.get(i).getFileName() + ":" + r.path("line").asInt() + ":" + r.path("column").asInt() + ": "
                        + r.path("message").asText() + " [" + r.path("kind").asText() + "]");
            }
            result.put(files.get(i), findings);
        }
        return result;
    }

    /**
     * Every {@code uses:} names a full commit SHA followed by the release tag as a comment
     * ({@code actions/checkout@<40 hex> # v7.0.1}); local actions ({@code ./...}) are fine.
     */
    public static List<String> unpinnedActions(String file, String text) {
        List<String> v = new ArrayList<>();
        Matcher m = USES.matcher(text);
        while (m.find()) {
            String ref = m.group(1).replaceAll("^[\"']|[\"']$", "");
            if (ref.startsWith("./")) {
                continue;
            }
            if (!PINNED.matcher(ref).matches()) {
                v.add(file + ": " + ref + " is not pinned to a commit SHA");
            } else if (!TAG_COMMENT.matcher(m.group(2)).matches()) {
                v.add(file + ": " + ref + " has no '# vX.Y.Z' comment naming the release it pins");
            }
        }
        return v;
    }

    /** A workflow sets top-level permissions (nothing by default) and every job sets its own. */
    public static List<String> permissionProblems(String file, JsonNode workflow) {
        List<String> v = new ArrayList<>();
        JsonNode top = workflow.path("permissions");
        if (top.isMissingNode()) {
            v.add(file + ": no top-level permissions (the repository default may be write-all)");
        } else if (top.isTextual() && top.asText().contains("write")) {
            v.add(file + ": top-level permissions " + top.asText());
        }
        workflow.path("jobs").fields().forEachRemaining(job -> {
            if (!job.getValue().has("permissions")) {
                v.add(file + ": job " + job.getKey() + " sets no permissions");
            }
        });
        return v;
    }
}
