package dev.eventpipe.processor.format;

import java.util.Objects;

/**
 * A detected input format.
 *
 * @param kind      the structure
 * @param delimiter the field separator, for delimited text only
 * @param gzip      whether the bytes were gzip-compressed
 */
public record Format(Kind kind, char delimiter, boolean gzip) {

    public Format {
        Objects.requireNonNull(kind, "kind");
    }

    /** The structures eventpipe reads. */
    public enum Kind {
        /** RFC 4180 delimited text with a header row. */
        DELIMITED,
        /** A JSON array of objects. */
        JSON_ARRAY,
        /** One JSON object, or several one after another (pretty-printed, not one per line). */
        JSON_OBJECT,
        /** JSON Lines / NDJSON: one object per line. */
        JSON_LINES
    }

    /** As written to receipts: {@code csv}, {@code tsv}, {@code csv;} (other delimiters), {@code jsonl+gzip}... */
    public String label() {
        String base = switch (kind) {
            case DELIMITED -> delimiter == '\t' ? "tsv" : delimiter == ',' ? "csv" : "csv" + delimiter;
            case JSON_ARRAY -> "json-array";
            case JSON_OBJECT -> "json";
            case JSON_LINES -> "jsonl";
        };
        return gzip ? base + "+gzip" : base;
    }
}
