package dev.eventpipe.local.s3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * The bytes of objects and parts: small ones are handed back in memory (the index keeps them), larger ones
 * are written to a temporary file, flushed (and fsynced when asked) and renamed into {@code objects/}
 * under a random name, so a file is either whole under its final name or not there. A content file is
 * never written again once published; a copy of an object is a hard link to the same file.
 *
 * <p>While bytes are read they are hashed: MD5 (the ETag), CRC32 and CRC32C (S3's flexible checksums;
 * both are CPU intrinsics in the JDK, so they cost little next to the MD5).
 */
final class Contents {

    static final String CRC32_NAME = "CRC32";
    static final String CRC32C_NAME = "CRC32C";

    private final Path objects;
    private final Path tmp;
    private final Path parts;
    private final boolean fsync;
    private final int inlineLimit;

    Contents(Path root, boolean fsync, int inlineLimit) {
        this.objects = root.resolve("objects");
        this.tmp = root.resolve("tmp");
        this.parts = root.resolve("parts");
        this.fsync = fsync;
        this.inlineLimit = inlineLimit;
        try {
            Files.createDirectories(objects);
            Files.createDirectories(tmp);
            Files.createDirectories(parts);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the store's directories under " + root, e);
        }
    }

    /**
     * Bytes read and hashed, not yet visible: in memory ({@code bytes}) when small, else in a temporary file.
     */
    record Staged(byte[] bytes, Path file, long size, byte[] md5, Map<String, String> checksums) {

        String md5Hex() {
            return HexFormat.of().formatHex(md5);
        }
    }

