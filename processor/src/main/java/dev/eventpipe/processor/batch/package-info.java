/** The SQS batch contract: per-message failures, FIFO ordering, what goes back to the queue. */
package dev.eventpipe.processor.batch;
