/**
 * The audit's pure domain: the uploads of a window ({@link Upload}), the matching of them to receipts, DLQ
 * messages and the files queue ({@link Reconciliation}), and what it found ({@link AuditResult}). No SDK
 * type: the operator tools (ingest) gather the inputs, and the reporter can reuse the same matching.
 */
package dev.eventpipe.shared.audit;
