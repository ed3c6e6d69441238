package dev.eventpipe.processor.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HandoffTest {

    private final ExecutorService worker = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        worker.shutdownNow();
    }

    private static byte[] data(int size) {
        byte[] b = new byte[size];
        Random r = new Random(3);
        for (int i = 0; i < size; i++) {
            b[i] = (byte) ('a' + r.nextInt(8)); // compressible, like JSON
        }
        return b;
    }

    private static void writeInPieces(OutputStream out, byte[] data) throws IOException {
        Random r = new Random(5);
        for (int i = 0; i < data.length; ) {
            int n = Math.min(data.length - i, 1 + r.nextInt(70_000));
            if (n == 1) {
                out.write(data[i]);
            } else {
                out.write(data, i, n);
            }
            i += n;
        }
    }

    @Test
    void producesTheSameGzipBytes_asWritingDirectly() throws IOException {
        byte[] data = data(Handoff.CHUNK * 9 + 12_345);
        ByteArrayOutputStream direct = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(direct, 64 * 1024)) {
            gz.write(data);
        }
        ByteArrayOutputStream handedOff = new ByteArrayOutputStream();

        try (Handoff h = new Handoff(new GZIPOutputStream(handedOff, 64 * 1024), worker)) {
            writeInPieces(h, data);
        }

        assertThat(handedOff.toByteArray()).isEqualTo(direct.toByteArray());
    }

    @Test
    void throwsTheOtherThreadsFailure_toTheWriter() {
        OutputStream failing = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("part upload failed");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("part upload failed");
            }
        };

        assertThatThrownBy(() -> {
            try (Handoff h = new Handoff(failing, worker)) {
                h.write(data(Handoff.CHUNK * 6));
            }
        }).isInstanceOf(IOException.class).hasMessage("part upload failed");
    }

    @Test
    void writesNothingMore_afterCancel() throws IOException {
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        Handoff h = new Handoff(target, worker);
        h.write(data(Handoff.CHUNK + 10)); // one whole chunk handed off, ten bytes in hand

        h.cancel();
        h.close(); // after cancel: nothing flushed, target not closed into

        // The chunk handed off before the cancel was written or skipped; the ten bytes in hand never were.
        assertThat(target.size()).isIn(0, Handoff.CHUNK);
    }
}
