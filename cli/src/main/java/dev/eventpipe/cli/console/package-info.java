/**
 * {@code eventpipe console}: a small server-rendered web console over the operator services of
 * {@code dev.eventpipe.ingest} (receipts, the DLQ, replay's command text) and the processed bucket's
 * processing-date index. The JDK's {@code com.sun.net.httpserver} serves it on loopback; it has no login
 * of its own and acts with the caller's AWS credentials.
 *
 * <p>{@link ConsoleServer} (routing and the request guards: Host, CSRF token and Origin on POSTs, strict
 * Content-Security-Policy) → {@link ConsoleData} (the one class that talks to S3 and SQS, through the
 * ingest services) → the pure view models ({@link FilesView}, {@link TodayView}, {@link FileView}) →
 * {@link Pages} (HTML, every data string escaped by {@link Html}) and {@link Charts} (inline SVG).
 */
package dev.eventpipe.cli.console;
