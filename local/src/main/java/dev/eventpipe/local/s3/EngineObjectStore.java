package dev.eventpipe.local.s3;

import dev.eventpipe.shared.store.ObjectInfo;
import dev.eventpipe.shared.store.ObjectStore;
import dev.eventpipe.shared.store.ObjectUpload;
import dev.eventpipe.shared.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link ObjectStore} port on {@link ObjectEngine} directly: what the local stack's processor and
 * reporter use, so their requests cost a lookup rather than an HTTP round trip. Same objects, same
 * versions, same notifications as through the S3 endpoint; the S3 adapter of the port
 * ({@code S3ObjectStore}) stays tested against that endpoint.
 */
final class EngineObjectStore implements ObjectStore {

    private final ObjectEngine engine;

    EngineObjectStore(ObjectEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    @Override
    public Optional<ObjectInfo> head(String bucket, String key) {
        return guard("HEAD", bucket, key, () -> engine.head(bucket, key, null)
                .filter(v -> !v.deleteMarker())
                .map(v -> new ObjectInfo(v.size(), v.eTag(), Optional.ofNullable(v.versionIdOrNull(engine.versioning(bucket))),
                        Optional.of(v.meta().contentTypeOrDefault()), Optional.ofNullable(v.meta().contentEncoding()))));
    }

    @Override
    public Optional<InputStream> open(String bucket, String key, Optional<String> versionId) {
        return guard("GET", bucket, key, () -> {
            try {
                return Optional.of(engine.get(bucket, key, versionId.orElse(null), null).body());
            } catch (ObjectEngineException e) {
                if (e.code() == ObjectEngineException.Code.NO_SUCH_KEY || e.code() == ObjectEngineException.Code.NO_SUCH_VERSION
                        || e.code() == ObjectEngineException.Code.METHOD_NOT_ALLOWED) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    @Override
    public void put(String bucket, String key, byte[] content, String contentType) {
        guard("PUT", bucket, key, () -> engine.put(bucket, key, ObjectMeta.of(contentType, null), content, WriteCondition.NONE));
    }

    @Override
    public boolean putIfAbsent(String bucket, String key, byte[] content, String contentType) {
        return conditional(bucket, key, content, contentType, WriteCondition.IF_ABSENT);
    }

    @Override
    public boolean putIfMatch(String bucket, String key, byte[] content, String contentType, String etag) {
        return conditional(bucket, key, content, contentType, WriteCondition.ifMatch(etag));
    }

    private boolean conditional(String bucket, String key, byte[] content, String contentType, WriteCondition condition) {
        return guard("PUT", bucket, key, () -> {
            try {
                engine.put(bucket, key, ObjectMeta.of(contentType, null), content, condition);
                return true;
            } catch (ObjectEngineException e) {
                if (e.code() == ObjectEngineException.Code.PRECONDITION_FAILED || e.code() == ObjectEngineException.Code.NO_SUCH_KEY) {
                    return false;
                }
                throw e;
            }
        });
    }

    @Override
    public ObjectUpload startUpload(String bucket, String key, String contentType, String contentEncoding) {
        ObjectEngine.ObjectWriter writer = guard("PUT", bucket, key,
                () -> engine.writer(bucket, key, ObjectMeta.of(contentType, contentEncoding)));
        // Not the writer itself as the stream: closing it (a GZIPOutputStream on top does) must neither
        // complete nor discard the upload, as the port's contract says.
        OutputStream stream = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                writer.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                writer.write(b, off, len);
            }
        };
        return ObjectUpload.of(stream, () -> guard("PUT", bucket, key, () -> writer.commit(WriteCondition.NONE)), writer::close);
    }

    @Override
    public List<String> list(String bucket, String prefix, int limit) {
        return guard("LIST", bucket, prefix, () -> {
            List<String> keys = new java.util.ArrayList<>();
            String after = null;
            while (keys.size() < limit) {
                Listing.Page page = engine.list(bucket, prefix, null, after, Math.min(1000, limit - keys.size()));
                page.entries().forEach(e -> keys.add(e.key()));
                if (!page.truncated()) {
                    break;
                }
                after = page.next();
            }
            return keys;
        });
    }

    @Override
    public List<dev.eventpipe.shared.store.ListedObject> listWithEtags(String bucket, String prefix, int limit) {
        return guard("LIST", bucket, prefix, () -> {
            List<dev.eventpipe.shared.store.ListedObject> listed = new java.util.ArrayList<>();
            String after = null;
            while (listed.size() < limit) {
                Listing.Page page = engine.list(bucket, prefix, null, after, Math.min(1000, limit - listed.size()));
                page.entries().forEach(e -> listed.add(new dev.eventpipe.shared.store.ListedObject(e.key(),
                        dev.eventpipe.shared.layout.FileId.plainETag(e.eTag()))));
                if (!page.truncated()) {
                    break;
                }
                after = page.next();
            }
            return listed;
        });
    }

    @Override
    public void delete(String bucket, String key) {
        guard("DELETE", bucket, key, () -> engine.delete(bucket, key, null, null));
    }

    private interface Call<T> {
        T run();
    }

    /** A refusal of the store (or an I/O failure underneath) is the port's {@link StoreException}. */
    private static <T> T guard(String operation, String bucket, String key, Call<T> call) {
        try {
            return call.run();
        } catch (ObjectEngineException | java.io.UncheckedIOException e) {
            throw new StoreException(operation, bucket, key, e);
        }
    }
}
