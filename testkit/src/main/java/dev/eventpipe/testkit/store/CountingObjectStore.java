package dev.eventpipe.testkit.store;

import dev.eventpipe.shared.store.ListedObject;
import dev.eventpipe.shared.store.ObjectInfo;
import dev.eventpipe.shared.store.ObjectStore;
import dev.eventpipe.shared.store.ObjectUpload;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Another store, with the GETs made through it counted: a test sees at the store what a reader fetched (a cache
 * reused, roll-ups read instead of files), rather than taking the reader's own word for it.
 */
public final class CountingObjectStore implements ObjectStore {

    private final ObjectStore inner;
    private final AtomicLong gets = new AtomicLong();

    public CountingObjectStore(ObjectStore inner) {
        this.inner = inner;
    }

    /** The {@link #open} calls so far. */
    public long gets() {
        return gets.get();
    }

    @Override
    public Optional<ObjectInfo> head(String bucket, String key) {
        return inner.head(bucket, key);
    }

    @Override
    public Optional<InputStream> open(String bucket, String key, Optional<String> versionId) {
        gets.incrementAndGet();
        return inner.open(bucket, key, versionId);
    }

    @Override
    public void put(String bucket, String key, byte[] content, String contentType) {
        inner.put(bucket, key, content, contentType);
    }

    @Override
    public boolean putIfAbsent(String bucket, String key, byte[] content, String contentType) {
        return inner.putIfAbsent(bucket, key, content, contentType);
    }

    @Override
    public boolean putIfMatch(String bucket, String key, byte[] content, String contentType, String etag) {
        return inner.putIfMatch(bucket, key, content, contentType, etag);
    }

    @Override
    public ObjectUpload startUpload(String bucket, String key, String contentType, String contentEncoding) {
        return inner.startUpload(bucket, key, contentType, contentEncoding);
    }

    @Override
    public List<String> list(String bucket, String prefix, int limit) {
        return inner.list(bucket, prefix, limit);
    }

    @Override
    public List<ListedObject> listWithEtags(String bucket, String prefix, int limit) {
        return inner.listWithEtags(bucket, prefix, limit);
    }

    @Override
    public void delete(String bucket, String key) {
        inner.delete(bucket, key);
    }
}
