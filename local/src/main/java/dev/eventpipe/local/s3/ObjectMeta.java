package dev.eventpipe.local.s3;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a writer says about an object besides its bytes: the {@code Content-*} headers, {@code Expires},
 * user metadata ({@code x-amz-meta-*}, names lower-cased as S3 returns them) and any checksums the writer
 * asserted ({@code CRC32C}, {@code SHA256}, ... to their Base64 value). Null fields are headers not sent.
 */
public record ObjectMeta(String contentType, String contentEncoding, String cacheControl, String contentDisposition,
                         String contentLanguage, Instant expires, Map<String, String> userMetadata,
                         Map<String, String> checksums) {

    /** What S3 answers for an object stored without a type. */
    public static final String DEFAULT_CONTENT_TYPE = "binary/octet-stream";

    public ObjectMeta {
        userMetadata = Map.copyOf(Objects.requireNonNullElse(userMetadata, Map.of()));
        checksums = Map.copyOf(Objects.requireNonNullElse(checksums, Map.of()));
    }

    /** Only a content type (and encoding, may be null). */
    public static ObjectMeta of(String contentType, String contentEncoding) {
        return new ObjectMeta(contentType, contentEncoding, null, null, null, null, Map.of(), Map.of());
    }

    /** The same metadata with these checksums added (the ones computed while storing). */
    ObjectMeta withChecksums(Map<String, String> computed) {
        Map<String, String> all = new TreeMap<>(checksums);
        all.putAll(computed);
        return new ObjectMeta(contentType, contentEncoding, cacheControl, contentDisposition, contentLanguage, expires,
                userMetadata, all);
    }

    /** The content type, or S3's default. */
    public String contentTypeOrDefault() {
        return contentType == null ? DEFAULT_CONTENT_TYPE : contentType;
    }
}
