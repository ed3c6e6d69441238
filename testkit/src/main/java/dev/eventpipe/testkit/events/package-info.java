/** Real-shaped AWS event payloads for tests. */
package dev.eventpipe.testkit.events;
