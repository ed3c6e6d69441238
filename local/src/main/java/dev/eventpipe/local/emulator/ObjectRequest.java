package dev.eventpipe.local.emulator;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A request that changes one object, told apart from every other S3 request by its method, raw path,
 * raw query and the presence of {@code x-amz-copy-source} alone, as S3Mock's request mappings do. Only
 * path-style URLs ({@code /bucket/key}): S3Mock serves no other.
 *
 * @param bucket  the bucket, decoded
 * @param key     the key, decoded
 * @param creates which object-creating request it is; empty for a DeleteObject (locked like a write, so a
 *                delete cannot slip between a write and the read-back of its size)
 */
record ObjectRequest(String bucket, String key, Optional<ObjectCreated.Kind> creates) {

    /**
     * Query parameters that make a PUT on a key something other than PutObject or CopyObject: UploadPart
     * (and UploadPartCopy), PutObjectTagging, PutObjectAcl, PutObjectLegalHold, PutObjectRetention, and
     * RenameObject. The same list S3Mock's {@code putObject} mapping excludes, plus renameObject.
     */
    private static final Set<String> PUT_SUBRESOURCES =
            Set.of("uploadid", "partnumber", "tagging", "acl", "legal-hold", "retention", "renameobject");

    /**
     * @param method        the HTTP method
     * @param rawPath       the request URI's path exactly as sent (still percent-encoded)
     * @param rawQuery      the query string exactly as sent, or null
     * @param hasCopySource whether the request carries {@code x-amz-copy-source}
     * @return the object the request changes, or empty when it changes none (reads, bucket requests,
     *         parts, tags, ACLs, ...) or its path is not valid percent-encoding
     */
    static Optional<ObjectRequest> of(String method, String rawPath, String rawQuery, boolean hasCopySource) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            return Optional.empty();
        }
        int slash = rawPath.indexOf('/', 1);
        if (slash < 0 || slash == rawPath.length() - 1) {
            return Optional.empty(); // "/bucket" or "/bucket/": a bucket request
        }
        Set<String> query = parameterNames(rawQuery);
        Optional<ObjectCreated.Kind> creates;
        switch (method.toUpperCase(Locale.ROOT)) {
            case "PUT" -> {
                if (query.stream().anyMatch(PUT_SUBRESOURCES::contains)) {
                    return Optional.empty();
                }
                creates = Optional.of(hasCopySource ? ObjectCreated.Kind.COPY : ObjectCreated.Kind.PUT);
            }
            case "POST" -> {
                // POST ?uploads starts an upload, POST ?uploadId=... completes one; restore and select
                // create nothing.
                if (!query.contains("uploadid")) {
                    return Optional.empty();
                }
                creates = Optional.of(ObjectCreated.Kind.COMPLETE_MULTIPART_UPLOAD);
            }
            case "DELETE" -> {
                if (query.contains("uploadid") || query.contains("tagging")) {
                    return Optional.empty(); // AbortMultipartUpload, DeleteObjectTagging
                }
                creates = Optional.empty();
            }
            default -> {
                return Optional.empty();
            }
        }
        String bucket;
        String key;
        try {
            bucket = decodePath(rawPath.substring(1, slash));
            key = decodePath(rawPath.substring(slash + 1));
        } catch (IllegalArgumentException notPercentEncoding) {
            return Optional.empty(); // S3Mock rejects it too
        }
        return bucket.isEmpty() || key.isEmpty() ? Optional.empty() : Optional.of(new ObjectRequest(bucket, key, creates));
    }

    /** Lower-cased names of the query parameters; values do not matter here. */
    private static Set<String> parameterNames(String rawQuery) {
        Set<String> names = new HashSet<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return names;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            try {
                names.add(URLDecoder.decode(name, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                names.add(name.toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    /**
     * Decodes a URL path as Spring MVC does for S3Mock's {@code {*key}} variable: per segment, drop
     * {@code ;matrix} parameters, then percent-decode as UTF-8. Unlike a query string, {@code +} in a
     * path is a plus sign, not a space.
     */
    static String decodePath(String rawPath) {
        String[] segments = rawPath.split("/", -1);
        StringBuilder decoded = new StringBuilder(rawPath.length());
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                decoded.append('/');
            }
            String segment = segments[i];
            int semicolon = segment.indexOf(';');
            decoded.append(percentDecode(semicolon < 0 ? segment : segment.substring(0, semicolon)));
        }
        return decoded.toString();
    }

    private static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new IllegalArgumentException("truncated percent-encoding in " + s);
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("invalid percent-encoding in " + s);
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    utf8 = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(utf8);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
