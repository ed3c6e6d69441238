package dev.eventpipe.local.s3;

import java.time.Instant;
import java.util.List;

/** Pages of a bucket's listings (ListObjectsV2 and ListObjectVersions), in S3's order. */
public final class Listing {

    private Listing() {
    }

    /** One key of a ListObjectsV2 page. */
    public record Entry(String key, long size, String eTag, Instant lastModified) {
    }

    /**
     * @param next the key or common prefix to continue after, or null when the listing is complete
     */
    public record Page(List<Entry> entries, List<String> commonPrefixes, String next) {

        public Page {
            entries = List.copyOf(entries);
            commonPrefixes = List.copyOf(commonPrefixes);
        }

        public boolean truncated() {
            return next != null;
        }
    }

    /**
     * A page of versions, newest first within a key.
     *
     * @param nextKey       the key marker to continue at, or null when complete
     * @param nextVersionId the version marker to continue after (with {@code nextKey})
     */
    public record VersionPage(List<StoredVersion> versions, List<String> commonPrefixes, String nextKey,
                              String nextVersionId) {

        public VersionPage {
            versions = List.copyOf(versions);
            commonPrefixes = List.copyOf(commonPrefixes);
        }

        public boolean truncated() {
            return nextKey != null;
        }
    }
}
