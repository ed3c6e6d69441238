/**
 * Record schemas as data ({@code schemas/*.json}), and the validation that standardises each row
 * against one: name matching and aliases, types, normalisation, every problem of a row collected.
 */
package dev.eventpipe.processor.schema;
