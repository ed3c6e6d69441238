package dev.eventpipe.processor.file;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipe.processor.format.Limits;
import dev.eventpipe.processor.output.JsonlUpload;
import dev.eventpipe.processor.schema.RecordValidator;
import dev.eventpipe.processor.schema.Schema;
import dev.eventpipe.processor.schema.Schemas;
import dev.eventpipe.processor.schema.Standardized;
import dev.eventpipe.shared.json.Json;
import dev.eventpipe.shared.receipt.Receipt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The bad inputs people really upload, one test per kind, each pinning the exact outcome: the receipt's
 * status, reason code and the part of the reason a person needs, the row counts, and for rejected rows
 * the line and reject code(s).
 *
 * <p>Small cases are byte-exact fixtures under {@code src/test/resources/bad/}, one defect per file and
 * named for it; big and binary inputs are generated here and never committed.
 */
class BadInputCorpusTest {

    private static final String DAY = "dt=2026-11-25/";
    private static final String HEADER = "event_id,event_type,user_id,timestamp,amount,country\n";
    private static final int MB = 1 << 20;

    private final Harness h = new Harness();

    // ---------------------------------------------------------------- empty and near-empty files

    @Test
    void quarantines_whenFileIsEmpty() {
        Outcome outcome = process("empty.csv");

        Receipt r = quarantined(outcome, "empty_file", "the file is empty");
        assertThat(r.rows()).isEqualTo(new Receipt.Rows(0, 0, 0));
        assertThat(r.format()).isEmpty();
        assertThat(r.outputs()).isEmpty();
    }

    @Test
    void quarantines_whenFileHoldsOnlyWhitespace() {
        Outcome outcome = process("whitespace-only.csv");

        Receipt r = quarantined(outcome, "empty_file", "only whitespace");
        assertThat(r.rows()).isEqualTo(new Receipt.Rows(0, 0, 0));
        assertThat(r.outputs()).isEmpty();
    }

    /** A header without rows is a period with no events, not a broken upload: processed, nothing written. */
    @Test
    void processes_withZeroRows_whenCsvHasHeaderOnly() {
        Outcome outcome = process("header-only.csv");

        Receipt r = processed(outcome, 0, 0, 0);
        assertThat(r.format()).isEqualTo("csv");
        assertThat(r.outputs()).isEmpty();
        assertThat(r.eventDates()).isEmpty();
        assertThat(h.keys("events/")).isEmpty();
    }

    @Test
    void quarantines_whenGzipDecompressesToNothing() {
        Outcome outcome = h.process("incoming/nothing.csv.gz", gzip(new byte[0]));

        Receipt r = quarantined(outcome, "empty_file", "the gzip file decompresses to nothing");
        assertThat(r.rows()).isEqualTo(new Receipt.Rows(0, 0, 0));
    }

    /** Detection looks at 64 KiB; more blank lines than that are consumed first, and line numbers still hold. */
    @Test
    void processes_whenMoreThan64KiBOfBlankLinesPrecedeTheHeader() {
        String csv = "\n".repeat(70_000) + HEADER + "e1,click,u1,2026-11-25T10:00:00Z,1.50,US\n";

        Outcome outcome = h.process("incoming/padded.csv", csv);

        Receipt r = processed(outcome, 1, 1, 0);
        assertThat(events(r).get(0).get("_meta").get("line").asLong()).isEqualTo(70_002);
    }

    @Test
    void ignores_whenKeyIsAFolderMarker() {
        Outcome outcome = h.process("incoming/2026-11/", new byte[0]);

        assertThat(outcome).isEqualTo(new Outcome.Ignored("folder marker"));
        assertThat(h.keys("receipts/")).isEmpty();
    }

    @Test
    void quarantines_unread_whenObjectIsLargerThanLimit() {
        Harness small = new Harness(limits(l -> l.maxObjectBytes = 100), JsonlUpload.Compression.GZIP);

        Outcome outcome = small.process("incoming/big.csv", fixture("too-many-fields.csv"));

        Receipt r = quarantined(small, outcome, "object_too_large", "the object has 189 bytes, more than the limit of 100");
        assertThat(r.bytesRead()).isZero();
    }

    // ---------------------------------------------------------------- CSV structure

    @Test
    void quarantines_whenQuoteIsNeverClosed() {
        Outcome outcome = process("unbalanced-quote.csv");

        Receipt r = quarantined(outcome, "unparseable",
                "CSV structure is broken: Unclosed quoted field at end of input (record starting at line 3)");
        assertThat(r.rows()).isEqualTo(new Receipt.Rows(1, 1, 0));
        assertThat(r.outputs()).isEmpty();
        assertThat(h.keys("events/")).isEmpty();
    }

    @Test
    void rejectsRow_whenRowHasTooFewFields() {
        Outcome outcome = process("too-few-fields.csv");

        Receipt r = processed(outcome, 3, 2, 1);
        JsonNode reject = onlyReject(r);
        assertReject(reject, 3, "field_count");
        assertThat(reject.get("reasons").get(0).get("message").asText())
                .isEqualTo("expected 6 fields as in the header, found 4");
        assertThat(reject.get("raw").asText()).isEqualTo("e2,click,u2,2026-11-25T10:01:00Z");
    }

    @Test
    void rejectsRow_whenRowHasTooManyFields() {
        Outcome outcome = process("too-many-fields.csv");

        Receipt r = processed(outcome, 3, 2, 1);
        JsonNode reject = onlyReject(r);
        assertReject(reject, 3, "field_count");
        assertThat(reject.get("reasons").get(0).get("message").asText())
                .isEqualTo("expected 6 fields as in the header, found 8");
        assertThat(reject.get("raw").asText()).isEqualTo("e2,click,u2,2026-11-25T10:01:00Z,2.00,US,surplus,more");
    }

