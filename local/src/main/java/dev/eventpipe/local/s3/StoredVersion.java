package dev.eventpipe.local.s3;

import java.time.Instant;
import java.util.Objects;

/**
 * One version of an object as the store holds it, or a delete marker.
 *
 * @param versionId    S3's version id; {@code "null"} in a bucket that was never versioned (or for the
 *                     version written while versioning was suspended), as S3 names it
 * @param latest       whether this is the key's current version
 * @param deleteMarker whether this version is a delete marker (no content)
 * @param eTag         without quotes: the MD5 hex of the content, or {@code <md5 of part md5s>-<parts>}
 * @param partsCount   parts of a multipart upload, 0 for a single write
 * @param content      where the bytes are (package-private detail)
 */
public record StoredVersion(String bucket, String key, String versionId, boolean latest, boolean deleteMarker,
                            long size, String eTag, Instant lastModified, ObjectMeta meta, int partsCount,
                            Content content) {

    public StoredVersion {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(versionId, "versionId");
        Objects.requireNonNull(eTag, "eTag");
        Objects.requireNonNull(lastModified, "lastModified");
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(content, "content");
    }

    /** The version id a client sees, or null where S3 sends none (a bucket never versioned). */
    public String versionIdOrNull(Versioning versioning) {
        return versioning == Versioning.NEVER ? null : versionId;
    }

    /** The ETag with the quotes S3 puts around it on the wire. */
    public String quotedETag() {
        return "\"" + eTag + "\"";
    }

    /**
     * Where a version's bytes are: in the index database (small objects), in a file under the store's
     * directory (larger ones), or nowhere (a delete marker, an empty object).
     */
    public record Content(long blobId, String file) {

        static final Content NONE = new Content(0, null);

        static Content inline(long blobId) {
            return new Content(blobId, null);
        }

        static Content file(String name) {
            return new Content(0, Objects.requireNonNull(name, "name"));
        }

        boolean isInline() {
            return blobId != 0;
        }

        boolean isFile() {
            return file != null;
        }
    }
}
