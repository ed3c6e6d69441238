package dev.eventpipe.local.s3;

/**
 * The bytes a read returns: {@code first} and {@code length}, and whether a {@code Range} header asked
 * (<a href="https://www.rfc-editor.org/rfc/rfc9110#section-14.1.2">RFC 9110 byte ranges</a>, one range, as S3 serves).
 */
public record ByteRange(long first, long length, long size, boolean partial) {

    /**
     * @param header {@code bytes=a-b}, {@code bytes=a-} or {@code bytes=-n}; null for the whole object
     * @throws ObjectEngineException {@code InvalidRange} (416) when it starts past the end
     */
    static ByteRange resolve(String header, long size) {
        if (header == null) {
            return new ByteRange(0, size, size, false);
        }
        String spec = header.trim();
        if (!spec.startsWith("bytes=") || spec.indexOf(',') >= 0 || spec.indexOf('-') < 0) {
            return new ByteRange(0, size, size, false); // S3 ignores a range it cannot parse
        }
        String[] ends = spec.substring("bytes=".length()).split("-", 2);
        try {
            if (ends[0].isEmpty()) {
                long suffix = Long.parseLong(ends[1].trim());
                if (suffix <= 0 && size > 0) {
                    throw invalid(size);
                }
                long n = Math.min(suffix, size);
                return new ByteRange(size - n, n, size, true);
            }
            long first = Long.parseLong(ends[0].trim());
            long last = ends[1].isBlank() ? size - 1 : Math.min(Long.parseLong(ends[1].trim()), size - 1);
            if (first >= size || last < first) {
                throw invalid(size);
            }
            return new ByteRange(first, last - first + 1, size, true);
        } catch (NumberFormatException e) {
            return new ByteRange(0, size, size, false);
        }
    }

    private static ObjectEngineException invalid(long size) {
        return new ObjectEngineException(ObjectEngineException.Code.INVALID_RANGE,
                "The requested range is not satisfiable (object size " + size + ")");
    }

    /** {@code bytes first-last/size}, the {@code Content-Range} of a partial answer. */
    public String contentRange() {
        return "bytes " + first + "-" + (first + length - 1) + "/" + size;
    }
}
