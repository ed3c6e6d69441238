package dev.eventpipe.shared.metrics;

/**
 * The catalogue of every metric eventpipe emits: one place, read by the code that emits and by the
 * dashboards and alarms that show them. All are published under the namespace of
 * {@code POWERTOOLS_METRICS_NAMESPACE} with the one dimension set {@code [Service]} that Powertools adds.
 */
public enum Metric {
    /** Files whose records were written and whose receipt says {@code processed}. */
    FILES_PROCESSED("FilesProcessed", Unit.COUNT),
    /** Files with a {@code quarantined} receipt: whole-file problems such as a bad header or a gzip bomb. */
    FILES_QUARANTINED("FilesQuarantined", Unit.COUNT),
    /** Deliveries of a file that already has a receipt (SQS at-least-once, retries, redrives). */
    DUPLICATES_SKIPPED("DuplicatesSkipped", Unit.COUNT),
    /** {@code s3:TestEvent} messages, sent by S3 when notifications are configured. */
    TEST_EVENTS_SKIPPED("TestEventsSkipped", Unit.COUNT),
    /** Records ignored on purpose: deletions, folder markers, objects gone before processing. */
    RECORDS_IGNORED("EventsIgnored", Unit.COUNT),
    /** Events for buckets outside {@code EVENTPIPE_INPUT_BUCKETS}. */
    FOREIGN_BUCKET_REFUSED("ForeignBucketRefused", Unit.COUNT),
    /** Records written to the events partitions. */
    RECORDS_VALID("RecordsValid", Unit.COUNT),
    /** Rows written to the rejects partition with their reasons. */
    RECORDS_REJECTED("RecordsRejected", Unit.COUNT),
    /** Bytes read from the input bucket (as stored, so compressed for gzip files). */
    BYTES_READ("BytesRead", Unit.BYTES),
    /** From the S3 event time of the upload to the receipt. */
    PROCESSING_LATENCY("ProcessingLatency", Unit.MILLISECONDS),
    /** Messages handed back to SQS for a retry (each ends in the DLQ after maxReceiveCount). */
    BATCH_ITEM_FAILURES("BatchItemFailures", Unit.COUNT);

    private final String metricName;
    private final Unit unit;

    Metric(String metricName, Unit unit) {
        this.metricName = metricName;
        this.unit = unit;
    }

    /** The name as CloudWatch shows it. */
    public String metricName() {
        return metricName;
    }

    public Unit unit() {
        return unit;
    }

    /** The CloudWatch units used here. */
    public enum Unit {
        COUNT, BYTES, MILLISECONDS
    }
}
