/** "What happened to my file?": receipts by object, their rejected rows, and waiting for receipts. */
package dev.eventpipe.ingest.receipt;
