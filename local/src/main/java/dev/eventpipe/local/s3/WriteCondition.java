package dev.eventpipe.local.s3;

import java.util.Objects;

/**
 * A conditional write's precondition (<a href="https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html">
 * conditional writes</a>), checked against the key's current version in the same transaction that
 * writes, so two writers with the same condition cannot both win.
 *
 * @param ifMatch     the ETag the current version must have (quotes optional), {@code "*"} for "exists", or null
 * @param ifNoneMatch {@code "*"} for "must not exist", or null
 */
public record WriteCondition(String ifMatch, String ifNoneMatch) {

    public static final WriteCondition NONE = new WriteCondition(null, null);
    public static final WriteCondition IF_ABSENT = new WriteCondition(null, "*");

    public WriteCondition {
        if (ifNoneMatch != null && !ifNoneMatch.equals("*")) {
            throw new ObjectEngineException(ObjectEngineException.Code.NOT_IMPLEMENTED,
                    "If-None-Match on a write takes only *");
        }
    }

    public static WriteCondition ifMatch(String eTag) {
        return new WriteCondition(Objects.requireNonNull(eTag, "eTag"), null);
    }

    /**
     * @param current the key's current version, or null when it has none (or a delete marker)
     * @throws ObjectEngineException {@code PreconditionFailed} (412), or {@code NoSuchKey} (404) for
     *                               {@code If-Match} on a missing key, as S3 answers
     */
    void check(StoredVersion current) {
        boolean exists = current != null && !current.deleteMarker();
        if (ifNoneMatch != null && exists) {
            throw new ObjectEngineException(ObjectEngineException.Code.PRECONDITION_FAILED,
                    "At least one of the pre-conditions you specified did not hold");
        }
        if (ifMatch != null) {
            if (!exists) {
                throw new ObjectEngineException(ObjectEngineException.Code.NO_SUCH_KEY, "The specified key does not exist.");
            }
            if (!ifMatch.equals("*") && !unquote(ifMatch).equals(current.eTag())) {
                throw new ObjectEngineException(ObjectEngineException.Code.PRECONDITION_FAILED,
                        "At least one of the pre-conditions you specified did not hold");
            }
        }
    }

    static String unquote(String eTag) {
        String t = eTag.trim();
        if (t.startsWith("W/")) {
            t = t.substring(2);
        }
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
    }
}
