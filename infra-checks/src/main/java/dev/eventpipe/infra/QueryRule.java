package dev.eventpipe.infra;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipe.infra.TfConfig.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of the SQL resources: Glue tables and the Athena workgroup and its users (docs/query.md).
 * Each has a bad fixture under {@code src/test/resources/policy/<rule in lower case>/}, as every
 * {@link Rule}. The columns of the tables are checked against the code by {@link GlueColumns}.
 */
public enum QueryRule implements Rule {

    /**
     * Every table projects its dt partitions (date, yyyy-MM-dd, a start to NOW, one day apart) from a
     * location template with ${dt}, so no crawler or MSCK REPAIR is ever needed; and there is no crawler.
     */
    GLUE_PARTITION_PROJECTION(c -> {
        List<String> v = new ArrayList<>();
        for (Block t : c.resources("aws_glue_catalog_table")) {
            String params = mapText(c, t.attr("parameters"));
            Map<String, Function<String, Boolean>> expected = Map.of(
                    "projection.enabled", "true"::equalsIgnoreCase,
                    "projection.dt.type", "date"::equals,
                    "projection.dt.format", "yyyy-MM-dd"::equals,
                    "projection.dt.range", r -> r.endsWith(",NOW"),
                    "projection.dt.interval", "1"::equals,
                    "projection.dt.interval.unit", "DAYS"::equalsIgnoreCase,
                    "storage.location.template", l -> l.contains("dt=${dt}") || l.contains("dt=$${dt}"));
            expected.forEach((key, ok) -> {
                Optional<String> value = setting(params, key);
                if (value.isEmpty() || !ok.apply(value.get())) {
                    v.add(t.address() + ": parameter " + key + " is " + value.map(x -> "'" + x + "'").orElse("missing"));
                }
            });
            boolean dtKey = TfConfig.stream(t.attr("partition_keys")).anyMatch(k -> "dt".equals(k.path("name").asText()));
            if (!dtKey) {
                v.add(t.address() + ": no partition key dt");
            }
        }
        c.resources("aws_glue_crawler").forEach(cr -> v.add(cr.address() + ": a crawler (partition projection makes it unneeded)"));
        return v;
    }),

    /** Workgroups enforce their settings on every client and publish query metrics to CloudWatch. */
    ATHENA_WORKGROUP_ENFORCED(c -> c.resources("aws_athena_workgroup").stream().flatMap(w -> {
        JsonNode conf = w.block("configuration");
        List<String> v = new ArrayList<>();
        if (!conf.path("enforce_workgroup_configuration").asBoolean(false)) {
            v.add(w.address() + ": enforce_workgroup_configuration is not true (a client could override the results' location and encryption)");
        }
        if (!conf.path("publish_cloudwatch_metrics_enabled").asBoolean(false)) {
            v.add(w.address() + ": publish_cloudwatch_metrics_enabled is not true");
        }
        return v.stream();
    }).toList()),

    /** Workgroups cancel a query that scans more than a limit. */
    ATHENA_QUERY_CUTOFF(c -> c.resources("aws_athena_workgroup").stream()
            .filter(w -> !w.block("configuration").has("bytes_scanned_cutoff_per_query"))
            .map(w -> w.address() + ": no configuration.bytes_scanned_cutoff_per_query").toList()),

    /** Results go to a bucket of this configuration, encrypted with a customer-managed key. */
    ATHENA_RESULTS_ENCRYPTED(c -> c.resources("aws_athena_workgroup").stream().flatMap(w -> {
        JsonNode result = TfConfig.first(w.block("configuration").path("result_configuration"));
        JsonNode enc = TfConfig.first(result.path("encryption_configuration"));
        List<String> v = new ArrayList<>();
        if (resultsBucket(w).isEmpty()) {
            v.add(w.address() + ": result_configuration.output_location is not in an aws_s3_bucket of this configuration");
        }
        if (!Set.of("SSE_KMS", "CSE_KMS").contains(enc.path("encryption_option").asText())
                || !TfConfig.refers(enc.path("kms_key_arn").toString(), "aws_kms_key")) {
            v.add(w.address() + ": results are not encrypted with SSE_KMS and an aws_kms_key of this configuration");
        }
        return v.stream();
    }).toList()),

