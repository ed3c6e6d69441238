/**
 * The files queue's dead-letter queue: status, peek (nothing consumed), redrive (SQS's native message-move
 * task, or receive → send → delete-after-send where the endpoint lacks it) and purge.
 */
package dev.eventpipe.ingest.dlq;
