/**
 * Aggregation of a day from the processed bucket: {@link dev.eventpipe.reporter.aggregate.DayAggregator}
 * reads receipts (processing-day figures) and manifests (event-date figures) in parallel and in key
 * order; {@link dev.eventpipe.reporter.aggregate.ReportDay} maps a day in the report's zone onto the UTC
 * dates and hours the processor partitions by. Nothing here knows about Lambda or the AWS SDK.
 */
package dev.eventpipe.reporter.aggregate;
