/** What a report's notification says: {@link dev.eventpipe.reporter.publish.Summary}. */
package dev.eventpipe.reporter.publish;
