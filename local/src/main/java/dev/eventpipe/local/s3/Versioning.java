package dev.eventpipe.local.s3;

/** A bucket's versioning state, as S3 has it (a bucket once versioned can be suspended, never unversioned). */
public enum Versioning {
    /** Never versioned: one version per key, id {@code "null"}, none reported. */
    NEVER,
    ENABLED,
    SUSPENDED;

    /** {@code "Enabled"}/{@code "Suspended"}, or null for a bucket never versioned. */
    public String s3Name() {
        return switch (this) {
            case NEVER -> null;
            case ENABLED -> "Enabled";
            case SUSPENDED -> "Suspended";
        };
    }
}
