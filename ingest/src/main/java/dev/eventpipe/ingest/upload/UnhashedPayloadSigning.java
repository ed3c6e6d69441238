package dev.eventpipe.ingest.upload;

import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.scheme.AuthScheme;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.IdentityProviders;

/**
 * SigV4 without hashing the body, on plain HTTP too: the header says {@code UNSIGNED-PAYLOAD}, as it already
 * does over HTTPS, where the SDK hashes nothing for an upload whose integrity its CRC32 header carries.
 *
 * <p>Over plain HTTP (a local emulator, an S3-compatible server on a private network) the SDK's signer
 * insists on a SHA-256 of every byte sent; with the C1 compiler the launcher gives quick commands that is
 * the largest CPU cost of a large upload (about 100 MiB/s), and awscli does not pay it either (it sends
 * {@code STREAMING-UNSIGNED-PAYLOAD-TRAILER} with a CRC32). The server still verifies each body against
 * its {@code x-amz-checksum-crc32} (BadDigest otherwise), so a damaged body is still refused; what plain
 * HTTP gives up is the body's protection against someone on the path who changes both, and plain HTTP
 * exposes the data to that someone anyway. Signed as the SDK signs HTTPS requests (the protocol is not
 * part of a SigV4 signature), then sent on the request's own protocol.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html">SigV4 for
 *      S3: UNSIGNED-PAYLOAD</a>
 */
final class UnhashedPayloadSigning implements AuthScheme<AwsCredentialsIdentity> {

    private final AwsV4HttpSigner sigV4 = AwsV4HttpSigner.create();
    private final HttpSigner<AwsCredentialsIdentity> signer = new HttpSigner<>() {
        @Override
        public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
            String protocol = request.request().protocol();
            if ("https".equals(protocol)) {
                return sigV4.sign(request);
            }
            SignRequest<? extends AwsCredentialsIdentity> asHttps = request.copy(b -> b
                    .request(request.request().toBuilder().protocol("https").build())
                    .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false));
            SignedRequest signed = sigV4.sign(asHttps);
            SdkHttpRequest sent = signed.request().toBuilder().protocol(protocol).build();
            return signed.copy(b -> b.request(sent));
        }

        @Override
        public CompletableFuture<AsyncSignedRequest> signAsync(AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
            return sigV4.signAsync(request); // the uploads' client is synchronous
        }
    };

    @Override
    public String schemeId() {
        return AwsV4AuthScheme.SCHEME_ID;
    }

    @Override
    public IdentityProvider<AwsCredentialsIdentity> identityProvider(IdentityProviders providers) {
        return providers.identityProvider(AwsCredentialsIdentity.class);
    }

    @Override
    public HttpSigner<AwsCredentialsIdentity> signer() {
        return signer;
    }
}