    @Test
    void rejectsRow_atItsStartingLine_whenAnEarlierRowSpansLines() {
        Outcome outcome = process("multiline-field.csv");

        Receipt r = processed(outcome, 2, 1, 1);
        assertReject(onlyReject(r), 4, "field_count");
        assertThat(events(r).get(0).get("attributes").get("note").asText()).isEqualTo("first line\nsecond line");
    }

    @Test
    void quarantines_whenHeaderHasDuplicateNames() {
        Outcome outcome = process("duplicate-header.csv");

        Receipt r = quarantined(outcome, "bad_header", "duplicate column name 'note' (columns 5 and 6)");
        assertThat(r.reason().orElseThrow()).startsWith("header (line 1): ");
        assertThat(r.rows()).isEqualTo(new Receipt.Rows(0, 0, 0));
    }

    @Test
    void quarantines_whenTwoHeadersNameTheSameField() {
        Outcome outcome = process("two-headers-one-field.csv");

        quarantined(outcome, "bad_header", "columns 'event_type' and 'eventType' both name field event_type");
    }

    @Test
    void quarantines_whenRequiredColumnIsMissing() {
        Outcome outcome = process("missing-required-column.csv");

        quarantined(outcome, "bad_header", "required column(s) missing: user_id");
    }

    @Test
    void quarantines_whenTitleLinePrecedesHeader() {
        Outcome outcome = process("title-line-before-header.csv");

        quarantined(outcome, "bad_header", "header (line 1): required column(s) missing: event_id, event_type, user_id, timestamp");
    }

    @Test
    void rejectsRow_whenValueIsLongerThan64KiB() {
        String csv = "event_id,event_type,user_id,timestamp,note\n"
                + "e1,click,u1,2026-11-25T10:00:00Z," + "z".repeat(70_000) + "\n"
                + "e2,click,u2,2026-11-25T10:01:00Z,short\n"
                + "e3,click,u3,2026-11-25T10:02:00Z,short\n";

        Outcome outcome = h.process("incoming/long-value.csv", csv);

        Receipt r = processed(outcome, 3, 2, 1);
        JsonNode reject = onlyReject(r);
        assertReject(reject, 2, "field_too_long");
        assertThat(reject.get("reasons").get(0).get("message").asText())
                .isEqualTo("value of note has 70000 characters, more than the limit of 65536");
    }

    // ---------------------------------------------------------------- delimiters

    @Test
    void processes_whenSemicolonDelimited() {
        Outcome outcome = process("semicolon.csv");

        Receipt r = processed(outcome, 1, 1, 0);
        assertThat(r.format()).isEqualTo("csv;");
        assertThat(events(r).get(0).get("attributes").get("note").asText()).isEqualTo("a, b and c");
    }

    @Test
    void processes_whenTabDelimitedUnderCsvName() {
        Outcome outcome = process("tab.csv");

        Receipt r = processed(outcome, 1, 1, 0);
        assertThat(r.format()).isEqualTo("tsv");
        assertThat(events(r).get(0).get("attributes").get("note").asText()).isEqualTo("a, b; c");
    }

    @Test
    void processes_whenPipeDelimited() {
        Outcome outcome = process("pipe.csv");

        Receipt r = processed(outcome, 1, 1, 0);
        assertThat(r.format()).isEqualTo("csv|");
        assertThat(events(r).get(0).get("amount").decimalValue()).isEqualByComparingTo("1.50");
    }

    /** The header has more commas than tabs, so only the name can make this tab-separated. */
    @Test
    void processes_asTsv_whenKeyEndsInTsv() {
        Outcome outcome = process("by-extension.tsv");

        Receipt r = processed(outcome, 1, 1, 0);
        assertThat(r.format()).isEqualTo("tsv");
        assertThat(events(r).get(0).get("attributes").get("note (a,b,c,d,e)").asText()).isEqualTo("x,y");
    }

    // ---------------------------------------------------------------- encodings and line endings

    @Test
    void processes_whenUtf8BomPresent() {
        assertThat(fixture("utf8-bom.csv")).startsWith(0xef, 0xbb, 0xbf);

        Outcome outcome = process("utf8-bom.csv");

        Receipt r = processed(outcome, 1, 1, 0);
        JsonNode event = events(r).get(0);
        assertThat(event.get("event_id").asText()).isEqualTo("e1"); // not an extra column named "\uFEFFevent_id"
        assertThat(event.get("attributes").size()).isZero();
    }

    @Test
    void processes_whenCsvHasCrlfLineEndings() {
        assertThat(new String(fixture("crlf.csv"), StandardCharsets.UTF_8)).contains("\r\n");

        Outcome outcome = process("crlf.csv");

        Receipt r = processed(outcome, 2, 2, 0);
        List<JsonNode> events = events(r);
        assertThat(events.get(0).get("country").asText()).isEqualTo("US"); // no trailing \r
        assertThat(events.get(1).get("country").isNull()).isTrue();
        assertThat(events.get(1).get("_meta").get("line").asLong()).isEqualTo(3);
    }

    @Test
    void processes_whenJsonLinesHaveCrlfLineEndings() {
        String crlf = jsonLine("e1", "2026-11-25T10:00:00Z") + "\r\n" + jsonLine("e2", "2026-11-25T10:01:00Z") + "\r\n";

        Outcome outcome = h.process("incoming/crlf.jsonl", crlf);

        Receipt r = processed(outcome, 2, 2, 0);
        assertThat(events(r).get(1).get("_meta").get("line").asLong()).isEqualTo(2);
    }

    @Test
    void quarantines_whenCsvIsNotValidUtf8() {
        Outcome outcome = process("invalid-utf8.csv");

        Receipt r = quarantined(outcome, "invalid_encoding", "the file is not valid UTF-8");
        assertThat(r.outputs()).isEmpty();
        assertThat(h.keys("events/")).isEmpty();
    }

