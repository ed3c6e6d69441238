package dev.eventpipe.reporter;

import dev.eventpipe.reporter.report.ReportRules;
import dev.eventpipe.shared.config.ConfigException;
import dev.eventpipe.shared.config.Env;
import dev.eventpipe.shared.metrics.Metric;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reporter's configuration, read once from environment variables (the names are a contract with the
 * Terraform module and the command-line tool; the README lists them).
 *
 * @param processedBucket  where the processor's receipts and manifests are
 * @param reportsBucket    where {@code daily/...} reports are written
 * @param topicArn         the SNS topic of report notifications; empty: no notification
 * @param queueUrl         the files queue, for its depth; empty: not reported
 * @param dlqUrl           its dead-letter queue, for its depth; empty: not reported
 * @param zone             the zone whose calendar days are reported
 * @param linkValidity     how long the presigned link to the HTML report works
 * @param rules            when alerts are raised
 * @param readConcurrency  concurrent GETs while aggregating
 * @param metricsNamespace {@code POWERTOOLS_METRICS_NAMESPACE}
 * @param serviceName      {@code POWERTOOLS_SERVICE_NAME}
 * @param inputBuckets     where uploads arrive, for the day's uploads accounted for; empty: not reported
 * @param maxListed        the most object versions listed per input bucket for that accounting
 */
public record ReporterConfig(String processedBucket, String reportsBucket, Optional<String> topicArn,
                             Optional<String> queueUrl, Optional<String> dlqUrl, ZoneId zone, Duration linkValidity,
                             ReportRules rules, int readConcurrency, String metricsNamespace, String serviceName,
                             List<String> inputBuckets, long maxListed) {

    public static final String PROCESSED_BUCKET = "EVENTPIPE_PROCESSED_BUCKET";
    public static final String REPORTS_BUCKET = "EVENTPIPE_REPORTS_BUCKET";
    public static final String TOPIC_ARN = "EVENTPIPE_REPORT_TOPIC_ARN";
    public static final String QUEUE_URL = "EVENTPIPE_QUEUE_URL";
    public static final String DLQ_URL = "EVENTPIPE_DLQ_URL";
    public static final String ZONE = "EVENTPIPE_REPORT_ZONE";
    public static final String LINK_VALIDITY_HOURS = "EVENTPIPE_REPORT_LINK_HOURS";
    public static final String BAND = "EVENTPIPE_REPORT_BAND";
    public static final String MAX_REJECT_RATE = "EVENTPIPE_REPORT_MAX_REJECT_RATE";
    public static final String READ_CONCURRENCY = "EVENTPIPE_REPORT_READ_CONCURRENCY";
    /** The processor's variable: a comma-separated list. */
    public static final String INPUT_BUCKETS = "EVENTPIPE_INPUT_BUCKETS";
    public static final String MAX_LISTED = "EVENTPIPE_REPORT_MAX_LISTED";
    /** About 1,000 listing pages: a minute or two of the report's run in-region. */
    static final int DEFAULT_MAX_LISTED = 1_000_000;

    public ReporterConfig {
        inputBuckets = List.copyOf(inputBuckets);
    }

    /** SigV4 presigned URLs are valid for at most 7 days. */
    static final int MAX_LINK_HOURS = 7 * 24;
    /**
     * A link signed with a Lambda role's temporary credentials stops working when they expire, whatever it
     * asks for; 12 hours is about as long as those last, and covers the working day after an 08:00 report.
     */
    static final int DEFAULT_LINK_HOURS = 12;

    /** @throws ConfigException naming the first bad variable */
    public static ReporterConfig fromEnv(Map<String, String> env) {
        Env e = Env.of(env);
        ReportRules d = ReportRules.DEFAULTS;
        return new ReporterConfig(
                e.required(PROCESSED_BUCKET),
                e.required(REPORTS_BUCKET),
                e.optional(TOPIC_ARN),
                e.optional(QUEUE_URL),
                e.optional(DLQ_URL),
                zone(e.string(ZONE, "UTC")),
                Duration.ofHours(e.intValue(LINK_VALIDITY_HOURS, DEFAULT_LINK_HOURS, 1, MAX_LINK_HOURS)),
                new ReportRules(e.doubleValue(BAND, d.band(), 0.01, 100), d.minHistoryDays(),
                        e.doubleValue(MAX_REJECT_RATE, d.maxRejectRate(), 0, 1)),
                e.intValue(READ_CONCURRENCY, 32, 1, 256),
                e.string("POWERTOOLS_METRICS_NAMESPACE", "eventpipe"),
                e.string("POWERTOOLS_SERVICE_NAME", Metric.Emitter.REPORTER.defaultService()),
                e.optional(INPUT_BUCKETS).stream().flatMap(b -> Arrays.stream(b.split(","))).map(String::trim)
                        .filter(b -> !b.isEmpty()).toList(),
                e.intValue(MAX_LISTED, DEFAULT_MAX_LISTED, 1, Integer.MAX_VALUE));
    }

    private static ZoneId zone(String id) {
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            throw new ConfigException(ZONE, "must be a time zone id such as UTC or Europe/Berlin, not '" + id + "'");
        }
    }
}