    /**
     * Reads {@code in} to its end, or exactly {@code length} bytes when that is not negative (fewer is
     * {@code IncompleteBody}).
     */
    Staged stage(InputStream in, long length) {
        Sink sink = sink();
        try (sink) {
            byte[] buffer = new byte[64 * 1024];
            long left = length < 0 ? Long.MAX_VALUE : length;
            int n;
            while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                sink.write(buffer, 0, n);
                left -= n;
            }
            if (length >= 0 && left > 0) {
                throw new ObjectEngineException(ObjectEngineException.Code.INCOMPLETE_BODY,
                        "You did not provide the number of bytes specified by the Content-Length HTTP header");
            }
            return sink.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage an object's bytes", e);
        }
    }

    /** A stream to write an object into: hashed as written, spilled to a temporary file past the inline limit. */
    Sink sink() {
        return new Sink();
    }

    /** See {@link #sink()}. {@link #finish()} hands the bytes over; {@link #close()} before it discards them. */
    final class Sink extends OutputStream {
        private final MessageDigest md5 = md5();
        private final CRC32 crc32 = new CRC32();
        private final CRC32C crc32c = new CRC32C();
        private ByteArrayOutputStream small = new ByteArrayOutputStream(8192);
        private Path file;
        private OutputStream out = small;
        private long size;
        private boolean finished;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            md5.update(b, off, len);
            crc32.update(b, off, len);
            crc32c.update(b, off, len);
            size += len;
            if (file == null && size > inlineLimit) {
                file = tmp.resolve(UUID.randomUUID().toString());
                out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                small.writeTo(out);
                small = null;
            }
            out.write(b, off, len);
        }

        Staged finish() throws IOException {
            if (file != null) {
                out.close();
                if (fsync) {
                    force(file);
                }
            }
            finished = true;
            return new Staged(file == null ? small.toByteArray() : null, file, size, md5.digest(),
                    Map.of(CRC32_NAME, base64(crc32), CRC32C_NAME, base64(crc32c)));
        }

        @Override
        public void close() {
            if (!finished) {
                closeQuietly(out);
                deleteQuietly(file);
                finished = true;
            }
        }
    }

    /** Removes a staged content that will not be published. */
    void discard(Staged staged) {
        deleteQuietly(staged.file());
    }

    /** Concatenates parts into one staged content, hashing the whole (its CRCs are full-object checksums). */
    Staged concatenate(List<Multipart.Part> chosen) {
        List<InputStream> streams = new ArrayList<>();
        long total = 0;
        try {
            for (Multipart.Part p : chosen) {
                streams.add(Files.newInputStream(parts.resolve(p.file())));
                total += p.size();
            }
            try (InputStream all = new java.io.SequenceInputStream(java.util.Collections.enumeration(streams))) {
                return stage(all, total);
            }
        } catch (IOException e) {
            streams.forEach(Contents::closeQuietly);
            throw new UncheckedIOException("cannot read the parts of a multipart upload", e);
        }
    }

    /** Makes a staged file permanent: renamed into {@code objects/} under a fresh name, which is returned. */
    String publish(Staged staged) {
        String name = UUID.randomUUID().toString();
        Path target = objectPath(name);
        try {
            Files.createDirectories(target.getParent());
            move(staged.file(), target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish an object's file", e);
        }
        return relative(name);
    }

    /** Keeps a staged part under {@code parts/<uploadId>/}, replacing an earlier upload of the same part number. */
    String publishPart(Staged staged, String uploadId, int partNumber) {
        String name = uploadId + "/" + partNumber + "-" + UUID.randomUUID();
        Path target = parts.resolve(name);
        try {
            Files.createDirectories(target.getParent());
            if (staged.file() != null) {
                move(staged.file(), target);
            } else {
                Path temp = tmp.resolve(UUID.randomUUID().toString());
                Files.write(temp, staged.bytes(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                if (fsync) {
                    force(temp);
                }
                move(temp, target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep a part of a multipart upload", e);
        }
        return name;
    }

    /** A second name for a published file (a copied object), so deleting one leaves the other. */
    String link(String file) {
        String name = UUID.randomUUID().toString();
        Path target = objectPath(name);
        try {
            Files.createDirectories(target.getParent());
            try {
                Files.createLink(target, resolve(file));
            } catch (UnsupportedOperationException | IOException noLinks) {
                Path temp = tmp.resolve(name);
                Files.copy(resolve(file), temp);
                move(temp, target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy an object's file", e);
        }
        return relative(name);
    }

    /**
     * Opens a published file at {@code offset} for {@code length} bytes.
     *
     * @throws NoSuchFileException when the file was deleted (its version was replaced since it was looked up)
     */
    InputStream open(String file, long offset, long length) throws NoSuchFileException {
        try {
            FileChannel channel = FileChannel.open(resolve(file), StandardOpenOption.READ);
            channel.position(offset);
            return new BoundedInputStream(Channels.newInputStream(channel), length);
        } catch (NoSuchFileException gone) {
            throw gone;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open an object's file", e);
        }
    }

    void delete(String file) {
        deleteQuietly(resolve(file));
    }

    void deletePart(String name) {
        deleteQuietly(parts.resolve(name));
    }

    void deleteUploadDirectory(String uploadId) {
        deleteQuietly(parts.resolve(uploadId));
    }

    /**
     * After a crash: removes temporary files, object files no version names, and parts of uploads that no
     * longer exist. Cost grows with the number of files, once per start.
     */
    int sweep(Set<String> referencedFiles, Set<String> referencedParts) {
        int removed = 0;
        for (Path dir : List.of(tmp, objects, parts)) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(dir)) {
                files = walk.filter(Files::isRegularFile).toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot sweep " + dir, e);
            }
            for (Path f : files) {
                boolean keep = dir == objects ? referencedFiles.contains(objects.getParent().relativize(f).toString().replace('\\', '/'))
                        : dir == parts && referencedParts.contains(parts.relativize(f).toString().replace('\\', '/'));
                if (!keep) {
                    deleteQuietly(f);
                    removed++;
                }
            }
        }
        return removed;
    }

    private Path objectPath(String name) {
        return objects.resolve(name.substring(0, 2)).resolve(name);
    }

    private static String relative(String name) {
        return "objects/" + name.substring(0, 2) + "/" + name;
    }

    private Path resolve(String file) {
        return objects.getParent().resolve(file);
    }

    private void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
        if (fsync) {
            force(to.getParent());
        }
    }

    private static void force(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, Files.isDirectory(path)
                ? new StandardOpenOption[] {StandardOpenOption.READ} : new StandardOpenOption[] {StandardOpenOption.WRITE})) {
            channel.force(true);
        } catch (IOException directoryNotSyncable) {
            if (!Files.isDirectory(path)) {
                throw directoryNotSyncable;
            }
        }
    }

    static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    private static String base64(Checksum crc) {
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // already failing
            }
        }
    }

    private static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
                }
            } else {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // a leftover file is swept at the next start
        }
    }

    /** Reads at most {@code limit} bytes of the stream underneath. */
    private static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long left;

        BoundedInputStream(InputStream in, long limit) {
            this.in = in;
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
