package dev.eventpipe.ingest.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import org.junit.jupiter.api.Test;

class UnhashedPayloadSigningTest {

    private static final AwsCredentialsIdentity KEYS = AwsCredentialsIdentity.create("AKIDEXAMPLE", "secret");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);
    private static final byte[] BODY = "event_id\n1\n".getBytes(StandardCharsets.UTF_8);

    private static SignRequest<AwsCredentialsIdentity> put(String protocol, boolean payloadSigning) {
        SdkHttpRequest http = SdkHttpRequest.builder().method(SdkHttpMethod.PUT).protocol(protocol).host("127.0.0.1").port(9090)
                .encodedPath("/bucket/in/a.csv").putHeader("Content-Length", String.valueOf(BODY.length)).build();
        ContentStreamProvider body = () -> new ByteArrayInputStream(BODY);
        return SignRequest.builder(KEYS).request(http).payload(body)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3").putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false).putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, payloadSigning)
                .putProperty(HttpSigner.SIGNING_CLOCK, CLOCK).build();
    }

    @Test
    void signsAPlainHttpRequestWithoutHashingItsBody_asTheSdkSignsHttps() {
        SignedRequest ours = new UnhashedPayloadSigning().signer().sign(put("http", true));
        SignedRequest sdkOverHttps = AwsV4HttpSigner.create().sign(put("https", false));

        assertThat(ours.request().protocol()).isEqualTo("http");
        assertThat(ours.request().firstMatchingHeader("x-amz-content-sha256")).hasValue("UNSIGNED-PAYLOAD");
        // The protocol is not part of SigV4: a server that checks signatures accepts this one.
        assertThat(ours.request().firstMatchingHeader("Authorization"))
                .isEqualTo(sdkOverHttps.request().firstMatchingHeader("Authorization")).isPresent();
    }

    @Test
    void leavesAnHttpsRequestToTheSdksSigner() {
        SignedRequest ours = new UnhashedPayloadSigning().signer().sign(put("https", false));
        SignedRequest sdk = AwsV4HttpSigner.create().sign(put("https", false));

        assertThat(ours.request().headers()).isEqualTo(sdk.request().headers());
    }

    @Test
    void theSdkItselfHashesThePlainHttpBody_whichIsWhatThisAvoids() {
        SignedRequest sdkOverHttp = AwsV4HttpSigner.create().sign(put("http", false));

        assertThat(sdkOverHttp.request().firstMatchingHeader("x-amz-content-sha256")).get().asString().hasSize(64);
    }
}
