/** The metrics port, the catalogue of every metric, and the Powertools (EMF) adapter. */
package dev.eventpipe.shared.metrics;
