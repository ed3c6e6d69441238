package dev.eventpipe.bench;

import dev.eventpipe.shared.store.ObjectInfo;
import dev.eventpipe.shared.store.ObjectStore;
import dev.eventpipe.shared.store.ObjectUpload;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A store for benchmarks: objects of the input bucket are local files (the key is the path); outputs
 * are counted and thrown away, so the figure is the transform's, not a disk's or a network's.
 */
final class LocalFileStore implements ObjectStore {

    // Sorted, as S3 lists: a prefix's keys are one range, in key order, whatever else the store holds.
    private final java.util.concurrent.ConcurrentSkipListMap<String, byte[]> small = new java.util.concurrent.ConcurrentSkipListMap<>();
    /** An ETag per object: the number of its put, so a rewrite changes it as S3's MD5 would. */
    private final Map<String, String> etags = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong puts = new java.util.concurrent.atomic.AtomicLong();
    long bytesWritten;

    @Override
    public Optional<ObjectInfo> head(String bucket, String key) {
        byte[] b = small.get(bucket + "/" + key);
        return b == null ? Optional.empty() : Optional.of(new ObjectInfo(b.length, etags.getOrDefault(bucket + "/" + key, "etag"), Optional.empty(),
                Optional.empty(), Optional.empty()));
    }

    @Override
    public Optional<InputStream> open(String bucket, String key, Optional<String> versionId) {
        byte[] b = small.get(bucket + "/" + key);
        if (b != null) {
            return Optional.of(new java.io.ByteArrayInputStream(b));
        }
        if (!Files.isRegularFile(Path.of(key))) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.newInputStream(Path.of(key)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void put(String bucket, String key, byte[] content, String contentType) {
        small.put(bucket + "/" + key, content);
        etags.put(bucket + "/" + key, Long.toHexString(puts.incrementAndGet()));
        bytesWritten += content.length;
    }

    @Override
    public boolean putIfAbsent(String bucket, String key, byte[] content, String contentType) {
        boolean fresh = small.putIfAbsent(bucket + "/" + key, content) == null;
        if (fresh) {
            etags.put(bucket + "/" + key, Long.toHexString(puts.incrementAndGet()));
        }
        bytesWritten += fresh ? content.length : 0;
        return fresh;
    }

    @Override
    public boolean putIfMatch(String bucket, String key, byte[] content, String contentType, String etag) {
        throw new UnsupportedOperationException("the benchmark never replays a file");
    }

    @Override
    public ObjectUpload startUpload(String bucket, String key, String contentType, String contentEncoding) {
        OutputStream counting = new OutputStream() {
            @Override
            public void write(int b) {
                bytesWritten++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                bytesWritten += len;
            }
        };
        return ObjectUpload.of(counting, () -> { }, () -> { }); // counted as written; nothing kept
    }

    @Override
    public List<String> list(String bucket, String prefix, int limit) {
        String from = bucket + "/" + prefix;
        return small.tailMap(from).keySet().stream().takeWhile(k -> k.startsWith(from)).limit(limit)
                .map(k -> k.substring(bucket.length() + 1)).toList();
    }

    @Override
    public List<dev.eventpipe.shared.store.ListedObject> listWithEtags(String bucket, String prefix, int limit) {
        return list(bucket, prefix, limit).stream()
                .map(k -> new dev.eventpipe.shared.store.ListedObject(k, etags.getOrDefault(bucket + "/" + k, "etag")))
                .toList();
    }

    @Override
    public void delete(String bucket, String key) {
        small.remove(bucket + "/" + key);
        etags.remove(bucket + "/" + key);
    }

    void clear() {
        small.clear();
        etags.clear();
        bytesWritten = 0;
    }
}
