/** The shared Jackson configuration for eventpipe's own JSON documents. */
package dev.eventpipe.shared.json;
