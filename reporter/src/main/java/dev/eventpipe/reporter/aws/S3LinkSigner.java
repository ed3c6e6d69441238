package dev.eventpipe.reporter.aws;

import dev.eventpipe.reporter.LinkSigner;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Presigned GET links (SigV4 query signing). A link signed with a Lambda role's temporary credentials
 * stops working when those credentials expire, whatever the validity asked for (at most 7 days):
 * see <a href="https://docs.aws.amazon.com/AmazonS3/latest/userguide/ShareObjectPreSignedURL.html">sharing
 * objects with presigned URLs</a>.
 */
public final class S3LinkSigner implements LinkSigner {

    private final S3Presigner presigner;

    public S3LinkSigner(S3Presigner presigner) {
        this.presigner = presigner;
    }

    @Override
    public URI link(String bucket, String key, Duration validity) {
        return URI.create(presigner.presignGetObject(b -> b.signatureDuration(validity)
                .getObjectRequest(g -> g.bucket(bucket).key(key).responseContentType("text/html; charset=utf-8")))
                .url().toString());
    }
}
