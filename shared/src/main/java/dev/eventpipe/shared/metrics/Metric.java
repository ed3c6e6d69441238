package dev.eventpipe.shared.metrics;

/**
 * The catalogue of every metric eventpipe emits: one place, read by the code that emits and by the
 * dashboards and alarms that show them. All are published under the namespace of
 * {@code POWERTOOLS_METRICS_NAMESPACE} with the one dimension set {@code [Service]} that Powertools adds;
 * {@link #emitter()} says which function emits each, and so which {@code Service} value shows it.
 */
public enum Metric {
    /** Files whose records were written and whose receipt says {@code processed}. */
    FILES_PROCESSED("FilesProcessed", Unit.COUNT, Emitter.PROCESSOR),
    /** Files with a {@code quarantined} receipt: whole-file problems such as a bad header or a gzip bomb. */
    FILES_QUARANTINED("FilesQuarantined", Unit.COUNT, Emitter.PROCESSOR),
    /** Deliveries of a file that already has a receipt (SQS at-least-once, retries, redrives). */
    DUPLICATES_SKIPPED("DuplicatesSkipped", Unit.COUNT, Emitter.PROCESSOR),
    /** {@code s3:TestEvent} messages, sent by S3 when notifications are configured. */
    TEST_EVENTS_SKIPPED("TestEventsSkipped", Unit.COUNT, Emitter.PROCESSOR),
    /** Records ignored on purpose: deletions, folder markers, objects gone before processing. */
    RECORDS_IGNORED("EventsIgnored", Unit.COUNT, Emitter.PROCESSOR),
    /** Events for buckets outside {@code EVENTPIPE_INPUT_BUCKETS}. */
    FOREIGN_BUCKET_REFUSED("ForeignBucketRefused", Unit.COUNT, Emitter.PROCESSOR),
    /** Records written to the events partitions. */
    RECORDS_VALID("RecordsValid", Unit.COUNT, Emitter.PROCESSOR),
    /** Rows written to the rejects partition with their reasons. */
    RECORDS_REJECTED("RecordsRejected", Unit.COUNT, Emitter.PROCESSOR),
    /** Bytes read from the input bucket (as stored, so compressed for gzip files). */
    BYTES_READ("BytesRead", Unit.BYTES, Emitter.PROCESSOR),
    /** From the S3 event time of the upload to the receipt. */
    PROCESSING_LATENCY("ProcessingLatency", Unit.MILLISECONDS, Emitter.PROCESSOR),
    /** Messages handed back to SQS for a retry (each ends in the DLQ after maxReceiveCount). */
    BATCH_ITEM_FAILURES("BatchItemFailures", Unit.COUNT, Emitter.PROCESSOR),

    /** A daily report was written (JSON, text and HTML); one per run that reached the reports bucket. */
    REPORT_GENERATED("ReportGenerated", Unit.COUNT, Emitter.REPORTER),
    /** From the start of a report run to its reports written and its notification sent or given up. */
    REPORT_DURATION("ReportDuration", Unit.MILLISECONDS, Emitter.REPORTER),
    /** Valid records on the reported day. */
    REPORT_RECORDS("ReportRecords", Unit.COUNT, Emitter.REPORTER),
    /** Alerts raised in the report: figures outside their band, no data, DLQ not empty. */
    REPORT_ALERTS("ReportAlerts", Unit.COUNT, Emitter.REPORTER),
    /** The report's notification could not be published after its retries; the reports stay written. */
    NOTIFICATION_FAILED("NotificationFailed", Unit.COUNT, Emitter.REPORTER),
    /** An hourly roll-up run finished (whether or not it found anything new to roll up). */
    ROLLUP_WRITTEN("RollupWritten", Unit.COUNT, Emitter.REPORTER),
    /** Per-file documents merged into roll-ups by a run. */
    ROLLUP_DOCUMENTS("RollupDocuments", Unit.COUNT, Emitter.REPORTER);

    private final String metricName;
    private final Unit unit;
    private final Emitter emitter;

    Metric(String metricName, Unit unit, Emitter emitter) {
        this.metricName = metricName;
        this.unit = unit;
        this.emitter = emitter;
    }

    /** The name as CloudWatch shows it. */
    public String metricName() {
        return metricName;
    }

    public Unit unit() {
        return unit;
    }

    /** The function that emits it. */
    public Emitter emitter() {
        return emitter;
    }

    /** The CloudWatch units used here. */
    public enum Unit {
        COUNT, BYTES, MILLISECONDS
    }

    /**
     * The functions that emit metrics, with the {@code POWERTOOLS_SERVICE_NAME} each runs under by default:
     * the value of the {@code Service} dimension.
     */
    public enum Emitter {
        PROCESSOR("eventpipe-processor"), REPORTER("eventpipe-reporter");

        private final String defaultService;

        Emitter(String defaultService) {
            this.defaultService = defaultService;
        }

        public String defaultService() {
            return defaultService;
        }
    }
}
