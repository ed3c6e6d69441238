package dev.eventpipe.infra;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipe.infra.TfConfig.Block;
import java.util.ArrayList;
import java.util.List;

/** Reading {@code aws_iam_policy_document} data sources as hcl2json gives them: statements, effects, principals. */
final class PolicyDocuments {

    private PolicyDocuments() {
    }

    /** The statements of a policy document, literal and dynamic ({@code dynamic "statement" { content {...} }}). */
    static List<JsonNode> statements(Block doc) {
        List<JsonNode> out = new ArrayList<>();
        doc.attr("statement").forEach(out::add);
        for (JsonNode dyn : doc.attr("dynamic").path("statement")) {
            dyn.path("content").forEach(out::add);
        }
        return out;
    }

    static boolean isAllow(JsonNode statement) {
        return !"Deny".equals(statement.path("effect").asText("Allow"));
    }

    static List<String> servicePrincipals(JsonNode s) {
        return principals(s, "Service");
    }

    static List<String> awsPrincipals(JsonNode s) {
        return principals(s, "AWS");
    }

    static List<String> principals(JsonNode s, String type) {
        return TfConfig.stream(s.path("principals")).filter(p -> type.equals(p.path("type").asText()))
                .flatMap(p -> TfConfig.texts(p.path("identifiers")).stream()).toList();
    }

    static List<String> conditionVariables(JsonNode s) {
        return TfConfig.stream(s.path("condition")).map(cond -> cond.path("variable").asText()).toList();
    }
}
