/**
 * The operator commands ({@code ingest}, {@code dlq}, {@code replay}, {@code receipt}, {@code audit}, {@code query}): thin picocli adapters
 * over {@code dev.eventpipe.ingest}. They read options (with the {@code EVENTPIPE_*} variables as
 * fallbacks), build the clients once through {@code AwsClients}, call one tool, print its result as text
 * or {@code --json}, and choose the exit status: 0 all well, 1 something failed (an error, a failed
 * upload, a quarantined file, a redrive that left messages behind), 2 a usage error, 3 not finished in
 * time (no receipt yet within {@code --timeout}, a file still pending).
 */
package dev.eventpipe.cli.ops;
