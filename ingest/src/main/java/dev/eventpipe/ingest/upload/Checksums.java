package dev.eventpipe.ingest.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * Whole-file checksums, of bytes in memory or read from disk once: CRC32 (what S3 verifies and stores, Base64 of the big-endian value, as
 * S3's {@code x-amz-checksum-crc32} header carries it) and MD5 (the ETag S3 gives a single-part upload
 * without SSE-KMS). CRC32 rather than CRC64NVME: the SDK computes CRC64NVME only through the native CRT
 * library, which this tool does not ship; CRC32 is in the JDK and hardware-accelerated.
 */
public final class Checksums {

    private Checksums() {
    }

    /** CRC32 of bytes, Base64 as S3 writes it. */
    public static String crc32(byte[] bytes) {
        return crc32(bytes, bytes.length);
    }

    /** CRC32 of the first {@code length} bytes, Base64 as S3 writes it. */
    public static String crc32(byte[] bytes, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return base64(crc.getValue());
    }

    /** MD5 of the bytes, lower-case hex (an unencrypted single-part object's ETag). */
    public static String md5Hex(byte[] bytes) {
        return HexFormat.of().formatHex(md5().digest(bytes));
    }

    /** A file's CRC32 (Base64, as S3 writes it) and MD5 (hex), from one read. */
    public record Both(String crc32, String md5Hex) {
    }

    /** Both checksums of the file, reading it once. */
    public static Both both(Path file) {
        CRC32 crc = new CRC32();
        MessageDigest md5 = md5();
        read(file, (b, n) -> {
            crc.update(b, 0, n);
            md5.update(b, 0, n);
        });
        return new Both(base64(crc.getValue()), HexFormat.of().formatHex(md5.digest()));
    }

    /** The file's CRC32 (Base64, as S3 writes it), reading it once. */
    public static String crc32(Path file) {
        CRC32 crc = new CRC32();
        read(file, (b, n) -> crc.update(b, 0, n));
        return base64(crc.getValue());
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
    }

    static String base64(long crc32) {
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc32).array());
    }

    private interface Chunk {
        void accept(byte[] buffer, int length);
    }

    private static void read(Path file, Chunk chunk) {
        byte[] buffer = new byte[256 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                chunk.accept(buffer, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
