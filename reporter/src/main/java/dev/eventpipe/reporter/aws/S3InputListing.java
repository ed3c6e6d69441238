package dev.eventpipe.reporter.aws;

import dev.eventpipe.reporter.InputListing;
import dev.eventpipe.shared.audit.Upload;
import dev.eventpipe.shared.audit.UploadListing;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;

/** {@link InputListing} over S3: one listing of each input bucket (of its versions, when versioned). */
public final class S3InputListing implements InputListing {

    private final UploadListing listing;
    private final List<String> buckets;
    private final long maxListed;

    /** @param maxListed the most object versions listed in a bucket before giving up */
    public S3InputListing(S3Client s3, List<String> buckets, long maxListed) {
        this.listing = new UploadListing(s3);
        this.buckets = List.copyOf(buckets);
        this.maxListed = maxListed;
    }

    @Override
    public List<String> buckets() {
        return buckets;
    }

    @Override
    public List<Upload> created(Instant since, Instant until) {
        List<Upload> uploads = new ArrayList<>();
        for (String bucket : buckets) {
            uploads.addAll(listing.created(bucket, "", since, until, maxListed));
        }
        return uploads;
    }
}