    /**
     * A policy that lets someone run queries is read-only: Get/List/Describe actions, starting and stopping
     * queries, decrypting, and writing only the result files, in the workgroups' results buckets.
     */
    ATHENA_ANALYST_READ_ONLY(c -> {
        List<String> resultBuckets = c.resources("aws_athena_workgroup").stream().map(QueryRule::resultsBucket)
                .flatMap(Optional::stream).toList();
        List<String> v = new ArrayList<>();
        for (Block d : c.data("aws_iam_policy_document")) {
            List<JsonNode> allows = PolicyDocuments.statements(d).stream().filter(PolicyDocuments::isAllow).toList();
            boolean queries = allows.stream().anyMatch(s -> TfConfig.texts(s.path("actions")).contains("athena:StartQueryExecution"));
            if (!queries) {
                continue;
            }
            for (JsonNode s : allows) {
                String where = d.address() + " statement " + s.path("sid").asText("(no sid)");
                List<String> resources = TfConfig.texts(s.path("resources"));
                boolean onlyResults = !resources.isEmpty() && resources.stream()
                        .allMatch(r -> resultBuckets.stream().anyMatch(b -> r.contains(b)));
                for (String action : TfConfig.texts(s.path("actions"))) {
                    boolean ok = Reads.READ.matcher(action).matches() || Reads.QUERY_ACTIONS.contains(action)
                            || (onlyResults && Reads.RESULT_WRITES.contains(action));
                    if (!ok) {
                        v.add(where + ": " + action + " is not read-only"
                                + (Reads.RESULT_WRITES.contains(action) ? " outside the workgroup's results bucket" : ""));
                    }
                }
            }
        }
        return v;
    });

    /** What read-only means for an analyst (a holder: enum constants cannot read the enum's own statics). */
    static final class Reads {
        /** Reading metadata and objects, on any service. */
        static final Pattern READ = Pattern.compile("[a-z0-9-]+:(Get|List|BatchGet|Describe)[A-Za-z]*");
        /** Running queries, and the key use reading and writing encrypted data needs. */
        static final Set<String> QUERY_ACTIONS = Set.of("athena:StartQueryExecution", "athena:StopQueryExecution",
                "kms:Decrypt", "kms:GenerateDataKey");
        /** Writing a result file (Athena writes it with the caller's credentials). */
        static final Set<String> RESULT_WRITES = Set.of("s3:PutObject", "s3:AbortMultipartUpload");

        private Reads() {
        }
    }

    private static final Pattern BUCKET_REF = Pattern.compile("aws_s3_bucket\\.[A-Za-z0-9_-]+(\\[\"[^\"]+\"\\])?");

    private final Function<TfConfig, List<String>> check;

    QueryRule(Function<TfConfig, List<String>> check) {
        this.check = check;
    }

    @Override
    public List<String> violations(TfConfig config) {
        return check.apply(config);
    }

    /** The bucket a workgroup writes results to, as a reference ({@code aws_s3_bucket.this["query-results"]}). */
    static Optional<String> resultsBucket(Block workgroup) {
        JsonNode result = TfConfig.first(workgroup.block("configuration").path("result_configuration"));
        Matcher m = BUCKET_REF.matcher(result.path("output_location").asText(""));
        return m.find() ? Optional.of(m.group()) : Optional.empty();
    }

    /**
     * A map attribute as one text without whitespace: its literal JSON, or its expression followed by the
     * JSON of every object-valued local it names ({@code merge(local.dt_projection, {...})}). Locals are not
     * substituted in place, so a value that names a string local keeps no quotes of its own inside.
     */
    static String mapText(TfConfig c, JsonNode value) {
        StringBuilder text = new StringBuilder(value.isTextual() ? value.asText() : value.toString());
        Matcher m = Pattern.compile("local\\.([A-Za-z0-9_]+)").matcher(text.toString());
        while (m.find()) {
            JsonNode local = c.local(m.group(1));
            if (local.isObject()) {
                text.append(' ').append(local);
            }
        }
        return text.toString().replaceAll("\\s+", "");
    }

    /** A key's string value in a map written in HCL ({@code "k" = "v"}) or parsed as JSON ({@code "k":"v"}). */
    static Optional<String> setting(String normalized, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\"[:=]\"([^\"]*)\"").matcher(normalized);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
