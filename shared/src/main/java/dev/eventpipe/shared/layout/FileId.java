package dev.eventpipe.shared.layout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The identity of one uploaded object version: the first 128 bits of SHA-256 over bucket, decoded key
 * and version id (or ETag when the bucket is unversioned), as 32 hex digits. Every output key derives
 * from it, so a duplicate delivery, a retry or a redrive rewrites the same objects instead of adding new
 * ones; a new upload to the same key is a new version (or ETag) and so a new file.
 */
public record FileId(String value) {

    private static final Pattern SHAPE = Pattern.compile("[0-9a-f]{32}");

    public FileId {
        Objects.requireNonNull(value, "value");
        if (!SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("a file id is 32 lower-case hex digits: " + value);
        }
    }

    /**
     * @param versionId as S3 reports it; {@code "null"} (an object written while versioning was off) counts as none
     * @param etag      as S3 reports it, quoted or not
     */
    public static FileId of(String bucket, String key, Optional<String> versionId, String etag) {
        // NUL separators: no bucket or key contains one, so distinct inputs never collide by concatenation.
        String identity = bucket + '\0' + key + '\0' + versionId.flatMap(FileId::version).map(v -> "v:" + v)
                .orElse("e:" + plainETag(etag));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return new FileId(HexFormat.of().formatHex(digest, 0, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** An ETag without the quotes S3 returns it in; {@code ""} for none. */
    public static String plainETag(String etag) {
        if (etag == null) {
            return "";
        }
        return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"") ? etag.substring(1, etag.length() - 1) : etag;
    }

    /**
     * A version id as identity: empty for none and for {@code "null"}, which S3 reports for an object
     * written while the bucket's versioning was off or suspended.
     */
    public static Optional<String> version(String versionId) {
        return versionId == null || versionId.isEmpty() || versionId.equals("null") ? Optional.empty() : Optional.of(versionId);
    }

    @Override
    public String toString() {
        return value;
    }
}
