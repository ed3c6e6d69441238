package dev.eventpipe.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventpipe.shared.metrics.Metric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dashboards and alarm definitions (dashboards/*.json, Terraform templates) against the metric
 * catalogue: every metric they name in eventpipe's namespace is one the code emits, with the one
 * dimension set Powertools publishes ({@code [Service]}, the emitting function's service), and every
 * metric the code emits is on a dashboard.
 */
public final class Dashboards {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern JSONENCODE = Pattern.compile("jsonencode\\(([a-z_]+)\\)");

    /** The namespace the dashboards are checked under: the default of POWERTOOLS_METRICS_NAMESPACE. */
    public static final String NAMESPACE = "eventpipe";
    public static final String ALIAS = "live";

    private Dashboards() {
    }

    /** A metric a widget or alarm names: namespace, name, dimensions, and where. */
    public record MetricRef(String namespace, String name, Map<String, String> dimensions, String where) {
    }

    /** The sample values the templates are rendered with: what Terraform passes, symbolically. */
    public static Map<String, Object> sampleValues(Collection<String> names) {
        Map<String, Object> v = new LinkedHashMap<>();
        for (String n : names) {
            v.put(n, switch (n) {
                case "namespace" -> NAMESPACE;
                case "processor_service" -> Metric.Emitter.PROCESSOR.defaultService();
                case "reporter_service" -> Metric.Emitter.REPORTER.defaultService();
                case "alias" -> ALIAS;
                case "processor_function" -> "eventpipe-processor-fn";
                case "reporter_function" -> "eventpipe-reporter-fn";
                case "alarm_arns" -> List.of("arn:aws:cloudwatch:eu-west-1:123456789012:alarm:eventpipe-x");
                case "oldest_message_age_seconds", "reject_rate_percent", "report_window_hours" -> 7;
                default -> "sample-" + n;
            });
        }
        return v;
    }

    /** Placeholders used by a template: {@code ${name}} and {@code ${jsonencode(name)}}. Anything else is refused. */
    public static Set<String> placeholders(String template) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            String expr = m.group(1).strip();
            Matcher j = JSONENCODE.matcher(expr);
            if (expr.matches("[a-z_]+")) {
                names.add(expr);
            } else if (j.matches()) {
                names.add(j.group(1));
            } else {
                throw new InfraCheckException("template expression ${" + expr + "}: only ${name} and ${jsonencode(name)} are allowed");
            }
        }
        if (template.contains("%{")) {
            throw new InfraCheckException("template directives (%{...}) are not allowed in dashboards/");
        }
        return names;
    }

    /** Renders a template as Terraform's templatefile would, with the given values, and parses it. */
    public static JsonNode render(String template, Map<String, Object> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String expr = m.group(1).strip();
            Matcher j = JSONENCODE.matcher(expr);
            String out;
            try {
                out = j.matches() ? JSON.writeValueAsString(values.get(j.group(1))) : String.valueOf(values.get(expr));
            } catch (JsonProcessingException e) {
                throw new InfraCheckException(e.getMessage());
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(out));
        }
        m.appendTail(sb);
        try {
            return JSON.readTree(sb.toString());
        } catch (JsonProcessingException e) {
            throw new InfraCheckException("rendered template is not JSON: " + e.getOriginalMessage());
        }
    }

    /** Every metric a dashboard body names, rows written in full (no "." shorthand). */
    public static List<MetricRef> dashboardMetrics(String file, JsonNode body) {
        List<MetricRef> refs = new ArrayList<>();
        for (JsonNode w : body.path("widgets")) {
            if (!"metric".equals(w.path("type").asText())) {
                continue;
            }
            String where = file + ": widget '" + w.path("properties").path("title").asText() + "'";
            for (JsonNode row : w.path("properties").path("metrics")) {
                List<String> parts = new ArrayList<>();
                for (JsonNode cell : row) {
                    if (cell.isTextual()) {
                        parts.add(cell.asText());
                    }
                }
                if (parts.isEmpty()) {
                    continue; // a math expression row: [{"expression": ...}]
                }
                if (parts.contains(".") || parts.contains("..")) {
                    throw new InfraCheckException(where + ": write metric rows in full, without the \".\" shorthand");
                }
                if (parts.size() < 2 || parts.size() % 2 != 0) {
                    throw new InfraCheckException(where + ": malformed metric row " + row);
                }
                Map<String, String> dims = new LinkedHashMap<>();
                for (int i = 2; i < parts.size(); i += 2) {
                    dims.put(parts.get(i), parts.get(i + 1));
                }
                refs.add(new MetricRef(parts.get(0), parts.get(1), dims, where));
            }
        }
        return refs;
    }

    /** Every metric the alarm definitions name. */
    public static List<MetricRef> alarmMetrics(String file, JsonNode alarms) {
        List<MetricRef> refs = new ArrayList<>();
        for (JsonNode a : alarms) {
            for (JsonNode m : a.path("metrics")) {
                if (!m.has("metric_name")) {
                    continue;
                }
                Map<String, String> dims = new LinkedHashMap<>();
                m.path("dimensions").fields().forEachRemaining(e -> dims.put(e.getKey(), e.getValue().asText()));
                refs.add(new MetricRef(m.path("namespace").asText(), m.path("metric_name").asText(), dims,
                        file + ": alarm '" + a.path("key").asText() + "'"));
            }
        }
        return refs;
    }

    /** Metrics named with a namespace, name or dimension set that nothing emits. */
    public static List<String> unknownMetrics(List<MetricRef> refs) {
        List<String> v = new ArrayList<>();
        for (MetricRef r : refs) {
            switch (r.namespace()) {
                case NAMESPACE -> {
                    Metric metric = Arrays.stream(Metric.values()).filter(m -> m.metricName().equals(r.name())).findFirst().orElse(null);
                    if (metric == null) {
                        v.add(r.where() + ": " + r.name() + " is not in the Metric catalogue");
                    } else if (!r.dimensions().equals(Map.of("Service", metric.emitter().defaultService()))) {
                        v.add(r.where() + ": " + r.name() + " is published with exactly [Service=" + metric.emitter().defaultService()
                                + "], not " + r.dimensions());
                    }
                }
                case "AWS/Lambda" -> {
                    String fn = r.dimensions().get("FunctionName");
                    if (!r.dimensions().keySet().equals(Set.of("FunctionName", "Resource")) || !(fn + ":" + ALIAS).equals(r.dimensions().get("Resource"))) {
                        v.add(r.where() + ": Lambda metrics are read on the alias: [FunctionName=F, Resource=F:" + ALIAS + "], not " + r.dimensions());
                    }
                }
                case "AWS/SQS" -> {
                    if (!r.dimensions().keySet().equals(Set.of("QueueName"))) {
                        v.add(r.where() + ": SQS metrics have the one dimension QueueName, not " + r.dimensions());
                    }
                }
                default -> v.add(r.where() + ": namespace " + r.namespace() + " is neither " + NAMESPACE + ", AWS/Lambda nor AWS/SQS");
            }
        }
        return v;
    }

    /** Catalogue metrics no dashboard shows. */
    public static List<String> unshownMetrics(List<MetricRef> dashboardRefs) {
        return Arrays.stream(Metric.values())
                .filter(m -> dashboardRefs.stream().noneMatch(r -> r.namespace().equals(NAMESPACE) && r.name().equals(m.metricName())))
                .map(m -> m.metricName() + " (" + m + ", emitted by " + m.emitter() + ") is on no dashboard")
                .toList();
    }
}
