/**
 * A local event source mapping: SQS long polling, batching, handler invocation with real Lambda events,
 * deletion of what succeeded, a visibility heartbeat for batches that outlast the visibility timeout, and
 * nothing else — the queue's own redrive policy does the rest.
 */
package dev.eventpipe.local.esm;
