package dev.eventpipe.testkit.store;

import dev.eventpipe.shared.store.ObjectInfo;
import dev.eventpipe.shared.store.ObjectStore;
import dev.eventpipe.shared.store.ObjectUpload;
import dev.eventpipe.shared.store.StoreException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiPredicate;

/**
 * An {@link ObjectStore} in memory, for tests that need no emulator. It can be told to fail chosen
 * operations, to simulate a crash or a throttled store at an exact point.
 */
public final class InMemoryObjectStore implements ObjectStore {

    private final Map<String, Stored> objects = new ConcurrentSkipListMap<>();
    private final List<Failure> failures = new CopyOnWriteArrayList<>();

    private record Stored(byte[] content, String contentType) {
    }

    private record Failure(String operation, BiPredicate<String, String> where, int[] remaining) {
    }

    /**
     * The next {@code times} calls of {@code operation} ({@code head}, {@code open}, {@code put},
     * {@code putIfAbsent}, {@code upload}, {@code list}, {@code delete}) on a matching bucket and key
     * throw a {@link StoreException}.
     */
    public void failNext(String operation, BiPredicate<String, String> where, int times) {
        failures.add(new Failure(operation, where, new int[] {times}));
    }

    private void maybeFail(String operation, String bucket, String key) {
        for (Failure f : failures) {
            if (f.operation.equals(operation) && f.where.test(bucket, key)) {
                synchronized (f.remaining) {
                    if (f.remaining[0] > 0) {
                        f.remaining[0]--;
                        throw new StoreException(operation, bucket, key, new IOException("injected failure"));
                    }
                }
            }
        }
    }

    @Override
    public Optional<ObjectInfo> head(String bucket, String key) {
        maybeFail("head", bucket, key);
        Stored s = objects.get(path(bucket, key));
        return s == null ? Optional.empty()
                : Optional.of(new ObjectInfo(s.content.length, etag(s.content), Optional.empty(), Optional.of(s.contentType),
                        Optional.empty()));
    }

    @Override
    public Optional<InputStream> open(String bucket, String key, Optional<String> versionId) {
        maybeFail("open", bucket, key);
        Stored s = objects.get(path(bucket, key));
        return s == null ? Optional.empty() : Optional.of(new ByteArrayInputStream(s.content));
    }

    @Override
    public void put(String bucket, String key, byte[] content, String contentType) {
        maybeFail("put", bucket, key);
        objects.put(path(bucket, key), new Stored(content.clone(), contentType));
    }

    @Override
    public boolean putIfAbsent(String bucket, String key, byte[] content, String contentType) {
        maybeFail("putIfAbsent", bucket, key);
        return objects.putIfAbsent(path(bucket, key), new Stored(content.clone(), contentType)) == null;
    }

    @Override
    public boolean putIfMatch(String bucket, String key, byte[] content, String contentType, String etag) {
        maybeFail("putIfMatch", bucket, key);
        Stored replacement = new Stored(content.clone(), contentType);
        boolean[] replaced = {false};
        objects.computeIfPresent(path(bucket, key), (k, current) -> {
            if (etag(current.content).equals(etag)) {
                replaced[0] = true;
                return replacement;
            }
            return current;
        });
        return replaced[0];
    }

    @Override
    public ObjectUpload startUpload(String bucket, String key, String contentType, String contentEncoding) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        return ObjectUpload.of(buffer, () -> {
            maybeFail("upload", bucket, key);
            objects.put(path(bucket, key), new Stored(buffer.toByteArray(), contentType));
        }, () -> { });
    }

    @Override
    public List<String> list(String bucket, String prefix, int limit) {
        maybeFail("list", bucket, prefix);
        List<String> keys = new ArrayList<>();
        String start = path(bucket, prefix);
        for (String p : objects.keySet()) {
            if (p.startsWith(start) && keys.size() < limit) {
                keys.add(p.substring(bucket.length() + 1));
            }
        }
        return keys;
    }

    @Override
    public List<dev.eventpipe.shared.store.ListedObject> listWithEtags(String bucket, String prefix, int limit) {
        maybeFail("list", bucket, prefix);
        List<dev.eventpipe.shared.store.ListedObject> listed = new ArrayList<>();
        String start = path(bucket, prefix);
        for (var e : objects.entrySet()) {
            if (e.getKey().startsWith(start) && listed.size() < limit) {
                listed.add(new dev.eventpipe.shared.store.ListedObject(e.getKey().substring(bucket.length() + 1),
                        etag(e.getValue().content)));
            }
        }
        return listed;
    }

    @Override
    public void delete(String bucket, String key) {
        maybeFail("delete", bucket, key);
        objects.remove(path(bucket, key));
    }

    /** The bytes of an object; fails the test's expectation loudly when absent. */
    public byte[] bytes(String bucket, String key) {
        Stored s = objects.get(path(bucket, key));
        if (s == null) {
            throw new AssertionError("no object s3://" + bucket + "/" + key + "; have " + objects.keySet());
        }
        return s.content.clone();
    }

    public void putText(String bucket, String key, String text) {
        put(bucket, key, text.getBytes(StandardCharsets.UTF_8), "text/plain");
    }

    private static String path(String bucket, String key) {
        return bucket + "/" + key;
    }

    private static String etag(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
