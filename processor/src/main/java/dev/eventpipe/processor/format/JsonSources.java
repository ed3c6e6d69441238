package dev.eventpipe.processor.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.eventpipe.shared.store.StoreReadException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * JSON inputs, streamed with Jackson: an array of objects, one or more whole objects, or JSON Lines.
 *
 * <p>Scalars become text (numbers keep their digits), {@code null} is absent, nested objects and
 * arrays are kept as compact JSON text. In JSON Lines each line stands alone, so a broken line is a
 * rejected row; in an array or object stream a syntax error quarantines the file, since nothing after
 * it can be located reliably. A repeated key is left to validation (a rejected row, as in every format)
 * rather than Jackson's duplicate detection, which would abort the whole array.
 */
public final class JsonSources {

    private JsonSources() {
    }

    /** A factory with the limits applied: nesting depth, string and number length. */
    public static JsonFactory factory(Limits limits) {
        return JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxNestingDepth())
                        .maxStringLength(Math.max(limits.maxRowChars(), limits.maxFieldChars()))
                        .maxNumberLength(100)
                        .maxNameLength(Math.min(limits.maxFieldChars(), 50_000))
                        .build())
                .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .build();
    }

    /** @param lineOffset lines consumed before {@code content} starts, added to every line number */
    public static RowSource of(Format format, InputStream content, JsonFactory factory, Limits limits, long lineOffset)
            throws IOException {
        return switch (format.kind()) {
            case JSON_LINES -> new Lines(content, factory, limits.maxRowChars(), lineOffset);
            case JSON_ARRAY, JSON_OBJECT -> new Stream(content, factory, format.kind() == Format.Kind.JSON_ARRAY, lineOffset);
            case DELIMITED -> throw new IllegalArgumentException("not JSON: " + format);
        };
    }

    /** Whether the first line of {@code head} (from {@code from}) is one complete JSON value. */
    static boolean firstLineIsWholeValue(byte[] head, int from, int n) {
        int end = from;
        while (end < n && head[end] != '\n') {
            end++;
        }
        if (end == n) {
            return false; // no newline in the first 64 KiB: a single (large) document
        }
        try (JsonParser p = new JsonFactory().createParser(head, from, end - from)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    /** Reusable parallel arrays of one object's fields. */
    private abstract static class Fields extends RowState {
        private final JsonFactory factory;

        Fields(JsonFactory factory) {
            super(new String[16], new String[16]);
            this.factory = factory;
        }

        /** Reads the object the parser is at (its START_OBJECT is current). */
        void readObject(JsonParser p) throws IOException {
            count = 0;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                if (count == names.length) {
                    names = Arrays.copyOf(names, count * 2);
                    values = Arrays.copyOf(values, count * 2);
                }
                names[count] = p.currentName();
                JsonToken v = p.nextToken();
                values[count] = switch (v) {
                    case VALUE_STRING -> p.getText();
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getText();
                    case VALUE_TRUE -> "true";
                    case VALUE_FALSE -> "false";
                    case VALUE_NULL -> null;
                    default -> compact(p);
                };
                count++;
            }
            if (t != JsonToken.END_OBJECT) {
                throw new IllegalStateException("Jackson ended an object with " + t);
            }
        }

        private String compact(JsonParser p) throws IOException {
            StringWriter w = new StringWriter();
            try (JsonGenerator g = factory.createGenerator(w)) {
                g.copyCurrentStructure(p);
            }
            return w.toString();
        }

        String rebuild() {
            StringWriter w = new StringWriter();
            try (JsonGenerator g = factory.createGenerator(w)) {
                g.writeStartObject();
                for (int i = 0; i < count; i++) {
                    g.writeFieldName(names[i]);
                    if (values[i] == null) {
                        g.writeNull();
                    } else {
                        g.writeString(values[i]);
                    }
                }
                g.writeEndObject();
            } catch (IOException e) {
                throw new IllegalStateException("writing to a string cannot fail", e);
            }
            return w.toString();
        }
    }

    /** An array of objects, or a stream of whole objects, parsed as one document. */
    private static final class Stream extends Fields {
        private final JsonParser parser;
        private final boolean array;
        private final long lineOffset;
        private boolean started;
        private String raw;

        Stream(InputStream in, JsonFactory factory, boolean array, long lineOffset) throws IOException {
            super(factory);
            this.parser = factory.createParser(in);
            this.array = array;
            this.lineOffset = lineOffset;
        }

        @Override
        public boolean next() throws IOException {
            try {
                if (array && !started) {
                    started = true;
                    if (parser.nextToken() != JsonToken.START_ARRAY) {
                        throw new QuarantineException(QuarantineException.Reason.UNPARSEABLE, "expected a JSON array");
                    }
                }
                JsonToken t = parser.nextToken();
                if (t == null || (array && t == JsonToken.END_ARRAY)) {
                    if (array && t == null) {
                        throw new QuarantineException(QuarantineException.Reason.UNPARSEABLE, "the JSON array is not closed");
                    }
                    if (array && parser.nextToken() != null) {
                        throw new QuarantineException(QuarantineException.Reason.UNPARSEABLE,
                                "unexpected content after the JSON array, at line "
                                        + (parser.currentTokenLocation().getLineNr() + lineOffset));
                    }
                    return false;
                }
                startRow(parser.currentTokenLocation().getLineNr() + lineOffset);
                raw = null;
                if (t == JsonToken.START_OBJECT) {
                    readObject(parser);
                } else {
                    count = 0;
                    failRow("not_an_object", "array element is " + describe(t) + ", not an object");
                    raw = t.isScalarValue() ? parser.getText() : "(" + describe(t) + ")";
                    parser.skipChildren();
                }
                return true;
            } catch (StoreReadException e) {
                throw e;
            } catch (JsonProcessingException e) {
                // A limit (StreamConstraintsException: nesting depth, number length) carries no location.
                JsonLocation at = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
                String where = " at line " + (at.getLineNr() + lineOffset) + ", column " + at.getColumnNr() + ": " + e.getOriginalMessage();
                if (String.valueOf(e.getOriginalMessage()).startsWith("Invalid UTF-8")) {
                    // The same verdict as for a CSV file with bad bytes, so reports group them together.
                    throw new QuarantineException(QuarantineException.Reason.INVALID_ENCODING, "the file is not valid UTF-8"
                            + where, e);
                }
                throw new QuarantineException(QuarantineException.Reason.UNPARSEABLE, "JSON structure is broken" + where, e);
            }
        }

        @Override
        public String raw() {
            return raw != null ? raw : rebuild();
        }

        @Override
        public void close() throws IOException {
            parser.close();
        }
    }

    /**
     * JSON Lines: splits lines on bytes, so one broken line costs only itself, and a line longer than the
     * limit is skipped without being held in memory.
     */
    private static final class Lines extends Fields {
        private final InputStream in;
        private final JsonFactory factory;
        private final int maxLineBytes;
        private byte[] buf = new byte[64 * 1024];
        private int start;
        private int end;
        private boolean eof;
        private long nextLine;
        private int lineStart;
        private int lineLength;
        private boolean tooLong;
        private long tooLongBytes;

        Lines(InputStream in, JsonFactory factory, int maxLineBytes, long lineOffset) {
            super(factory);
            this.in = in;
            this.factory = factory;
            this.maxLineBytes = maxLineBytes;
            this.nextLine = 1 + lineOffset;
        }

        @Override
        public boolean next() throws IOException {
            while (readLine()) {
                startRow(nextLine - 1);
                count = 0;
                if (tooLong) {
                    failRow("row_too_long", "line has " + tooLongBytes + " bytes, more than the limit of " + maxLineBytes);
                    return true;
                }
                if (isBlank()) {
                    continue;
                }
                try (JsonParser p = factory.createParser(buf, lineStart, lineLength)) {
                    JsonToken t = p.nextToken();
                    if (t != JsonToken.START_OBJECT) {
                        failRow("not_an_object", "line is " + describe(t) + ", not a JSON object");
                        return true;
                    }
                    readObject(p);
                    if (p.nextToken() != null) {
                        count = 0;
                        failRow("invalid_json", "unexpected content after the object");
                    }
                } catch (StoreReadException e) {
                    throw e;
                } catch (JsonProcessingException e) {
                    count = 0;
                    // A limit (StreamConstraintsException: nesting depth, number length) carries no location.
                    failRow("invalid_json", e.getLocation() == null ? "not valid JSON: " + e.getOriginalMessage()
                            : "not valid JSON at column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
                }
                return true;
            }
            return false;
        }

        /** Finds the next line in the buffer, refilling as needed; an over-long line is skipped to its end. */
        private boolean readLine() throws IOException {
            tooLong = false;
            tooLongBytes = 0;
            while (true) {
                for (int i = start; i < end; i++) {
                    if (buf[i] == '\n') {
                        lineStart = start;
                        lineLength = i - start;
                        start = i + 1;
                        nextLine++;
                        if (tooLong) {
                            tooLongBytes += lineLength;
                            lineLength = 0;
                        }
                        return true;
                    }
                }
                if (eof) {
                    if (start < end || tooLong) {
                        lineStart = start;
                        lineLength = end - start;
                        start = end;
                        nextLine++;
                        if (tooLong) {
                            tooLongBytes += lineLength;
                            lineLength = 0;
                        }
                        return true;
                    }
                    return false;
                }
                if (end - start >= maxLineBytes) {
                    tooLong = true; // drop what we have and keep skipping to the newline
                    tooLongBytes += end - start;
                    start = end;
                }
                fill();
            }
        }

        private void fill() throws IOException {
            if (start > 0) {
                System.arraycopy(buf, start, buf, 0, end - start);
                end -= start;
                start = 0;
            }
            if (end == buf.length) {
                buf = Arrays.copyOf(buf, Math.min(Math.max(buf.length * 2, 1024), maxLineBytes + 1024));
            }
            int n = in.read(buf, end, buf.length - end);
            if (n < 0) {
                eof = true;
            } else {
                end += n;
            }
        }

        private boolean isBlank() {
            for (int i = lineStart; i < lineStart + lineLength; i++) {
                byte b = buf[i];
                if (b != ' ' && b != '\t' && b != '\r') {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String raw() {
            if (tooLong) {
                return "(line of " + tooLongBytes + " bytes not kept: over the row limit)";
            }
            return new String(buf, lineStart, lineLength, StandardCharsets.UTF_8).stripTrailing();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private static String describe(JsonToken t) {
        if (t == null) {
            return "empty";
        }
        return switch (t) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.asString() == null ? t.name() : t.asString();
        };
    }
}
