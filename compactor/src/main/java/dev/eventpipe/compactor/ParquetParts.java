package dev.eventpipe.compactor;

import com.jerolba.carpet.CarpetParquetWriter;
import com.jerolba.carpet.TimeUnit;
import dev.eventpipe.shared.store.ObjectStore;
import dev.eventpipe.shared.store.ObjectUpload;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * Writes records into Parquet objects of about {@code targetBytes} each, streamed to the store (each
 * object a multipart upload): memory holds one row group, never a file. A file is closed once its written
 * plus buffered size reaches the target, so files end at most one row group over it. zstd: as fast as
 * snappy here and 43% smaller (README).
 */
final class ParquetParts implements AutoCloseable {

    /** One file written. */
    record Part(String key, long records) {
    }

    private final ObjectStore store;
    private final String bucket;
    private final IntFunction<String> keys;
    private final long targetBytes;
    private final long rowGroupBytes;
    private final List<Part> parts = new ArrayList<>();
    private String key;
    private ObjectUpload upload;
    private ParquetWriter<CuratedEvent> writer;
    private long records;

    ParquetParts(ObjectStore store, String bucket, IntFunction<String> keys, long targetBytes, long rowGroupBytes) {
        this.store = store;
        this.bucket = bucket;
        this.keys = keys;
        this.targetBytes = targetBytes;
        this.rowGroupBytes = rowGroupBytes;
    }

    void write(CuratedEvent event) throws IOException {
        if (writer == null) {
            open();
        }
        writer.write(event);
        records++;
        if (writer.getDataSize() >= targetBytes) {
            finishPart();
        }
    }

    /** Completes the last file; the files written, in order. */
    List<Part> finish() throws IOException {
        if (writer != null) {
            finishPart();
        }
        return List.copyOf(parts);
    }

    private void open() throws IOException {
        key = keys.apply(parts.size());
        upload = store.startUpload(bucket, key, "application/vnd.apache.parquet", null);
        writer = CarpetParquetWriter.builder(new StreamFile(upload.stream()), CuratedEvent.class)
                .withConf(new PlainParquetConfiguration())
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .withDefaultTimeUnit(TimeUnit.MICROS)
                .withRowGroupSize(rowGroupBytes)
                .build();
        records = 0;
    }

    private void finishPart() throws IOException {
        writer.close();
        writer = null;
        upload.complete();
        parts.add(new Part(key, records));
        upload = null;
    }

    /** Aborts a file in progress: nothing half-written becomes visible. */
    @Override
    public void close() {
        if (upload != null) {
            upload.abort();
        }
    }

    /** Parquet's output over a plain stream, counting the position it needs for its footer. */
    private static final class StreamFile implements OutputFile {
        private final OutputStream out;

        StreamFile(OutputStream out) {
            this.out = out;
        }

        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return new PositionOutputStream() {
                private long pos;

                @Override
                public long getPos() {
                    return pos;
                }

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    pos++;
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    pos += len;
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }

                @Override
                public void close() throws IOException {
                    out.close();
                }
            };
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            return create(blockSizeHint);
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }
    }
}
