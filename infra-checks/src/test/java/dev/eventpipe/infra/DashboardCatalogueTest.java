package dev.eventpipe.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipe.infra.Dashboards.MetricRef;
import dev.eventpipe.shared.metrics.Metric;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * dashboards/ against the code's one metric catalogue ({@link Metric}), both ways, and against what
 * Terraform passes to the templates.
 */
class DashboardCatalogueTest {

    private static final List<String> DASHBOARDS = List.of("overview.json", "operations.json");

    private static TfConfig module;
    private static Set<String> terraformPasses;
    private static List<MetricRef> dashboardRefs;
    private static JsonNode alarms;

    @BeforeAll
    static void load() {
        module = Repo.module();
        terraformPasses = templateVarsOf(module);
        dashboardRefs = new ArrayList<>();
        for (String d : DASHBOARDS) {
            dashboardRefs.addAll(Dashboards.dashboardMetrics(d, rendered(Repo.DASHBOARDS.resolve(d))));
        }
        alarms = rendered(Repo.DASHBOARDS.resolve("alarms.json"));
    }

    /** The keys of local.template_vars (and dashboard_vars) in monitoring.tf. */
    private static Set<String> templateVarsOf(TfConfig c) {
        Set<String> keys = new LinkedHashSet<>();
        for (String local : List.of("template_vars", "dashboard_vars")) {
            // an object literal parses as JSON ("key": ...), an expression stays HCL text (key = ...)
            Matcher m = Pattern.compile("(?m)^\\s*([a-z_]+)\\s*=|\"([a-z_]+)\"\\s*:").matcher(c.locals().getOrDefault(local, ""));
            while (m.find()) {
                keys.add(m.group(1) != null ? m.group(1) : m.group(2));
            }
        }
        return keys;
    }

    private static JsonNode rendered(Path file) {
        String template = Repo.read(file);
        return Dashboards.render(template, Dashboards.sampleValues(Dashboards.placeholders(template)));
    }

    @Test
    void everyPlaceholderIsOneTerraformPasses() {
        for (String f : List.of("overview.json", "operations.json", "alarms.json")) {
            assertThat(terraformPasses).as(f).containsAll(Dashboards.placeholders(Repo.read(Repo.DASHBOARDS.resolve(f))));
        }
    }

    @Test
    void terraformRendersTheServiceAndNamespaceTheCodeEmitsUnder() {
        // The service locals feed both POWERTOOLS_SERVICE_NAME and the templates.
        assertThat(module.locals().get("processor_service")).isEqualTo(Metric.Emitter.PROCESSOR.defaultService());
        assertThat(module.locals().get("reporter_service")).isEqualTo(Metric.Emitter.REPORTER.defaultService());
        assertThat(module.resource("aws_lambda_function.processor").orElseThrow().text())
                .containsPattern("POWERTOOLS_SERVICE_NAME\\s*=\\s*local\\.processor_service");
        assertThat(module.resource("aws_lambda_function.reporter").orElseThrow().text())
                .containsPattern("POWERTOOLS_SERVICE_NAME\\s*=\\s*local\\.reporter_service");
        assertThat(module.variables().get("metrics_namespace").path("default").asText()).isEqualTo(Dashboards.NAMESPACE);
    }

    @Test
    void dashboardsNameOnlyMetricsAndDimensionSetsTheCodeEmits() {
        assertThat(dashboardRefs).isNotEmpty();
        assertThat(Dashboards.unknownMetrics(dashboardRefs)).isEmpty();
    }

    @Test
    void alarmsNameOnlyMetricsAndDimensionSetsTheCodeEmits() {
        List<MetricRef> refs = Dashboards.alarmMetrics("alarms.json", alarms);
        assertThat(refs).isNotEmpty();
        assertThat(Dashboards.unknownMetrics(refs)).isEmpty();
    }

    @Test
    void everyMetricOfTheCatalogueIsOnADashboard() {
        assertThat(Dashboards.unshownMetrics(dashboardRefs)).isEmpty();
    }

    @Test
    void theAlarmsTheIssueAsksForExist() {
        List<MetricRef> refs = Dashboards.alarmMetrics("alarms.json", alarms);
        assertThat(refs).extracting(r -> r.namespace() + " " + r.name() + " " + r.dimensions().values())
                .anyMatch(s -> s.equals("AWS/SQS ApproximateNumberOfMessagesVisible [sample-files_dlq]"))
                .anyMatch(s -> s.equals("AWS/SQS ApproximateAgeOfOldestMessage [sample-files_queue]"))
                .anyMatch(s -> s.startsWith("AWS/Lambda Errors [eventpipe-processor-fn"))
                .anyMatch(s -> s.startsWith("AWS/Lambda Throttles [eventpipe-processor-fn"))
                .anyMatch(s -> s.startsWith("eventpipe RecordsRejected"))
                .anyMatch(s -> s.startsWith("eventpipe ReportGenerated"));
    }

    @Test
    void theMissingReportAlarmTreatsMissingDataAsBreaching() {
        for (JsonNode a : alarms) {
            if (a.toString().contains("\"ReportGenerated\"")) {
                assertThat(a.path("treat_missing_data").asText()).as(a.path("key").asText()).isEqualTo("breaching");
            }
        }
    }

    @Test
    void everyAlarmHasARunbookSectionInTheOperationsGuide() {
        String runbook = Repo.read(Repo.ROOT.resolve("docs/operations.md"));
        for (JsonNode a : alarms) {
            assertThat(runbook).as(a.path("key").asText()).contains("<a id=\"" + a.path("runbook").asText() + "\"></a>");
        }
    }

    // Negative fixtures: each proves one check fires.

    @Test
    void flagsAMetricTheCodeDoesNotEmit() {
        assertThat(Dashboards.unknownMetrics(fixture("unknown-metric.json")))
                .singleElement().asString().contains("FilesUploaded is not in the Metric catalogue");
    }

    @Test
    void flagsAWidgetWithoutTheServiceDimension() {
        assertThat(Dashboards.unknownMetrics(fixture("no-service-dimension.json")))
                .singleElement().asString().contains("exactly [Service=eventpipe-processor]");
    }

    @Test
    void flagsAMetricReadUnderTheWrongFunctionsService() {
        assertThat(Dashboards.unknownMetrics(fixture("wrong-service.json")))
                .singleElement().asString().contains("ReportGenerated is published with exactly [Service=eventpipe-reporter]");
    }

    @Test
    void flagsLambdaMetricsNotReadOnTheAlias() {
        assertThat(Dashboards.unknownMetrics(fixture("lambda-without-alias.json")))
                .singleElement().asString().contains("read on the alias");
    }

    @Test
    void refusesTheDotShorthand() {
        assertThatThrownBy(() -> fixture("shorthand.json")).hasMessageContaining("without the \".\" shorthand");
    }

    @Test
    void flagsACatalogueMetricNoDashboardShows() {
        List<MetricRef> withoutOne = dashboardRefs.stream().filter(r -> !r.name().equals("ForeignBucketRefused")).toList();
        assertThat(Dashboards.unshownMetrics(withoutOne)).singleElement().asString().contains("ForeignBucketRefused");
    }

    @Test
    void refusesTemplateExpressionsTerraformWouldComputeDifferently() {
        assertThatThrownBy(() -> Dashboards.placeholders("{\"a\": \"${upper(name)}\"}"))
                .hasMessageContaining("only ${name} and ${jsonencode(name)}");
    }

    private static List<MetricRef> fixture(String name) {
        Path file = Repo.FIXTURES.resolve("dashboards").resolve(name);
        return Dashboards.dashboardMetrics(name, rendered(file));
    }
}
