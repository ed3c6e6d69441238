/**
 * Backfill: the S3 event notifications a bucket would have sent, for objects listed by prefix and
 * modification time, sent to the files queue; skipping files that have a receipt unless forced.
 */
package dev.eventpipe.ingest.replay;
