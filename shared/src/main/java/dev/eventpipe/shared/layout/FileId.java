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

    public static FileId of(String bucket, String key, Optional<String> versionId, String etag) {
        // NUL separators: no bucket or key contains one, so distinct inputs never collide by concatenation.
        String identity = bucket + '\0' + key + '\0' + versionId.map(v -> "v:" + v).orElse("e:" + etag);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return new FileId(HexFormat.of().formatHex(digest, 0, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
