/**
 * Reading input files as streams: gzip and bomb guards, format and delimiter detection, CSV and JSON
 * row sources, and the whole-file verdicts ({@link dev.eventpipe.processor.format.QuarantineException}).
 */
package dev.eventpipe.processor.format;
