package dev.eventpipe.shared.store;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * The object store port: what eventpipe needs of S3, and nothing more.
 *
 * <p>Failures of the store itself (throttling, 5xx, timeouts) surface as {@link StoreException}, an
 * unchecked exception that the batch boundary turns into a retry. Absence is not a failure: it is an
 * empty {@link Optional}.
 */
public interface ObjectStore {

    /** Metadata of an object, or empty when there is none. */
    Optional<ObjectInfo> head(String bucket, String key);

    /**
     * Opens the object for streaming, or empty when it (or that version) no longer exists. The caller
     * closes the stream. With a {@code versionId} the exact version is read, so a key overwritten after
     * the event does not change what is processed. A failure while reading the stream is a
     * {@link StoreReadException}, so callers can tell a broken connection from broken content.
     */
    Optional<InputStream> open(String bucket, String key, Optional<String> versionId);

    /** Writes a small object whole, replacing any existing one. */
    void put(String bucket, String key, byte[] content, String contentType);

    /**
     * Writes a small object only if the key does not exist yet ({@code If-None-Match: *}).
     *
     * @return true when this call created the object, false when it already existed
     */
    boolean putIfAbsent(String bucket, String key, byte[] content, String contentType);

    /**
     * Replaces an object only if it is still the version read ({@code If-Match: <etag>}): the
     * compare-and-swap by which a replayed file's new receipt replaces the old one.
     * See <a href="https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html">conditional writes</a>.
     *
     * @param etag the ETag seen ({@link ObjectInfo#etag()}, without quotes)
     * @return true when this call replaced it, false when the object changed (or vanished) since
     */
    boolean putIfMatch(String bucket, String key, byte[] content, String contentType, String etag);

    /**
     * Starts a streamed write of an object of unknown size. Nothing is visible under the key until
     * {@link ObjectUpload#complete()}; {@link ObjectUpload#abort()} leaves nothing behind.
     */
    ObjectUpload startUpload(String bucket, String key, String contentType, String contentEncoding);

    /** Keys under a prefix, in lexicographic order, at most {@code limit}. */
    List<String> list(String bucket, String prefix, int limit);

    /**
     * Keys under a prefix with their ETags, in lexicographic order, at most {@code limit}. S3 returns the
     * ETags in the listing itself (<a href="https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html">ListObjectsV2</a>),
     * so stores that can override this; the default lists and then HEADs each key (a key deleted in
     * between is left out).
     */
    default List<ListedObject> listWithEtags(String bucket, String prefix, int limit) {
        List<ListedObject> listed = new java.util.ArrayList<>();
        for (String key : list(bucket, prefix, limit)) {
            head(bucket, key).ifPresent(info -> listed.add(new ListedObject(key, info.etag())));
        }
        return listed;
    }

    /** Deletes an object; deleting a missing key is not an error. */
    void delete(String bucket, String key);
}
