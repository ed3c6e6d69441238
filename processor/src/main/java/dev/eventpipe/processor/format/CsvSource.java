package dev.eventpipe.processor.format;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;

/**
 * Delimited text (RFC 4180: quoted fields, doubled quotes, newlines inside quotes; CRLF or LF) with a
 * header row, read by FastCSV.
 *
 * <p>FastCSV rather than Commons CSV: on the benchmark file it parses several times faster, and the
 * transform's throughput target (DuckDB's rate) leaves no room for a slower parser. Text is decoded
 * strictly: invalid UTF-8 quarantines the file instead of being silently replaced.
 */
public final class CsvSource extends RowState {

    private final CsvReader<CsvRecord> reader;
    private final Iterator<CsvRecord> records;
    private final String[] header;
    private final long headerLine;
    private final char delimiter;
    private final int maxRowChars;
    private final long lineOffset;

    /**
     * @throws QuarantineException when there is no header row
     */
    public CsvSource(InputStream content, char delimiter, int maxRowChars, long lineOffset) throws IOException {
        super(new String[0], new String[0]);
        Reader decoder = new InputStreamReader(content, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        this.reader = CsvReader.builder()
                .fieldSeparator(delimiter)
                .skipEmptyLines(true)
                .extraFieldStrategy(FieldMismatchStrategy.IGNORE) // ragged rows are rejected here, with a reason
                .missingFieldStrategy(FieldMismatchStrategy.IGNORE)
                .allowUnclosedQuote(false)  // an unclosed quote swallows the rest: nothing after it is trustworthy
                .detectBomHeader(false)     // already skipped by OpenedInput
                .ofCsvRecord(decoder);
        this.records = reader.iterator();
        this.delimiter = delimiter;
        this.maxRowChars = maxRowChars;
        if (!hasNext()) {
            throw new QuarantineException(QuarantineException.Reason.EMPTY_FILE, "the file has no header row");
        }
        CsvRecord first = nextRecord();
        this.header = first.getFields().stream().map(String::strip).toArray(String[]::new);
        this.lineOffset = lineOffset;
        this.headerLine = first.getStartingLineNumber() + lineOffset;
        for (int i = 0; i < header.length; i++) {
            if (header[i].isEmpty()) {
                header[i] = "column_" + (i + 1);
            }
        }
        this.names = header;
        this.values = new String[header.length];
    }

    public String[] header() {
        return header.clone();
    }

    public long headerLine() {
        return headerLine;
    }

    @Override
    public boolean next() throws IOException {
        if (!hasNext()) {
            return false;
        }
        CsvRecord r = nextRecord();
        startRow(r.getStartingLineNumber() + lineOffset);
        int n = r.getFieldCount();
        if (n > values.length) {
            values = Arrays.copyOf(values, n);
        }
        long chars = 0;
        for (int i = 0; i < n; i++) {
            values[i] = r.getField(i);
            chars += values[i].length();
        }
        count = n;
        if (n != header.length) {
            failRow("field_count", "expected " + header.length + " fields as in the header, found " + n);
        } else if (chars > maxRowChars) {
            failRow("row_too_long", "row has " + chars + " characters, more than the limit of " + maxRowChars);
        }
        return true;
    }

    private boolean hasNext() throws IOException {
        try {
            return records.hasNext();
        } catch (UncheckedIOException e) {
            throw unwrap(e);
        } catch (CsvParseException e) {
            throw unparseable(e);
        }
    }

    private CsvRecord nextRecord() throws IOException {
        try {
            return records.next();
        } catch (UncheckedIOException e) {
            throw unwrap(e);
        } catch (CsvParseException e) {
            throw unparseable(e);
        }
    }

    private IOException unwrap(UncheckedIOException e) {
        if (e.getCause() instanceof CharacterCodingException) {
            throw invalidEncoding(e.getCause());
        }
        return e.getCause();
    }

    /**
     * Decoding runs a buffer ahead of parsing, so the bad bytes are somewhere after the last row read:
     * say so, with that row's line, which is as close as a reader can tell.
     */
    private QuarantineException invalidEncoding(Throwable cause) {
        String where = line > 0 ? " after line " + line : headerLine > 0 ? " after the header" : "";
        return new QuarantineException(QuarantineException.Reason.INVALID_ENCODING,
                "the file is not valid UTF-8" + where + " (" + cause.getMessage() + ")", cause);
    }

    private QuarantineException unparseable(CsvParseException e) {
        if (e.getCause() instanceof QuarantineException q) {
            return q; // raised by the input stream (the gzip guard) and only wrapped by FastCSV: keep its reason
        }
        String detail = e.getCause() != null && e.getCause().getMessage() != null ? e.getMessage() + ": " + e.getCause().getMessage()
                : e.getMessage();
        if (e.getCause() instanceof UncheckedIOException u && u.getCause() instanceof CharacterCodingException) {
            return invalidEncoding(u.getCause());
        }
        return new QuarantineException(QuarantineException.Reason.UNPARSEABLE, "CSV structure is broken: " + detail, e);
    }

    @Override
    public String raw() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                b.append(delimiter);
            }
            String v = values[i];
            if (v.indexOf(delimiter) >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                b.append('"').append(v.replace("\"", "\"\"")).append('"');
            } else {
                b.append(v);
            }
        }
        return b.toString();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
