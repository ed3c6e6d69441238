/** A metrics port implementation that records, for assertions. */
package dev.eventpipe.testkit.metrics;