    /** Decoding runs ahead of parsing: the reason names the last row read before the bad bytes. */
    @Test
    void quarantines_namingTheLastGoodLine_whenBadBytesComeLater() {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < 5_000; i++) {
            csv.append("e").append(i).append(",click,u1,2026-11-25T10:00:00Z,1.50,US\n");
        }
        byte[] good = csv.toString().getBytes(StandardCharsets.UTF_8);
        byte[] bytes = java.util.Arrays.copyOf(good, good.length + 4);
        bytes[good.length] = 'x';
        bytes[good.length + 1] = (byte) 0xC3; // a lead byte ...
        bytes[good.length + 2] = '(';         // ... without its continuation byte
        bytes[good.length + 3] = '\n';

        Receipt r = quarantined(h.process("incoming/late-bad-bytes.csv", bytes), "invalid_encoding",
                "the file is not valid UTF-8 after line ");
        long line = Long.parseLong(r.reason().orElseThrow().replaceAll(".*after line (\\d+).*", "$1"));
        assertThat(line).isBetween(2L, 5_001L);
    }

    /** In JSON Lines each line stands alone, so a line with bad bytes costs only itself. */
    @Test
    void rejectsRow_whenJsonLineIsNotValidUtf8() {
        Outcome outcome = process("invalid-utf8.jsonl");

        Receipt r = processed(outcome, 3, 2, 1);
        JsonNode reject = onlyReject(r);
        assertReject(reject, 2, "invalid_json");
        assertThat(reject.get("reasons").get(0).get("message").asText()).contains("UTF-8");
    }

    @Test
    void quarantines_whenFileIsUtf16WithByteOrderMark() {
        Outcome outcome = process("utf16-bom.csv");

        quarantined(outcome, "unsupported_encoding", "UTF-16 (byte order mark found); save it as UTF-8");
    }

    @Test
    void quarantines_whenFileIsUtf16WithoutByteOrderMark() {
        byte[] utf16 = (HEADER + "e1,click,u1,2026-11-25T10:00:00Z,1.50,US\n").getBytes(StandardCharsets.UTF_16LE);

        Outcome outcome = h.process("incoming/utf16le.csv", utf16);

        quarantined(outcome, "unsupported_encoding", "looks like UTF-16");
    }

    // ---------------------------------------------------------------- not a supported format at all

    @Test
    void quarantines_whenContentIsZipArchive() {
        byte[] zip = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0, 'e', 'v', 'e', 'n', 't', 's', '.', 'c', 's', 'v'};

        Outcome outcome = h.process("incoming/events.csv", zip);

        quarantined(outcome, "unsupported_format", "a ZIP archive (or an .xlsx workbook)");
    }

    @Test
    void quarantines_whenContentHasNulBytes() {
        byte[] binary = (HEADER + "e1,click,u1,2026-11-25T10:00:00Z,1.50,US\n").getBytes(StandardCharsets.US_ASCII);
        binary[HEADER.length() + 3] = 0;

        Outcome outcome = h.process("incoming/events.csv", binary);

        quarantined(outcome, "unsupported_format", "binary (it contains NUL bytes)");
    }

    @Test
    void quarantines_whenContentIsXml() {
        Outcome outcome = process("xml-content.xml");

        quarantined(outcome, "unsupported_format", "looks like XML or HTML");
    }

    @Test
    void quarantines_whenJsonNamedFileHoldsCsv() {
        Outcome outcome = process("csv-content.json");

        quarantined(outcome, "unparseable", "named or typed as JSON, but the content starts with 'e'");
    }

    // ---------------------------------------------------------------- gzip

    @Test
    void processes_whenGzipKeyLacksGzSuffix() {
        byte[] gz = gzip((HEADER + "e1,click,u1,2026-11-25T10:00:00Z,1.50,US\n").getBytes(StandardCharsets.UTF_8));

        Outcome outcome = h.process("incoming/events.csv", gz);

        Receipt r = processed(outcome, 1, 1, 0);
        assertThat(r.format()).isEqualTo("csv+gzip");
        assertThat(r.bytesRead()).isEqualTo(gz.length);
    }

    /** Concatenated gzip files (cat a.gz b.gz) are one valid gzip stream of several members. */
    @Test
    void processes_whenGzipHasSeveralMembers() {
        byte[] first = gzip((HEADER + "e1,click,u1,2026-11-25T10:00:00Z,1.50,US\n").getBytes(StandardCharsets.UTF_8));
        byte[] second = gzip("e2,click,u2,2026-11-25T10:01:00Z,2.50,US\n".getBytes(StandardCharsets.UTF_8));
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);

        Outcome outcome = h.process("incoming/events.csv.gz", both);

        Receipt r = processed(outcome, 2, 2, 0);
        assertThat(events(r)).extracting(e -> e.get("event_id").asText()).containsExactly("e1", "e2");
    }

    @Test
    void quarantines_whenGzipTruncatedWithinFirstBlock() {
        byte[] gz = gzip(fixture("too-few-fields.csv"));

        Outcome outcome = h.process("incoming/events.csv.gz", Arrays.copyOf(gz, gz.length / 2));

        Receipt r = quarantined(outcome, "corrupt_gzip", "the gzip stream is corrupt or truncated");
        assertThat(r.rows()).isEqualTo(new Receipt.Rows(0, 0, 0));
    }

    /** Truncated well past the first 64 KiB, so the cut is met by the CSV reader mid-file, not by format detection. */
    @Test
    void quarantines_whenGzipTruncatedMidFile() {
        byte[] gz = gzip(manyRows(40_000).getBytes(StandardCharsets.UTF_8));
        assertThat(gz.length).isGreaterThan(4 * 64 * 1024);

        Outcome outcome = h.process("incoming/events.csv.gz", Arrays.copyOf(gz, gz.length * 3 / 4));

        Receipt r = quarantined(outcome, "corrupt_gzip", "the gzip stream is corrupt or truncated");
        assertThat(r.rows().read()).isPositive().isLessThan(40_000);
        assertThat(r.outputs()).isEmpty();
        assertThat(h.keys("events/")).isEmpty();
    }

    @Test
    void quarantines_whenJsonLinesGzipTruncatedMidFile() {
        StringBuilder jsonl = new StringBuilder();
        Random random = new Random(7);
        for (int i = 0; i < 40_000; i++) {
            jsonl.append(jsonLine("e" + random.nextLong(), "2026-11-25T10:00:00Z")).append('\n');
        }
        byte[] gz = gzip(jsonl.toString().getBytes(StandardCharsets.UTF_8));

        Outcome outcome = h.process("incoming/events.jsonl.gz", Arrays.copyOf(gz, gz.length * 3 / 4));

        quarantined(outcome, "corrupt_gzip", "the gzip stream is corrupt or truncated");
    }

    /** 8 MB of '0' characters gzip about a thousand-fold; the default ratio limit is 100. */
    @Test
    void quarantines_whenGzipIsADecompressionBomb() {
        byte[] content = new byte[8 * MB];
        Arrays.fill(content, (byte) '0');
        byte[] header = HEADER.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(header, 0, content, 0, header.length);
        byte[] bomb = gzip(content);
        assertThat(bomb.length).isLessThan(64 * 1024);

        Outcome outcome = h.process("incoming/events.csv.gz", bomb);

        Receipt r = quarantined(outcome, "compression_ratio", "decompresses more than 100 times its stored size");
        assertThat(r.reason().orElseThrow()).contains("a decompression bomb?");
        assertThat(r.bytesRead()).isEqualTo(bomb.length);
    }

    /** A bomb of NUL bytes never gets as far as the ratio check: the first block already shows it is binary. */
    @Test
    void quarantines_whenGzipBombHoldsNulBytes() {
        byte[] bomb = gzip(new byte[8 * MB]);

        Outcome outcome = h.process("incoming/events.csv.gz", bomb);

        quarantined(outcome, "unsupported_format", "binary (it contains NUL bytes)");
    }

    /** The limit lies past the first 64 KiB, so it trips while the CSV reader is pulling rows. */
    @Test
    void quarantines_whenGzipDecompressesBeyondSizeLimit() {
        Harness small = new Harness(limits(l -> l.maxDecompressedBytes = 200_000), JsonlUpload.Compression.GZIP);
        byte[] content = manyRows(5_000).getBytes(StandardCharsets.UTF_8);
        assertThat(content.length).isGreaterThan(300_000);

        Outcome outcome = small.process("incoming/events.csv.gz", gzip(content));

        Receipt r = quarantined(small, outcome, "decompressed_too_large", "decompresses to more than 200000 bytes");
        assertThat(r.rows().read()).isPositive().isLessThan(5_000);
        assertThat(r.outputs()).isEmpty();
        assertThat(small.keys("events/")).isEmpty();
    }

    // ---------------------------------------------------------------- huge lines and deep nesting

    @Test
    void rejectsRow_whenCsvRowIsTenMegabytes() {
        String csv = "event_id,event_type,user_id,timestamp,note\n"
                + "e1,click,u1,2026-11-25T10:00:00Z,short\n"
                + "e2,click,u2,2026-11-25T10:01:00Z," + "x".repeat(10 * MB) + "\n"
                + "e3,click,u3,2026-11-25T10:02:00Z,short\n";

        Outcome outcome = h.process("incoming/long-row.csv", csv);

        Receipt r = processed(outcome, 3, 2, 1);
        JsonNode reject = onlyReject(r);
        assertReject(reject, 3, "row_too_long");
        assertThat(reject.get("reasons").get(0).get("message").asText()).contains("more than the limit of 1048576");
        assertThat(reject.get("raw_truncated").asBoolean()).isTrue();
        assertThat(reject.get("raw").asText()).hasSize(64 * 1024);
    }

    @Test
    void rejectsRow_whenJsonLineIsTenMegabytes() {
        String huge = "{\"event_id\":\"e2\",\"note\":\"" + "x".repeat(10 * MB) + "\"}";
        String jsonl = jsonLine("e1", "2026-11-25T10:00:00Z") + "\n" + huge + "\n" + jsonLine("e3", "2026-11-25T10:02:00Z") + "\n";

        Outcome outcome = h.process("incoming/long-line.jsonl", jsonl);

        Receipt r = processed(outcome, 3, 2, 1);
        JsonNode reject = onlyReject(r);
        assertReject(reject, 2, "row_too_long");
        assertThat(reject.get("reasons").get(0).get("message").asText())
                .isEqualTo("line has " + huge.length() + " bytes, more than the limit of 1048576");
        assertThat(reject.get("raw").asText()).isEqualTo("(line of " + huge.length() + " bytes not kept: over the row limit)");
        assertThat(events(r)).extracting(e -> e.get("event_id").asText()).containsExactly("e1", "e3");
    }

    @Test
    void quarantines_whenJsonArrayNestsOneHundredThousandDeep() {
        String json = "[" + jsonLine("e1", "2026-11-25T10:00:00Z") + ",{\"event_id\":\"e2\",\"deep\":"
                + "[".repeat(100_000) + "]".repeat(100_000) + "}]";

        Outcome outcome = h.process("incoming/deep.json", json);

        Receipt r = quarantined(outcome, "unparseable", "JSON structure is broken");
        assertThat(r.reason().orElseThrow()).contains("nesting depth").contains("exceeds the maximum allowed (64");
        assertThat(r.outputs()).isEmpty();
    }

    @Test
    void rejectsRow_whenJsonLineNestsOneHundredThousandDeep() {
        String deep = "{\"event_id\":\"e2\",\"deep\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        String jsonl = jsonLine("e1", "2026-11-25T10:00:00Z") + "\n" + deep + "\n" + jsonLine("e3", "2026-11-25T10:02:00Z") + "\n";

        Outcome outcome = h.process("incoming/deep.jsonl", jsonl);

        Receipt r = processed(outcome, 3, 2, 1);
        JsonNode reject = onlyReject(r);
        assertReject(reject, 2, "invalid_json");
        assertThat(reject.get("reasons").get(0).get("message").asText()).contains("nesting depth");
    }

    // ---------------------------------------------------------------- JSON structure

    @Test
    void rejectsRow_whenJsonArrayElementIsNotAnObject() {
        Outcome outcome = process("array-non-object.json");

        Receipt r = processed(outcome, 4, 3, 1);
        assertThat(r.format()).isEqualTo("json-array");
        JsonNode reject = onlyReject(r);
        assertReject(reject, 3, "not_an_object");
        assertThat(reject.get("reasons").get(0).get("message").asText()).isEqualTo("array element is a string, not an object");
        assertThat(reject.get("raw").asText()).isEqualTo("e2");
    }

    /** Jackson applies the string limit (1 MiB) while streaming; in an array nothing after it can be located. */
    @Test
    void quarantines_whenJsonArrayHoldsTenMegabyteString() {
        String json = "[" + jsonLine("e1", "2026-11-25T10:00:00Z") + ",\n{\"event_id\":\"" + "x".repeat(10 * MB) + "\"}]";

        Outcome outcome = h.process("incoming/long-string.json", json);

        Receipt r = quarantined(outcome, "unparseable", "JSON structure is broken at line 2");
        assertThat(r.reason().orElseThrow()).contains("String value length").contains("exceeds the maximum allowed (1048576");
        assertThat(r.rows()).isEqualTo(new Receipt.Rows(1, 1, 0));
    }

    /** As for CSV: bad bytes in a JSON document are an encoding verdict, with the place Jackson found them. */
    @Test
    void quarantines_whenJsonArrayIsNotValidUtf8() {
        Outcome outcome = process("array-invalid-utf8.json");

        Receipt r = quarantined(outcome, "invalid_encoding", "the file is not valid UTF-8 at line 3");
        assertThat(r.reason().orElseThrow()).contains("Invalid UTF-8");
    }

    /** One row with a repeated key costs only itself, in an array as in JSON Lines. */
    @Test
    void rejectsRow_whenJsonArrayObjectRepeatsAKey() {
        Outcome outcome = process("array-duplicate-key.json");

        Receipt r = processed(outcome, 3, 2, 1);
        JsonNode reject = onlyReject(r);
        assertReject(reject, 3, "duplicate_field");
        assertThat(reject.get("reasons").get(0).get("message").asText()).contains("'user_id' appears twice");
    }

    @Test
    void quarantines_whenJsonArrayIsNotClosed() {
        Outcome outcome = process("array-not-closed.json");

        Receipt r = quarantined(outcome, "unparseable", "JSON structure is broken at line 4");
        assertThat(r.reason().orElseThrow()).contains("expected close marker for Array");
        assertThat(r.rows()).isEqualTo(new Receipt.Rows(2, 2, 0));
        assertThat(r.outputs()).isEmpty();
    }

    @Test
    void quarantines_whenGarbageFollowsJsonArray() {
        Outcome outcome = process("array-trailing-garbage.json");

        Receipt r = quarantined(outcome, "unparseable", "at line 4");
        assertThat(r.reason().orElseThrow()).contains("'garbage'");
    }

    @Test
    void rejectsLine_whenOneJsonLineIsBroken() {
        Outcome outcome = process("jsonl-one-broken-line.jsonl");

        Receipt r = processed(outcome, 3, 2, 1);
        assertThat(r.format()).isEqualTo("jsonl");
        JsonNode reject = onlyReject(r);
        assertReject(reject, 2, "invalid_json");
        assertThat(reject.get("reasons").get(0).get("message").asText()).startsWith("not valid JSON at column ");
        assertThat(reject.get("raw").asText()).startsWith("{\"event_id\":\"e2\"");
    }

    /** Each line of a pretty-printed object is a fragment, so every line is rejected and the rate trips. */
    @Test
    void quarantines_whenJsonLinesFileIsPrettyPrinted() {
        Outcome outcome = process("pretty-printed.jsonl");

        Receipt r = quarantined(outcome, "reject_rate", "6 of 6 rows rejected (100.0%)");
        List<JsonNode> rejects = rejects(r);
        assertThat(rejects).extracting(j -> j.get("line").asLong()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertReject(rejects.get(0), 1, "invalid_json");
        assertReject(rejects.get(1), 2, "not_an_object");
    }

    @Test
    void rejectsLine_whenJsonObjectRepeatsAKey() {
        Outcome outcome = process("json-duplicate-key.jsonl");

        Receipt r = processed(outcome, 3, 2, 1);
        JsonNode reject = onlyReject(r);
        assertReject(reject, 2, "duplicate_field");
        assertThat(reject.get("reasons").get(0).get("message").asText()).contains("'user_id' appears twice");
    }

    @Test
    void rejectsRow_whenJsonObjectNamesOneFieldTwice() {
        Outcome outcome = process("json-row-names-field-twice.jsonl");

        Receipt r = processed(outcome, 3, 2, 1);
        JsonNode reject = onlyReject(r);
        assertReject(reject, 1, "ambiguous_field");
        assertThat(reject.get("reasons").get(0).get("message").asText())
                .isEqualTo("'event_type' and 'eventType' both name event_type");
    }

    // ---------------------------------------------------------------- numbers

    @Test
    void rejectsRow_whenAmountHasAnExponent() {
        Outcome outcome = process("amount-exponent.csv");

        Receipt r = processed(outcome, 3, 2, 1);
        JsonNode reject = onlyReject(r);
        assertReject(reject, 2, "invalid_decimal");
        assertThat(reject.get("reasons").get(0).get("field").asText()).isEqualTo("amount");
        assertThat(reject.get("reasons").get(0).get("message").asText()).startsWith("amount '1e999999' is not a decimal number");
    }

    @Test
    void rejectsRow_whenJsonAmountIsAnExponentNumber() {
        Outcome outcome = process("amount-exponent.jsonl");

        Receipt r = processed(outcome, 3, 2, 1);
        assertReject(onlyReject(r), 1, "invalid_decimal");
        String first = h.lines(eventsKey(r)).get(0);
        assertThat(first).contains("\"amount\":2.00,"); // the digits as given, not 2.0
    }

    @Test
    void rejectsRow_whenAmountHasFortyDigits() {
        Outcome outcome = process("amount-40-digits.csv");

        Receipt r = processed(outcome, 3, 2, 1);
        JsonNode reject = onlyReject(r);
        assertReject(reject, 2, "invalid_decimal");
        assertThat(reject.get("reasons").get(0).get("message").asText()).contains("at most 38 digits");
        assertThat(h.lines(eventsKey(r)).get(0)).contains("\"amount\":12345678901234567890123456789012345678,");
    }

    @Test
    void rejectsRow_whenEpochTimestampHasTwentyFiveDigits() {
        Outcome outcome = process("epoch-25-digits.jsonl");

        Receipt r = processed(outcome, 5, 3, 2);
        List<JsonNode> rejects = rejects(r);
        assertThat(rejects).hasSize(2);
        assertReject(rejects.get(0), 1, "invalid_timestamp");
        assertThat(rejects.get(0).get("reasons").get(0).get("message").asText())
                .isEqualTo("timestamp '1234567890123456789012345' epoch value out of range");
        assertReject(rejects.get(1), 2, "invalid_timestamp"); // 19 digits, beyond a long
        assertThat(rejects.get(1).get("reasons").get(0).get("message").asText()).contains("epoch value out of range");
    }

    @Test
    void rejectsLine_whenJsonNumberIsLongerThanAHundredDigits() {
        String jsonl = jsonLine("e1", "2026-11-25T10:00:00Z") + "\n"
                + "{\"event_id\":\"e2\",\"event_type\":\"click\",\"user_id\":\"u2\",\"timestamp\":\"2026-11-25T10:01:00Z\",\"amount\":"
                + "9".repeat(1000) + "}\n"
                + jsonLine("e3", "2026-11-25T10:02:00Z") + "\n";

        Outcome outcome = h.process("incoming/long-number.jsonl", jsonl);

        Receipt r = processed(outcome, 3, 2, 1);
        JsonNode reject = onlyReject(r);
        assertReject(reject, 2, "invalid_json");
        assertThat(reject.get("reasons").get(0).get("message").asText()).contains("exceeds the maximum allowed (100");
    }

    /** The bundled schema has no integer field, so this one is checked on the validator with a schema that has. */
    @Test
    void rejectsValue_whenIntegerIsOutOfRange() {
        Schema schema = Schemas.parse("""
                {"name": "counts", "fields": [
                  {"name": "timestamp", "type": "timestamp", "required": true, "partition": true},
                  {"name": "count", "type": "integer"}]}""".getBytes(StandardCharsets.UTF_8));
        RecordValidator validator = new RecordValidator(schema, 1000);
        String[] names = {"timestamp", "count"};
        int[] slots = validator.bind(names);

        Standardized max = validator.validate(names, new String[] {"2026-11-25T10:00:00Z", "9223372036854775807"}, slots, 2);
        assertThat(max.isValid()).isTrue();
        assertThat(max.value(1)).isEqualTo("9223372036854775807");

        Standardized over = validator.validate(names, new String[] {"2026-11-25T10:00:00Z", "9223372036854775808"}, slots, 2);
        assertThat(over.problems()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("invalid_integer");
            assertThat(p.message()).isEqualTo("count '9223372036854775808' is not a whole number within 64 bits");
        });
    }

    // ---------------------------------------------------------------- timestamps

    @Test
    void rejectsRow_whenTimestampHasNoOffset() {
        Outcome outcome = process("timestamp-no-offset.csv");

        Receipt r = processed(outcome, 3, 2, 1);
        JsonNode reject = onlyReject(r);
        assertReject(reject, 2, "invalid_timestamp");
        assertThat(reject.get("reasons").get(0).get("message").asText())
                .isEqualTo("timestamp '2026-11-25T10:00:00' has no UTC offset (add Z or +HH:MM)");
    }

    @Test
    void rejectsRow_whenTimestampIsNotARealDate() {
        Outcome outcome = process("timestamp-invalid-date.csv");

        Receipt r = processed(outcome, 3, 2, 1);
        JsonNode reject = onlyReject(r);
        assertReject(reject, 3, "invalid_timestamp");
        assertThat(reject.get("reasons").get(0).get("message").asText())
                .isEqualTo("timestamp '2026-02-30T10:00:00Z' not a valid date-time");
    }

    @Test
    void processes_andNormalisesToUtc_whenTimestampIsEpochSecondsOrMillis() {
        Outcome outcome = process("timestamp-epoch.csv");

        Receipt r = processed(outcome, 4, 4, 0);
        assertThat(events(r)).extracting(e -> e.get("timestamp").asText()).containsExactly(
                "2026-11-25T10:00:00.000Z",   // 1795600800
                "2026-11-25T10:00:00.123Z",   // 1795600800123
                "2026-11-25T10:00:00.500Z",   // 1795600800.5
                "2026-11-25T10:00:00.000Z");  // 2026-11-25 11:00:00+01:00
        assertThat(r.eventDates()).containsExactly(LocalDate.of(2026, 11, 25));
    }

    // ---------------------------------------------------------------- required values

    @Test
    void rejectsRow_whenRequiredFieldIsEmpty() {
        Outcome outcome = process("empty-required.csv");

        Receipt r = processed(outcome, 3, 2, 1);
        JsonNode reject = onlyReject(r);
        assertReject(reject, 3, "missing_required");
        assertThat(reject.get("reasons").get(0).get("field").asText()).isEqualTo("user_id");
        assertThat(reject.get("reasons").get(0).get("message").asText()).isEqualTo("user_id is required but empty");
    }

    @Test
    void rejectsRow_whenRequiredFieldIsWhitespaceOnly() {
        Outcome outcome = process("whitespace-required.csv");

        Receipt r = processed(outcome, 3, 2, 1);
        JsonNode reject = onlyReject(r);
        assertReject(reject, 3, "missing_required");
        assertThat(reject.get("reasons").get(0).get("field").asText()).isEqualTo("event_type");
    }

    /** Upper-casing must not turn one stray letter into two valid ones: 'ß' is not "SS" (South Sudan). */
    @Test
    void rejectsRow_whenCountryOnlyLooksValidOnceUppercased() {
        Outcome outcome = process("country-eszett.csv");

        Receipt r = processed(outcome, 3, 2, 1);
        JsonNode reject = onlyReject(r);
        assertReject(reject, 3, "pattern_mismatch");
        assertThat(reject.get("reasons").get(0).get("message").asText()).isEqualTo("country 'ß' does not match [A-Z]{2}");
        assertThat(events(r)).extracting(e -> e.get("country").asText()).containsExactly("DE", "FR");
    }

    // ---------------------------------------------------------------- file-level limits

    @Test
    void quarantines_andKeepsRejects_whenMoreThanHalfTheRowsAreRejected() {
        Outcome outcome = process("reject-rate.csv");

        Receipt r = quarantined(outcome, "reject_rate", "3 of 4 rows rejected (75.0%), more than the limit of 50.0%");
        assertThat(r.rows()).isEqualTo(new Receipt.Rows(4, 1, 3));
        String rejectsKey = "rejects/" + DAY + r.fileId() + ".jsonl.gz";
        assertThat(r.outputs()).containsExactly(rejectsKey);
        assertThat(h.keys("events/")).isEmpty();
        assertThat(h.keys("manifests/")).isEmpty();
        List<JsonNode> rejects = rejects(r);
        assertThat(rejects).hasSize(3);
        assertReject(rejects.get(0), 3, "invalid_timestamp");
        assertReject(rejects.get(1), 4, "invalid_decimal");
        assertReject(rejects.get(2), 5, "missing_required");
    }

    @Test
    void processes_whenExactlyHalfTheRowsAreRejected() {
        Outcome outcome = h.process("incoming/half.csv", HEADER
                + "e1,click,u1,2026-11-25T10:00:00Z,,\n"
                + "e2,click,u2,yesterday,,\n");

        processed(outcome, 2, 1, 1);
    }

    @Test
    void quarantines_whenFileHasTooManyRows() {
        Harness small = new Harness(limits(l -> l.maxRowsPerFile = 2), JsonlUpload.Compression.GZIP);

        Outcome outcome = small.process("incoming/three.csv", fixture("three-event-dates.csv"));

        Receipt r = quarantined(small, outcome, "too_many_rows", "the file has more than 2 rows");
        assertThat(r.rows()).isEqualTo(new Receipt.Rows(2, 2, 0));
        assertThat(r.outputs()).isEmpty();
        assertThat(small.keys("events/")).isEmpty();
    }

    @Test
    void quarantines_whenRowsFallOnTooManyEventDates() {
        Harness small = new Harness(limits(l -> l.maxPartitionsPerFile = 2), JsonlUpload.Compression.GZIP);

        Outcome outcome = small.process("incoming/three.csv", fixture("three-event-dates.csv"));

        Receipt r = quarantined(small, outcome, "too_many_partitions", "records fall on more than 2 distinct dates");
        assertThat(r.outputs()).isEmpty();
        assertThat(r.eventDates()).isEmpty();
        assertThat(small.keys("events/")).isEmpty();
        assertThat(small.keys("manifests/")).isEmpty();
    }

    // ---------------------------------------------------------------- text and keys

    @Test
    void keepsEmojiAndNonAsciiIntact_inAttributes() {
        Outcome outcome = process("emoji.csv");

        Receipt r = processed(outcome, 1, 1, 0);
        String line = h.lines(eventsKey(r)).get(0);
        assertThat(line).contains("\"comment\":\"loved it 😀 — très bien\"", "\"Größe\":\"große Straße 東京\"");
        assertThat(line).doesNotContain("\\u", "\\ud83d");
    }

    @Test
    void writesEmojiAsText_whenJsonLineEscapesIt() {
        Outcome outcome = process("emoji-escaped.jsonl");

        Receipt r = processed(outcome, 1, 1, 0);
        String line = h.lines(eventsKey(r)).get(0);
        assertThat(line).contains("\"comment\":\"😀 ok\"", "\"city\":\"Zürich\"");
        assertThat(line).doesNotContain("\\u");
    }

    /** S3 URL-encodes keys in notifications, a space as '+'; the processor must see (and record) the real key. */
    @Test
    void processes_whenKeyHasSpacesUnicodeAndPlus() {
        String key = "incoming/Q4 report+final ünïcødé 😀.csv";
        String body = h.upload(key, HEADER + "e1,click,u1,2026-11-25T10:00:00Z,1.50,US\n");
        assertThat(body).contains("Q4+report%2Bfinal+");

        Outcome outcome = h.deliver(body).get(0);

        Receipt r = processed(outcome, 1, 1, 0);
        assertThat(r.source().key()).isEqualTo(key);
        assertThat(events(r).get(0).get("_meta").get("source_key").asText()).isEqualTo(key);
    }

    // ---------------------------------------------------------------- helpers

    @Test
    void rejectsRow_whenRequiredFieldHoldsOnlyNoBreakSpaces() {
        Outcome outcome = h.process("incoming/nbsp.csv", HEADER
                + "e1,click,\u00a0\u00a0,2026-11-25T10:00:00Z,,US\n"
                + "e2,click,\u00a0u2\u202f,2026-11-25T10:00:00Z,,US\n");

        Receipt r = processed(outcome, 2, 1, 1);
        assertReject(onlyReject(r), 2, "missing_required");
        assertThat(events(r).get(0).get("user_id").asText()).isEqualTo("u2");
    }

    @Test
    void omitsJsonNullAndEmptyString_fromAttributes_asCsvOmitsAnEmptyCell() {
        Outcome outcome = h.process("incoming/null.jsonl",
                "{\"event_id\":\"e1\",\"event_type\":\"click\",\"user_id\":\"u1\",\"timestamp\":\"2026-11-25T10:00:00Z\","
                        + "\"note\":null,\"empty\":\"\",\"kept\":\"k\"}\n");

        JsonNode attributes = events(processed(outcome, 1, 1, 0)).get(0).get("attributes");
        assertThat(attributes.has("note")).isFalse();
        assertThat(attributes.has("empty")).isFalse();
        assertThat(attributes.get("kept").asText()).isEqualTo("k");
    }

    private Outcome process(String fixture) {
        return h.process("incoming/" + fixture, fixture(fixture));
    }

    private Receipt processed(Outcome outcome, long read, long valid, long rejected) {
        assertThat(outcome).as("outcome").isInstanceOf(Outcome.Processed.class);
        Receipt r = h.receipt(outcome);
        assertThat(r.status()).isEqualTo(Receipt.Status.PROCESSED);
        assertThat(r.reasonCode()).isEmpty();
        assertThat(r.rows()).isEqualTo(new Receipt.Rows(read, valid, rejected));
        assertThat(r.outputs().contains(rejectsKey(r))).as("rejects listed").isEqualTo(rejected > 0);
        return r;
    }

    private Receipt quarantined(Outcome outcome, String code, String reasonFragment) {
        return quarantined(h, outcome, code, reasonFragment);
    }

    private static Receipt quarantined(Harness harness, Outcome outcome, String code, String reasonFragment) {
        assertThat(outcome).as("outcome").isInstanceOf(Outcome.Quarantined.class);
        Receipt r = harness.receipt(outcome);
        assertThat(r.status()).isEqualTo(Receipt.Status.QUARANTINED);
        assertThat(r.reasonCode()).as("reason code (reason: %s)", r.reason().orElse("")).contains(code);
        assertThat(r.reason().orElseThrow()).contains(reasonFragment);
        assertThat(harness.storedReceipt(r.fileId())).isEqualTo(r);
        return r;
    }

    private static void assertReject(JsonNode reject, long line, String... codes) {
        assertThat(reject.get("line").asLong()).as("reject line").isEqualTo(line);
        List<String> actual = new ArrayList<>();
        reject.get("reasons").forEach(p -> actual.add(p.get("code").asText()));
        assertThat(actual).as("reject codes").containsExactly(codes);
        assertThat(reject.get("_meta").get("line").asLong()).isEqualTo(line);
    }

    private JsonNode onlyReject(Receipt r) {
        List<JsonNode> rejects = rejects(r);
        assertThat(rejects).hasSize(1);
        return rejects.get(0);
    }

    private List<JsonNode> rejects(Receipt r) {
        return parse(h.lines(rejectsKey(r)));
    }

    private List<JsonNode> events(Receipt r) {
        return parse(h.lines(eventsKey(r)));
    }

    private static String rejectsKey(Receipt r) {
        return "rejects/" + DAY + r.fileId() + ".jsonl.gz";
    }

    private static String eventsKey(Receipt r) {
        return "events/" + DAY + r.fileId() + ".jsonl.gz";
    }

    private static List<JsonNode> parse(List<String> lines) {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : lines) {
            try {
                nodes.add(Json.mapper().readTree(line));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return nodes;
    }

    private static String jsonLine(String id, String timestamp) {
        return "{\"event_id\":\"" + id + "\",\"event_type\":\"click\",\"user_id\":\"u1\",\"timestamp\":\"" + timestamp + "\"}";
    }

    /** Valid rows with varied ids, so the text does not compress to nothing. */
    private static String manyRows(int n) {
        StringBuilder csv = new StringBuilder(HEADER);
        Random random = new Random(42);
        for (int i = 0; i < n; i++) {
            csv.append('e').append(random.nextLong()).append(",click,u").append(random.nextInt(1000))
                    .append(",2026-11-25T10:00:00Z,").append(random.nextInt(10_000)).append(".25,US\n");
        }
        return csv.toString();
    }

    private static byte[] fixture(String name) {
        try (InputStream in = BadInputCorpusTest.class.getResourceAsStream("/bad/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture bad/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The default limits with some lowered, so that big inputs can stay small. */
    private static Limits limits(java.util.function.Consumer<MutableLimits> change) {
        MutableLimits l = new MutableLimits();
        change.accept(l);
        return new Limits(l.maxObjectBytes, l.maxDecompressedBytes, l.maxCompressionRatio, l.maxRowChars, l.maxFieldChars,
                l.maxRowsPerFile, l.maxNestingDepth, l.maxPartitionsPerFile);
    }

    private static final class MutableLimits {
        long maxObjectBytes = Limits.DEFAULTS.maxObjectBytes();
        long maxDecompressedBytes = Limits.DEFAULTS.maxDecompressedBytes();
        int maxCompressionRatio = Limits.DEFAULTS.maxCompressionRatio();
        int maxRowChars = Limits.DEFAULTS.maxRowChars();
        int maxFieldChars = Limits.DEFAULTS.maxFieldChars();
        long maxRowsPerFile = Limits.DEFAULTS.maxRowsPerFile();
        int maxNestingDepth = Limits.DEFAULTS.maxNestingDepth();
        int maxPartitionsPerFile = Limits.DEFAULTS.maxPartitionsPerFile();
    }
}
