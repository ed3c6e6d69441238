/**
 * {@code eventpipe audit}: every object created in the input bucket in a window, reconciled against the
 * receipts (through the processing-date index), the files queue and its DLQ. {@link Auditor} does the
 * reading; {@link Reconciliation} is the pure matching, tested without a network.
 */
package dev.eventpipe.ingest.audit;
