package dev.eventpipe.infra;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipe.infra.TfConfig.Block;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The rules every Terraform configuration of eventpipe must keep for its pipeline resources (buckets,
 * keys, queues, functions, IAM, alarms, schedules), grouped by family; the SQL resources' rules are
 * {@link QueryRule}, and {@link Rule#all()} lists every family. Each rule is a function from a parsed
 * configuration to its violations (empty when it holds) and has a fixture under
 * {@code src/test/resources/policy/<rule in lower case>/} that breaks it and nothing else of note.
 */
public enum PolicyRule implements Rule {

    // ---- S3 buckets --------------------------------------------------------------------------------

    /** Every bucket blocks public access with all four settings. */
    S3_PUBLIC_ACCESS_BLOCKED(c -> perBucket(c, "aws_s3_bucket_public_access_block",
            r -> Set.of("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets").stream()
                    .allMatch(a -> r.attr(a).asBoolean(false)),
            "no public access block with all four settings true")),

    /** ACLs disabled: the bucket owner owns every object. */
    S3_OWNER_ENFORCED(c -> perBucket(c, "aws_s3_bucket_ownership_controls",
            r -> "BucketOwnerEnforced".equals(r.block("rule").path("object_ownership").asText()),
            "object ownership is not BucketOwnerEnforced (ACLs stay enabled)")),

    /** SSE-KMS with a key managed in the configuration, and S3 bucket keys. */
    S3_KMS_ENCRYPTED(c -> perBucket(c, "aws_s3_bucket_server_side_encryption_configuration",
            r -> {
                JsonNode rule = r.block("rule");
                JsonNode def = TfConfig.first(rule.path("apply_server_side_encryption_by_default"));
                return def.path("sse_algorithm").asText().startsWith("aws:kms")
                        && TfConfig.refers(def.path("kms_master_key_id").toString(), "aws_kms_key")
                        && rule.path("bucket_key_enabled").asBoolean(false);
            },
            "not SSE-KMS with a customer-managed key (aws_kms_key) and bucket_key_enabled = true")),

    /** Versioning enabled. */
    S3_VERSIONED(c -> perBucket(c, "aws_s3_bucket_versioning",
            r -> "Enabled".equals(r.block("versioning_configuration").path("status").asText()),
            "versioning is not Enabled")),

    /** A bucket policy that denies every request without TLS. */
    S3_TLS_ONLY(c -> perBucket(c, "aws_s3_bucket_policy",
            r -> c.referencedDocuments(r.attr("policy").toString()).stream().anyMatch(PolicyRule::deniesInsecureTransport),
            "no bucket policy denying aws:SecureTransport = false")),

    /** Lifecycle rules, at least the one that aborts incomplete multipart uploads. */
    S3_LIFECYCLE(c -> perBucket(c, "aws_s3_bucket_lifecycle_configuration",
            r -> TfConfig.stream(r.attr("rule")).anyMatch(rule -> "Enabled".equals(rule.path("status").asText())
                    && rule.has("abort_incomplete_multipart_upload")),
            "no enabled lifecycle rule with abort_incomplete_multipart_upload")),

    // ---- KMS ---------------------------------------------------------------------------------------

    /** Customer-managed keys rotate. */
    KMS_ROTATION(c -> c.resources("aws_kms_key").stream().filter(k -> !k.attr("enable_key_rotation").asBoolean(false))
            .map(k -> k.address() + ": enable_key_rotation is not true").toList()),

    // ---- SQS queues and S3 notifications -----------------------------------------------------------

    /** Every queue is encrypted, and never with the AWS-managed aws/sqs key (S3 cannot publish to it). */
    SQS_ENCRYPTED(c -> c.resources("aws_sqs_queue").stream().flatMap(q -> {
        String key = q.attr("kms_master_key_id").asText("");
        if (key.contains("alias/aws/sqs")) {
            return List.of(q.address() + ": uses the AWS-managed key alias/aws/sqs, which S3 notifications cannot use").stream();
        }
        boolean sseSqs = q.attr("sqs_managed_sse_enabled").asBoolean(false);
        return sseSqs || !key.isEmpty() ? List.<String>of().stream()
                : List.of(q.address() + ": neither kms_master_key_id nor sqs_managed_sse_enabled = true").stream();
    }).toList()),

    /** A queue S3 publishes to, when encrypted with a CMK, uses a key whose policy admits s3.amazonaws.com. */
    NOTIFICATION_QUEUE_KEY_ADMITS_S3(c -> notificationQueues(c).stream().flatMap(q -> {
        List<Block> keys = c.referenced(q.attr("kms_master_key_id").toString(), "aws_kms_key");
        if (q.attr("sqs_managed_sse_enabled").asBoolean(false)) {
            return List.<String>of().stream();
        }
        if (keys.isEmpty()) {
            return List.of(q.address() + ": S3 publishes here, but its key is not a customer-managed aws_kms_key of this configuration").stream();
        }
        boolean admits = keys.stream().allMatch(k -> c.referencedDocuments(k.attr("policy").toString()).stream()
                .anyMatch(d -> PolicyDocuments.statements(d).stream().anyMatch(s -> PolicyDocuments.isAllow(s)
                        && PolicyDocuments.servicePrincipals(s).contains("s3.amazonaws.com")
                        && TfConfig.texts(s.path("actions")).contains("kms:GenerateDataKey"))));
        return admits ? List.<String>of().stream()
                : List.of(q.address() + ": the key policy does not let s3.amazonaws.com use kms:GenerateDataKey").stream();
    }).toList()),

    /** A queue that feeds a function or receives S3 notifications has a DLQ and a maxReceiveCount. */
    SQS_REDRIVE(c -> sourceQueues(c).stream().filter(q -> {
        String redrive = q.attr("redrive_policy").toString();
        return !(redrive.contains("deadLetterTargetArn") && redrive.contains("maxReceiveCount"));
    }).map(q -> q.address() + ": no redrive_policy with deadLetterTargetArn and maxReceiveCount").toList()),

    /** A DLQ names its source in a redrive-allow policy (StartMessageMoveTask needs it). */
    SQS_REDRIVE_ALLOW(c -> {
        List<String> v = new ArrayList<>();
        for (Block q : c.resources("aws_sqs_queue")) {
            for (Block dlq : c.referenced(q.attr("redrive_policy").toString(), "aws_sqs_queue")) {
                boolean allowed = dlq.body().has("redrive_allow_policy") || c.resources("aws_sqs_queue_redrive_allow_policy")
                        .stream().anyMatch(p -> TfConfig.refers(p.attr("queue_url").toString(), dlq.address()));
                if (!allowed) {
                    v.add(dlq.address() + ": DLQ of " + q.address() + " without a redrive-allow policy");
                }
            }
        }
        return v;
    }),

    /** visibility timeout = 6 × the consuming function's timeout + the batching window, as an expression. */
    SQS_VISIBILITY_TIMEOUT(c -> {
        List<String> v = new ArrayList<>();
        for (Block esm : sqsMappings(c)) {
            for (Block q : c.referenced(esm.attr("event_source_arn").toString(), "aws_sqs_queue")) {
                Block fn = mappedFunction(c, esm);
                if (fn == null) {
                    v.add(esm.address() + ": cannot tell which aws_lambda_function it invokes");
                    continue;
                }
                String t = c.normalize(fn.attr("timeout"));
                String w = esm.body().has("maximum_batching_window_in_seconds")
                        ? c.normalize(esm.attr("maximum_batching_window_in_seconds")) : "0";
                String actual = c.normalize(q.attr("visibility_timeout_seconds"));
                Set<String> expected = Set.of("6*" + t + "+" + w, w + "+6*" + t, t + "*6+" + w, w + "+" + t + "*6",
                        "6*(" + t + ")+" + w, "(" + w + ")+6*" + t);
                if (t.isEmpty() || !expected.contains(actual)) {
                    v.add(q.address() + ": visibility_timeout_seconds is '" + actual + "', not 6 * " + fn.address()
                            + ".timeout (" + t + ") + the batching window (" + w + ")");
                }
            }
        }
        return v;
    }),

    /** The bucket notification is created after the queue policy that lets S3 send (S3 validates it). */
    NOTIFICATION_AFTER_QUEUE_POLICY(c -> {
        List<String> v = new ArrayList<>();
        for (Block n : c.resources("aws_s3_bucket_notification")) {
            String dependsOn = n.attr("depends_on").toString();
            for (JsonNode queue : n.attr("queue")) {
                for (Block q : c.referenced(queue.path("queue_arn").toString(), "aws_sqs_queue")) {
                    boolean ordered = c.resources("aws_sqs_queue_policy").stream()
                            .anyMatch(p -> TfConfig.refers(p.attr("queue_url").toString(), q.address())
                                    && TfConfig.refers(dependsOn, p.address()));
                    if (!ordered) {
                        v.add(n.address() + ": does not depend_on the aws_sqs_queue_policy of " + q.address());
                    }
                }
            }
        }
        return v;
    }),

    /** Only the input bucket of this account may send to a notification queue. */
    QUEUE_POLICY_SOURCE(c -> notificationQueues(c).stream().flatMap(q -> {
        boolean ok = c.resources("aws_sqs_queue_policy").stream()
                .filter(p -> TfConfig.refers(p.attr("queue_url").toString(), q.address()))
                .flatMap(p -> c.referencedDocuments(p.attr("policy").toString()).stream())
                .flatMap(d -> PolicyDocuments.statements(d).stream())
                .filter(s -> PolicyDocuments.isAllow(s) && PolicyDocuments.servicePrincipals(s).contains("s3.amazonaws.com"))
                .anyMatch(s -> PolicyDocuments.conditionVariables(s).containsAll(Set.of("aws:SourceArn", "aws:SourceAccount")));
        return ok ? List.<String>of().stream()
                : List.of(q.address() + ": no queue policy admitting s3.amazonaws.com on aws:SourceArn and aws:SourceAccount").stream();
    }).toList()),

    // ---- Event source mappings ---------------------------------------------------------------------

    /** The processor's answer (failed message ids) is honoured only with ReportBatchItemFailures. */
    ESM_PARTIAL_BATCH(c -> sqsMappings(c).stream()
            .filter(m -> !TfConfig.texts(m.attr("function_response_types")).contains("ReportBatchItemFailures"))
            .map(m -> m.address() + ": function_response_types lacks ReportBatchItemFailures").toList()),

    /** The mapping invokes an alias, so moving the alias moves the traffic. */
    ESM_ON_ALIAS(c -> sqsMappings(c).stream()
            .filter(m -> c.referenced(m.attr("function_name").toString(), "aws_lambda_alias").isEmpty())
            .map(m -> m.address() + ": function_name is not an aws_lambda_alias").toList()),

    /** The mapping caps its concurrency. */
    ESM_MAXIMUM_CONCURRENCY(c -> sqsMappings(c).stream()
            .filter(m -> !m.block("scaling_config").has("maximum_concurrency"))
            .map(m -> m.address() + ": no scaling_config.maximum_concurrency").toList()),

    // ---- Lambda functions and their logs -----------------------------------------------------------

    /** Java 21 on arm64, versions published, SnapStart on them. */
    LAMBDA_RUNTIME(c -> c.resources("aws_lambda_function").stream().flatMap(f -> {
        List<String> v = new ArrayList<>();
        if (!"java21".equals(f.attr("runtime").asText())) {
            v.add(f.address() + ": runtime is not java21");
        }
        if (!TfConfig.texts(f.attr("architectures")).equals(List.of("arm64"))) {
            v.add(f.address() + ": architectures is not [\"arm64\"]");
        }
        if (!f.attr("publish").asBoolean(false)) {
            v.add(f.address() + ": publish is not true");
        }
        if (!"PublishedVersions".equals(f.block("snap_start").path("apply_on").asText())) {
            v.add(f.address() + ": snap_start.apply_on is not PublishedVersions");
        }
        return v.stream();
    }).toList()),

    /** Each function has the alias `live`. */
    LAMBDA_LIVE_ALIAS(c -> c.resources("aws_lambda_function").stream()
            .filter(f -> c.resources("aws_lambda_alias").stream().noneMatch(a -> "live".equals(c.literal(a.attr("name")))
                    && TfConfig.refers(a.attr("function_name").toString(), f.address())))
            .map(f -> f.address() + ": no aws_lambda_alias named live").toList()),

    /** Each function logs to a log group of the configuration, and every log group has a retention. */
    LOG_RETENTION(c -> {
        List<String> v = new ArrayList<>();
        for (Block f : c.resources("aws_lambda_function")) {
            if (c.referenced(f.block("logging_config").path("log_group").toString(), "aws_cloudwatch_log_group").isEmpty()) {
                v.add(f.address() + ": logging_config.log_group is not an aws_cloudwatch_log_group of this configuration");
            }
        }
        for (Block g : c.resources("aws_cloudwatch_log_group")) {
            JsonNode r = g.attr("retention_in_days");
            if (r.isMissingNode() || r.isNull() || (r.isNumber() && r.asInt() == 0)) {
                v.add(g.address() + ": no retention_in_days (logs kept forever)");
            }
        }
        return v;
    }),

    // ---- IAM ---------------------------------------------------------------------------------------

    /**
     * No wildcard in an Allow statement: no action with "*", no resource "*". Exceptions, each required by
     * AWS: a key policy's resource is "*" (it means the key) and its account-root statement is kms:*;
     * X-Ray's write actions have no resource-level permissions.
     */
    IAM_NO_WILDCARDS(c -> {
        List<String> v = new ArrayList<>();
        for (Block d : c.data("aws_iam_policy_document")) {
            boolean keyPolicy = c.resources("aws_kms_key").stream()
                    .anyMatch(k -> TfConfig.refers(k.attr("policy").toString(), "data.aws_iam_policy_document." + d.name()));
            for (JsonNode s : PolicyDocuments.statements(d)) {
                if (!PolicyDocuments.isAllow(s)) {
                    continue;
                }
                String where = d.address() + " statement " + s.path("sid").asText("(no sid)");
                if (s.has("not_actions") || s.has("not_resources")) {
                    v.add(where + ": not_actions/not_resources in an Allow");
                }
                JsonNode actions = s.path("actions");
                if (!actions.isArray()) {
                    v.add(where + ": actions must be a literal list to be checked");
                    continue;
                }
                List<String> acts = TfConfig.texts(actions);
                boolean rootKeyAdmin = keyPolicy && acts.equals(List.of("kms:*")) && PolicyDocuments.awsPrincipals(s).stream()
                        .allMatch(p -> p.endsWith(":root"));
                acts.stream().filter(a -> a.contains("*") && !rootKeyAdmin)
                        .forEach(a -> v.add(where + ": wildcard action " + a));
                boolean wildcardResource = TfConfig.texts(s.path("resources")).contains("*");
                if (wildcardResource && !keyPolicy && !Aws.RESOURCE_WILDCARD_ONLY_ACTIONS.containsAll(acts)) {
                    v.add(where + ": resource \"*\" for " + acts);
                }
            }
        }
        return v;
    }),

    /** Policies are aws_iam_policy_document data sources (checkable), and no AWS-managed policy is attached. */
    IAM_POLICY_DOCUMENTS(c -> {
        List<String> v = new ArrayList<>();
        Map<String, String> attrs = Map.of("aws_iam_role_policy", "policy", "aws_iam_role", "assume_role_policy",
                "aws_sqs_queue_policy", "policy", "aws_s3_bucket_policy", "policy", "aws_sns_topic_policy", "policy",
                "aws_kms_key", "policy", "aws_iam_policy", "policy");
        attrs.forEach((type, attr) -> c.resources(type).stream()
                .filter(r -> r.body().has(attr) && c.referencedDocuments(r.attr(attr).toString()).isEmpty())
                .forEach(r -> v.add(r.address() + ": " + attr + " is not a data.aws_iam_policy_document")));
        c.resources().stream().filter(r -> r.text().contains("arn:aws:iam::aws:policy/")
                        || r.text().contains(":iam::aws:policy/"))
                .forEach(r -> v.add(r.address() + ": attaches an AWS-managed policy"));
        return v;
    }),

    /** One role per function. */
    ONE_ROLE_PER_FUNCTION(c -> {
        Map<String, String> owner = new HashMap<>();
        List<String> v = new ArrayList<>();
        for (Block f : c.resources("aws_lambda_function")) {
            List<String> roles = TfConfig.referencedNames(f.attr("role").toString(), "aws_iam_role");
            if (roles.size() != 1) {
                v.add(f.address() + ": role is not one aws_iam_role of this configuration");
            } else if (owner.putIfAbsent(roles.get(0), f.address()) != null) {
                v.add(f.address() + ": shares aws_iam_role." + roles.get(0) + " with " + owner.get(roles.get(0)));
            }
        }
        return v;
    }),

    // ---- Alarms and topics -------------------------------------------------------------------------

    /** Every alarm notifies someone. */
    ALARM_ACTIONS(c -> c.resources("aws_cloudwatch_metric_alarm").stream().filter(a -> {
        JsonNode actions = a.attr("alarm_actions");
        return actions.isMissingNode() || actions.isNull() || (actions.isArray() && actions.isEmpty())
                || actions.asText().replaceAll("\\s", "").equals("${[]}");
    }).map(a -> a.address() + ": no alarm_actions").toList()),

    /** Topics are encrypted. */
    SNS_ENCRYPTED(c -> c.resources("aws_sns_topic").stream().filter(t -> t.attr("kms_master_key_id").asText("").isEmpty())
            .map(t -> t.address() + ": no kms_master_key_id").toList()),

    // ---- Schedules ---------------------------------------------------------------------------------

    /** Schedules run in a time zone, invoke an alias, retry and keep what they could not deliver. */
    SCHEDULE_TARGET(c -> c.resources("aws_scheduler_schedule").stream().flatMap(s -> {
        List<String> v = new ArrayList<>();
        JsonNode target = s.block("target");
        if (s.attr("schedule_expression_timezone").asText("").isEmpty()) {
            v.add(s.address() + ": no schedule_expression_timezone");
        }
        if (!TfConfig.refers(target.path("arn").toString(), "aws_lambda_alias")) {
            v.add(s.address() + ": target.arn is not an aws_lambda_alias");
        }
        if (!target.has("retry_policy")) {
            v.add(s.address() + ": target has no retry_policy");
        }
        if (!target.has("dead_letter_config")) {
            v.add(s.address() + ": target has no dead_letter_config");
        }
        return v.stream();
    }).toList()),

    /** A scheduled function reserves its concurrency, so runs cannot pile up (or be starved). */
    SCHEDULED_FUNCTION_RESERVED_CONCURRENCY(c -> c.resources("aws_scheduler_schedule").stream()
            .flatMap(s -> c.referenced(s.block("target").path("arn").toString(), "aws_lambda_alias").stream())
            .flatMap(a -> c.referenced(a.attr("function_name").toString(), "aws_lambda_function").stream())
            .filter(f -> !f.body().has("reserved_concurrent_executions"))
            .map(f -> f.address() + ": scheduled, but no reserved_concurrent_executions").toList()),

    // ---- Terraform itself --------------------------------------------------------------------------

    /** Terraform >= 1.6 and a bounded AWS provider. */
    TERRAFORM_VERSIONS(c -> {
        boolean tf = c.terraformBlocks().stream().anyMatch(t -> t.path("required_version").asText("").replace(" ", "").contains(">=1.6"));
        boolean aws = c.terraformBlocks().stream().flatMap(t -> TfConfig.stream(t.path("required_providers")))
                .anyMatch(p -> p.path("aws").path("version").asText("").contains("<"));
        List<String> v = new ArrayList<>();
        if (!tf) {
            v.add("terraform: required_version is not \">= 1.6\"");
        }
        if (!aws) {
            v.add("terraform: required_providers.aws.version has no upper bound");
        }
        return v;
    });

    /** Facts about AWS the rules rely on (a holder: enum constants cannot read the enum's own statics). */
    static final class Aws {
        /** Actions AWS authorises only on resource "*" (no resource-level permissions). */
        static final Set<String> RESOURCE_WILDCARD_ONLY_ACTIONS = Set.of(
                "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets",
                "xray:GetSamplingStatisticSummaries");

        private Aws() {
        }
    }

    private final Function<TfConfig, List<String>> check;

    PolicyRule(Function<TfConfig, List<String>> check) {
        this.check = check;
    }

    @Override
    public List<String> violations(TfConfig config) {
        return check.apply(config);
    }

    // -----------------------------------------------------------------------------------------------

    private static List<String> perBucket(TfConfig c, String companionType, java.util.function.Predicate<Block> good, String problem) {
        List<String> v = new ArrayList<>();
        for (Block bucket : c.resources("aws_s3_bucket")) {
            boolean ok = c.resources(companionType).stream()
                    .filter(r -> TfConfig.refers(r.attr("bucket").toString() + r.attr("for_each"), bucket.address()))
                    .anyMatch(good);
            if (!ok) {
                v.add(bucket.address() + ": " + problem + " (" + companionType + ")");
            }
        }
        return v;
    }

    private static boolean deniesInsecureTransport(Block doc) {
        return PolicyDocuments.statements(doc).stream().anyMatch(s -> "Deny".equals(s.path("effect").asText())
                && TfConfig.stream(s.path("condition")).anyMatch(cond -> "Bool".equals(cond.path("test").asText())
                && "aws:SecureTransport".equals(cond.path("variable").asText())
                && TfConfig.texts(cond.path("values")).equals(List.of("false"))));
    }

    /** The queues S3 notifications target. */
    static List<Block> notificationQueues(TfConfig c) {
        return c.resources("aws_s3_bucket_notification").stream()
                .flatMap(n -> TfConfig.stream(n.attr("queue")))
                .flatMap(q -> c.referenced(q.path("queue_arn").toString(), "aws_sqs_queue").stream())
                .distinct().toList();
    }

    /** The queues something consumes from or publishes into as a source of work. */
    static List<Block> sourceQueues(TfConfig c) {
        List<Block> qs = new ArrayList<>(notificationQueues(c));
        sqsMappings(c).stream().flatMap(m -> c.referenced(m.attr("event_source_arn").toString(), "aws_sqs_queue").stream())
                .filter(q -> !qs.contains(q)).forEach(qs::add);
        return qs;
    }

    static List<Block> sqsMappings(TfConfig c) {
        return c.resources("aws_lambda_event_source_mapping").stream()
                .filter(m -> TfConfig.refers(m.attr("event_source_arn").toString(), "aws_sqs_queue")).toList();
    }

    private static Block mappedFunction(TfConfig c, Block esm) {
        String target = esm.attr("function_name").toString();
        for (Block alias : c.referenced(target, "aws_lambda_alias")) {
            List<Block> fns = c.referenced(alias.attr("function_name").toString(), "aws_lambda_function");
            if (!fns.isEmpty()) {
                return fns.get(0);
            }
        }
        List<Block> fns = c.referenced(target, "aws_lambda_function");
        return fns.isEmpty() ? null : fns.get(0);
    }
}
