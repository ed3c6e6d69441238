package dev.eventpipe.shared.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipe.shared.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What CloudWatch will receive: the EMF document Powertools writes for our metrics, with the names and
 * units of the catalogue and the one dimension set {@code [Service]} the dashboards rely on. In a child
 * JVM, because Powertools' state is JVM-global and its EMF output needs environment variables.
 */
class PowertoolsMetricsIT {

    @Test
    void writesOneEmfDocument_withCatalogueNamesUnitsAndServiceDimension() throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EmfProbe.class.getName());
        pb.environment().put("AWS_EMF_ENVIRONMENT", "Local"); // EMF to stdout outside Lambda
        pb.environment().put("AWS_LAMBDA_FUNCTION_NAME", "eventpipe-processor");
        pb.redirectErrorStream(false);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();

        List<JsonNode> documents = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("{") && line.contains("\"_aws\"")) {
                documents.add(Json.mapper().readTree(line));
            }
        }
        assertThat(documents).as(out).hasSize(1);
        JsonNode doc = documents.get(0);
        JsonNode directive = doc.get("_aws").get("CloudWatchMetrics").get(0);
        assertThat(directive.get("Namespace").asText()).isEqualTo("eventpipe");
        assertThat(directive.get("Dimensions")).hasSize(1);
        assertThat(directive.get("Dimensions").get(0).toString()).isEqualTo("[\"Service\"]");
        assertThat(doc.get("Service").asText()).isEqualTo("eventpipe-processor");
        List<String> names = new ArrayList<>();
        directive.get("Metrics").forEach(m -> names.add(m.get("Name").asText() + "/" + m.get("Unit").asText()));
        assertThat(names).containsExactlyInAnyOrder("FilesProcessed/Count", "RecordsValid/Count", "ProcessingLatency/Milliseconds");
        assertThat(doc.get("FilesProcessed").asDouble()).isEqualTo(2);
        assertThat(doc.get("RecordsValid").asDouble()).isEqualTo(10);
    }
}
