package dev.eventpipe.processor.format;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import dev.eventpipe.shared.store.StoreReadException;

/**
 * An object's bytes made ready to parse: counted, gunzipped if they are gzip (by magic bytes, whatever
 * the name says), guarded against decompression bombs, past any UTF-8 byte order mark, and with the
 * format detected from the name, the content type and a look at the first bytes.
 */
public final class OpenedInput implements AutoCloseable {

    private static final int PEEK = 64 * 1024;

    private final Counting raw;
    private final InputStream content;
    private final Format format;
    private final long linesSkipped;

    private OpenedInput(Counting raw, InputStream content, Format format, long linesSkipped) {
        this.raw = raw;
        this.content = content;
        this.format = format;
        this.linesSkipped = linesSkipped;
    }

    /**
     * @throws QuarantineException when the content cannot be read as a supported format
     * @throws IOException         only as {@link StoreReadException}: the store failed
     */
    public static OpenedInput open(InputStream object, String key, Optional<String> contentType, Limits limits)
            throws IOException {
        Counting raw = new Counting(object);
        BufferedInputStream buffered = new BufferedInputStream(raw, PEEK);
        boolean gzip = startsWith(buffered, 0x1f, 0x8b);
        InputStream content = buffered;
        if (gzip) {
            content = new BufferedInputStream(new GunzipGuard(buffered, raw, limits), PEEK);
        }
        skipUtf8Bom(content);
        long linesSkipped = skipLongLeadingWhitespace(content);
        Format format = detect(content, key.toLowerCase(Locale.ROOT), contentType.orElse("").toLowerCase(Locale.ROOT), gzip);
        return new OpenedInput(raw, content, format, linesSkipped);
    }

    public Format format() {
        return format;
    }

    /** The decoded bytes, positioned at the first byte of content. */
    public InputStream content() {
        return content;
    }

    /**
     * Newlines consumed before the content, when more whitespace than one look-ahead precedes it; the row
     * sources add it to their line numbers.
     */
    public long linesSkipped() {
        return linesSkipped;
    }

    /** Bytes read from the object so far, as stored. */
    public long bytesRead() {
        return raw.count;
    }

    @Override
    public void close() throws IOException {
        content.close();
    }

    /**
     * Detection looks at the first 64 KiB. When all of it is whitespace (blank lines before a header),
     * the whitespace is consumed here, counting newlines, so detection sees the content.
     */
    private static long skipLongLeadingWhitespace(InputStream in) throws IOException {
        byte[] chunk = new byte[PEEK];
        long newlines = 0;
        while (true) {
            in.mark(PEEK);
            int n = in.readNBytes(chunk, 0, PEEK);
            int i = 0;
            while (i < n && isWhitespace(chunk[i])) {
                i++;
            }
            if (i < n) {
                in.reset();
                if (newlines == 0) {
                    return 0; // the usual case: content within the first look-ahead, nothing consumed
                }
                for (int k = 0; k < i; k++) {
                    newlines += chunk[k] == '\n' ? 1 : 0;
                }
                in.skipNBytes(i);
                return newlines;
            }
            if (n < PEEK) {
                in.reset(); // whitespace to the end: detection reports it
                return newlines;
            }
            for (int k = 0; k < n; k++) {
                newlines += chunk[k] == '\n' ? 1 : 0;
            }
        }
    }

    private static Format detect(InputStream in, String key, String contentType, boolean gzip) throws IOException {
        byte[] head = new byte[PEEK];
        in.mark(PEEK);
        int n = in.readNBytes(head, 0, PEEK);
        in.reset();
        if (n == 0) {
            throw new QuarantineException(QuarantineException.Reason.EMPTY_FILE, gzip ? "the gzip file decompresses to nothing"
                    : "the file is empty");
        }
        refuseBinary(head, n);
        int first = 0;
        while (first < n && isWhitespace(head[first])) {
            first++;
        }
        if (first == n) {
            throw new QuarantineException(QuarantineException.Reason.EMPTY_FILE, "the file holds only whitespace");
        }
        String name = key.endsWith(".gz") ? key.substring(0, key.length() - 3) : key;
        if (head[first] == '[') {
            return new Format(Format.Kind.JSON_ARRAY, '\0', gzip);
        }
        if (head[first] == '{') {
            boolean lines = name.endsWith(".jsonl") || name.endsWith(".ndjson") || contentType.contains("ndjson")
                    || contentType.contains("jsonl") || JsonSources.firstLineIsWholeValue(head, first, n);
            return new Format(lines ? Format.Kind.JSON_LINES : Format.Kind.JSON_OBJECT, '\0', gzip);
        }
        if (name.endsWith(".json") || name.endsWith(".jsonl") || name.endsWith(".ndjson") || contentType.contains("json")) {
            throw new QuarantineException(QuarantineException.Reason.UNPARSEABLE, "named or typed as JSON, but the content"
                    + " starts with '" + printable(head[first]) + "', not '{' or '['");
        }
        if (head[first] == '<') {
            throw new QuarantineException(QuarantineException.Reason.UNSUPPORTED_FORMAT,
                    "the content looks like XML or HTML; supported: CSV/TSV, JSON, JSON Lines (optionally gzip)");
        }
        char delimiter = name.endsWith(".tsv") || contentType.contains("tab-separated") ? '\t' : delimiter(head, first, n);
        return new Format(Format.Kind.DELIMITED, delimiter, gzip);
    }

