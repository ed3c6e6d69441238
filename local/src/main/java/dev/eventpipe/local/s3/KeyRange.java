package dev.eventpipe.local.s3;

/**
 * Key arithmetic for listings as range scans. S3 lists keys in UTF-8 byte order, which is code point
 * order; SQLite compares text as UTF-8 bytes, so both agree.
 */
final class KeyRange {

    /** Above every key (S3 keys are at most 1,024 bytes). */
    static final String TOP = String.valueOf(Character.toChars(Character.MAX_CODE_POINT)).repeat(300);

    private KeyRange() {
    }

    /** The smallest string after every string that starts with {@code prefix} ({@link #TOP} for ""). */
    static String successor(String prefix) {
        int end = prefix.length();
        while (end > 0) {
            int cp = prefix.codePointBefore(end);
            int start = end - Character.charCount(cp);
            if (cp < Character.MAX_CODE_POINT) {
                int next = cp + 1 == Character.MIN_SURROGATE ? Character.MAX_SURROGATE + 1 : cp + 1;
                return prefix.substring(0, start) + new String(Character.toChars(next));
            }
            end = start;
        }
        return TOP;
    }

    /** The smallest string after {@code key}. */
    static String after(String key) {
        return key + '\0';
    }

    /**
     * Where a listing resumes after {@code marker}: past every key under it when it is a common prefix
     * of this listing, else just after it.
     */
    static String resumeAfter(String marker, String prefix, String delimiter) {
        return commonPrefix(marker, prefix, delimiter) != null && marker.endsWith(delimiter) ? successor(marker) : after(marker);
    }

    /** The common prefix {@code key} rolls up into (prefix + up to the first delimiter after it), or null. */
    static String commonPrefix(String key, String prefix, String delimiter) {
        if (delimiter == null || !key.startsWith(prefix)) {
            return null;
        }
        int i = key.indexOf(delimiter, prefix.length());
        return i < 0 ? null : key.substring(0, i + delimiter.length());
    }
}
