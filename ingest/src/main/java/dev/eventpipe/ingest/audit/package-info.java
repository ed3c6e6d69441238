/**
 * {@code eventpipe audit}: every object created in the input bucket in a window, reconciled against the
 * receipts (through the processing-date index), the files queue and its DLQ. {@link Auditor} does the
 * reading; the pure matching ({@code dev.eventpipe.shared.audit.Reconciliation}) lives in shared, tested
 * without a network.
 */
package dev.eventpipe.ingest.audit;
