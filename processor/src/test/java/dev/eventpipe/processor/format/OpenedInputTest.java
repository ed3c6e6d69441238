package dev.eventpipe.processor.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventpipe.shared.store.StoreReadException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class OpenedInputTest {

    /** What a network stream may do: say nothing is available although more bytes are coming. */
    private static final class NetworkLike extends FilterInputStream {
        NetworkLike(byte[] bytes) {
            super(new ByteArrayInputStream(bytes));
        }

        @Override
        public int available() {
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, 1000)); // short reads, as sockets give
        }
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static String readAll(OpenedInput in) throws IOException {
        return new String(in.content().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void readsEveryGzipMember_whenStreamReportsNothingAvailable() throws IOException {
        String first = "event_id,timestamp\n" + "a,1\n".repeat(20_000);
        String second = "b,2\n".repeat(20_000);
        ByteArrayOutputStream concatenated = new ByteArrayOutputStream();
        concatenated.write(gzip(first));
        concatenated.write(gzip(second));

        try (OpenedInput in = OpenedInput.open(new NetworkLike(concatenated.toByteArray()), "x.csv.gz", Optional.empty(),
                Limits.DEFAULTS)) {
            assertThat(in.format()).isEqualTo(new Format(Format.Kind.DELIMITED, ',', true));
            assertThat(readAll(in)).isEqualTo(first + second);
        }
    }

    @Test
    void detectsFormats_fromContentNameAndType() throws IOException {
        assertThat(format("a.txt", "[{\"a\":1}]")).isEqualTo(Format.Kind.JSON_ARRAY);
        assertThat(format("a.json", "{\"a\":1}\n{\"a\":2}\n")).isEqualTo(Format.Kind.JSON_LINES);
        assertThat(format("a.json", "{\n  \"a\": 1\n}\n")).isEqualTo(Format.Kind.JSON_OBJECT);
        assertThat(format("a.ndjson", "{\"a\":1}")).isEqualTo(Format.Kind.JSON_LINES);
        assertThat(format("data", "a;b;c\n1;2;3\n")).isEqualTo(Format.Kind.DELIMITED);
    }

    @Test
    void picksTheDelimiterThatDominatesTheHeader() {
        assertThat(OpenedInput.delimiter("a;b;\"c,d,e\"\n".getBytes(StandardCharsets.UTF_8), 0, 12)).isEqualTo(';');
        assertThat(OpenedInput.delimiter("a|b|c\n".getBytes(StandardCharsets.UTF_8), 0, 6)).isEqualTo('|');
        assertThat(OpenedInput.delimiter("a\tb\n".getBytes(StandardCharsets.UTF_8), 0, 4)).isEqualTo('\t');
        assertThat(OpenedInput.delimiter("single\n".getBytes(StandardCharsets.UTF_8), 0, 7)).isEqualTo(',');
    }

    @Test
    void passesStoreFailuresThrough_notAsQuarantine() throws IOException {
        byte[] gz = gzip("event_id\n" + "x\n".repeat(100_000));
        InputStream failing = new FilterInputStream(new ByteArrayInputStream(gz, 0, gz.length / 2)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n < 0) {
                    throw new StoreReadException("connection reset", new IOException("reset"));
                }
                return n;
            }
        };

        try (OpenedInput in = OpenedInput.open(failing, "x.csv.gz", Optional.empty(), Limits.DEFAULTS)) {
            assertThatThrownBy(() -> in.content().readAllBytes()).isInstanceOf(StoreReadException.class);
        }
    }

    private static Format.Kind format(String key, String content) throws IOException {
        try (OpenedInput in = OpenedInput.open(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), key,
                Optional.empty(), Limits.DEFAULTS)) {
            return in.format().kind();
        }
    }
}