    /** The candidate that occurs most often outside quotes in the header line; ',' when none does. */
    static char delimiter(byte[] head, int from, int n) {
        char[] candidates = {',', ';', '\t', '|'};
        int[] counts = new int[candidates.length];
        boolean quoted = false;
        for (int i = from; i < n; i++) {
            byte b = head[i];
            if (b == '"') {
                quoted = !quoted;
            } else if (!quoted && (b == '\n' || b == '\r')) {
                break;
            } else if (!quoted) {
                for (int c = 0; c < candidates.length; c++) {
                    if (b == candidates[c]) {
                        counts[c]++;
                    }
                }
            }
        }
        int best = 0;
        for (int c = 1; c < candidates.length; c++) {
            if (counts[c] > counts[best]) {
                best = c;
            }
        }
        return candidates[best];
    }

    private static void refuseBinary(byte[] head, int n) {
        String what = null;
        if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            what = "a ZIP archive (or an .xlsx workbook)";
        } else if (n >= 4 && head[0] == 'P' && head[1] == 'A' && head[2] == 'R' && head[3] == '1') {
            what = "a Parquet file";
        } else if (n >= 2 && ((head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xfe
                || (head[0] & 0xff) == 0xfe && (head[1] & 0xff) == 0xff)) {
            throw new QuarantineException(QuarantineException.Reason.UNSUPPORTED_ENCODING,
                    "the file is UTF-16 (byte order mark found); save it as UTF-8");
        } else if (n >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h') {
            what = "bzip2-compressed; only gzip is supported";
        } else if (n >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
                && (head[3] & 0xff) == 0xfd) {
            what = "zstd-compressed; only gzip is supported";
        } else {
            for (int i = 0; i < Math.min(n, 8192); i++) {
                if (head[i] == 0) {
                    what = "binary (it contains NUL bytes)";
                    break;
                }
            }
            if (what != null && looksLikeUtf16(head, Math.min(n, 8192))) {
                throw new QuarantineException(QuarantineException.Reason.UNSUPPORTED_ENCODING,
                        "the file looks like UTF-16 without a byte order mark (every other byte is NUL); save it as UTF-8");
            }
        }
        if (what != null) {
            throw new QuarantineException(QuarantineException.Reason.UNSUPPORTED_FORMAT, "the content is " + what
                    + "; supported: CSV/TSV, JSON, JSON Lines (optionally gzip)");
        }
    }

    /** Mostly-ASCII text in UTF-16: nearly every byte at one parity is NUL, almost none at the other. */
    private static boolean looksLikeUtf16(byte[] head, int n) {
        int pairs = n / 2;
        int evenNul = 0;
        int oddNul = 0;
        for (int i = 0; i + 1 < n; i += 2) {
            evenNul += head[i] == 0 ? 1 : 0;
            oddNul += head[i + 1] == 0 ? 1 : 0;
        }
        return pairs >= 2 && Math.max(evenNul, oddNul) * 10 >= pairs * 9 && Math.min(evenNul, oddNul) * 10 <= pairs;
    }

    private static boolean startsWith(InputStream in, int b0, int b1) throws IOException {
        in.mark(2);
        int a = in.read();
        int b = in.read();
        in.reset();
        return a == b0 && b == b1;
    }

    private static void skipUtf8Bom(InputStream in) throws IOException {
        in.mark(3);
        if (!(in.read() == 0xef && in.read() == 0xbb && in.read() == 0xbf)) {
            in.reset();
        }
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    private static String printable(byte b) {
        return b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("0x%02x", b & 0xff);
    }

    /** Counts the bytes that come from the store. */
    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    /**
     * Gunzips, turning a corrupt or truncated stream into a quarantine, and stops a decompression bomb
     * by total size and by ratio (checked once a megabyte has come out, so tiny files of one repeated
     * value are not mistaken for bombs).
     */
    private static final class GunzipGuard extends InputStream {
        private static final long RATIO_CHECK_AFTER = 1L << 20;
        private final GzipCompressorInputStream gunzip;
        private final Counting compressed;
        private final Limits limits;
        private long produced;

        GunzipGuard(InputStream in, Counting compressed, Limits limits) throws IOException {
            this.compressed = compressed;
            this.limits = limits;
            try {
                // Commons Compress, not java.util.zip.GZIPInputStream: the JDK's reader asks available()
                // whether another gzip member follows, and a network stream may answer 0 mid-file, which
                // would silently drop every member after the first (pigz and `cat a.gz b.gz` make such files).
                this.gunzip = GzipCompressorInputStream.builder().setInputStream(in).setDecompressConcatenated(true).get();
            } catch (StoreReadException e) {
                throw e;
            } catch (IOException e) {
                throw corrupt(e);
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = gunzip.read(b, off, len);
            } catch (StoreReadException e) {
                throw e;
            } catch (IOException e) {
                throw corrupt(e);
            }
            if (n > 0) {
                produced += n;
                if (produced > limits.maxDecompressedBytes()) {
                    throw new QuarantineException(QuarantineException.Reason.DECOMPRESSED_TOO_LARGE,
                            "decompresses to more than " + limits.maxDecompressedBytes() + " bytes");
                }
                if (produced > RATIO_CHECK_AFTER && produced > (long) limits.maxCompressionRatio() * compressed.count) {
                    throw new QuarantineException(QuarantineException.Reason.COMPRESSION_RATIO, "decompresses more than "
                            + limits.maxCompressionRatio() + " times its stored size (" + produced + " bytes from "
                            + compressed.count + "): a decompression bomb?");
                }
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            gunzip.close();
        }

        private static QuarantineException corrupt(IOException e) {
            return new QuarantineException(QuarantineException.Reason.CORRUPT_GZIP, "the gzip stream is corrupt or truncated: "
                    + e.getMessage(), e);
        }
    }
}
