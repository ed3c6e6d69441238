/**
 * Processing one uploaded file end to end: identity and de-duplication, reading, validation,
 * outputs, quarantine, and the receipt that commits it. Outcomes are a closed set ({@link
 * dev.eventpipe.processor.file.Outcome}).
 */
package dev.eventpipe.processor.file;
