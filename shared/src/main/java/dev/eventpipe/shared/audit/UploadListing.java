package dev.eventpipe.shared.audit;

import dev.eventpipe.shared.layout.FileId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The uploads of a window, from one listing of the input bucket: of its versions when it is versioned (every
 * version is an upload), of its objects otherwise. Folder markers and delete markers are left out.
 */
public final class UploadListing {

    private final S3Client s3;

    public UploadListing(S3Client s3) {
        this.s3 = Objects.requireNonNull(s3, "s3");
    }

    /** Every object version under {@code prefix} created at or after {@code since} and before {@code until}. */
    public List<Upload> created(String bucket, String prefix, Instant since, Instant until) {
        return created(bucket, prefix, since, until, Long.MAX_VALUE);
    }

    /**
     * As {@link #created(String, String, Instant, Instant)}, giving up once more than {@code maxListed} versions
     * have been listed: S3 cannot list by time, so the listing grows with everything the bucket keeps.
     *
     * @throws TooManyObjects when the bucket holds more than {@code maxListed} under {@code prefix}
     */
    public List<Upload> created(String bucket, String prefix, Instant since, Instant until, long maxListed) {
        BucketVersioningStatus versioning = s3.getBucketVersioning(b -> b.bucket(bucket)).status();
        List<Upload> out = new ArrayList<>();
        long listed = 0;
        if (versioning == BucketVersioningStatus.ENABLED || versioning == BucketVersioningStatus.SUSPENDED) {
            for (ObjectVersion v : s3.listObjectVersionsPaginator(b -> b.bucket(bucket).prefix(prefix)).versions()) {
                check(++listed, maxListed, bucket);
                add(out, since, until, Upload.of(bucket, v.key(), FileId.version(v.versionId()), FileId.plainETag(v.eTag()),
                        v.size(), v.lastModified()));
            }
        } else {
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
                check(++listed, maxListed, bucket);
                add(out, since, until, Upload.of(bucket, o.key(), Optional.empty(), FileId.plainETag(o.eTag()), o.size(),
                        o.lastModified()));
            }
        }
        return out;
    }

    /** The listing went past its bound. */
    public static final class TooManyObjects extends RuntimeException {
        TooManyObjects(String bucket, long maxListed) {
            super("s3://" + bucket + " holds more than " + maxListed + " object versions; not listed to the end");
        }
    }

    private static void check(long listed, long maxListed, String bucket) {
        if (listed > maxListed) {
            throw new TooManyObjects(bucket, maxListed);
        }
    }

    private static void add(List<Upload> out, Instant since, Instant until, Upload u) {
        boolean folder = u.key().endsWith("/") && u.size() == 0;
        if (!folder && !u.lastModified().isBefore(since) && u.lastModified().isBefore(until)) {
            out.add(u);
        }
    }
}
