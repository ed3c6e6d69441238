/**
 * The daily reporter: {@link dev.eventpipe.reporter.ReporterHandler} (Lambda, scheduled),
 * {@link dev.eventpipe.reporter.ReporterApp} (composition root and the report use case),
 * {@link dev.eventpipe.reporter.ReporterConfig} (environment) and the ports it needs besides the object
 * store and notifier: {@link dev.eventpipe.reporter.QueueProbe}, {@link dev.eventpipe.reporter.LinkSigner}.
 */
package dev.eventpipe.reporter;
