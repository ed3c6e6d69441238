/**
 * Operator tools behind the {@code eventpipe} commands {@code ingest}, {@code dlq}, {@code replay} and
 * {@code receipt}: plain Java over SDK clients the caller builds ({@code AwsClients}), no command-line
 * framework, so every tool runs the same from the CLI and from a test against the emulators.
 *
 * <p>Each tool returns a record of what it did (serialised as-is for {@code --json}); the CLI renders it
 * and chooses the exit status from it.
 */
package dev.eventpipe.ingest;
