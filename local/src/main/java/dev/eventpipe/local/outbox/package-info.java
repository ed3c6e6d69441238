/** Local mode's SNS stand-in: notifications as {@code .eml} files in an outbox folder. */
package dev.eventpipe.local.outbox;
