package dev.eventpipe.shared.aws;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The one place where AWS SDK clients are built: one HTTP client, an explicit region and credentials
 * provider, and an optional endpoint override (how local mode and tests reach the emulators).
 *
 * <p>Built once per process (per Lambda execution environment) and shared; never per message.
 * Without an explicit endpoint the SDK itself honours {@code AWS_ENDPOINT_URL} and
 * {@code AWS_ENDPOINT_URL_S3} (<a href="https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html">
 * service-specific endpoints</a>); in that case path-style addressing is switched on, because
 * emulators on 127.0.0.1 cannot serve virtual-hosted bucket names.
 */
public final class AwsClients implements AutoCloseable {

    private final SdkHttpClient http;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final Optional<URI> endpoint;
    private final boolean pathStyle;
    private final S3Client s3;

    private AwsClients(Region region, AwsCredentialsProvider credentials, Optional<URI> endpoint, boolean pathStyle) {
        this.http = UrlConnectionHttpClient.builder().build();
        this.region = region;
        this.credentials = credentials;
        this.endpoint = endpoint;
        this.pathStyle = pathStyle;
        this.s3 = build(S3Client.builder().forcePathStyle(pathStyle));
    }

    /**
     * Configures any synchronous SDK client builder the same way (HTTP client, region, credentials,
     * retries, endpoint) and builds it; the caller owns and closes the client. Keeps the SQS and SNS
     * modules out of this jar while every client is still configured here.
     */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder) {
        builder.httpClient(http)
                .region(region)
                .credentialsProvider(credentials)
                .overrideConfiguration(overrides());
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** Region and credentials from the SDK's default chains; endpoints from the SDK's standard variables. */
    public static AwsClients fromEnvironment(Map<String, String> env) {
        boolean emulated = env.containsKey("AWS_ENDPOINT_URL") || env.containsKey("AWS_ENDPOINT_URL_S3");
        return new AwsClients(new DefaultAwsRegionProviderChain().getRegion(),
                DefaultCredentialsProvider.builder().build(), Optional.empty(), emulated);
    }

    /** Every client pointed at one endpoint with static dummy credentials: emulators and tests. */
    public static AwsClients forEmulator(URI endpoint) {
        return new AwsClients(Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("eventpipe", "eventpipe")),
                Optional.of(endpoint), true);
    }

    private static ClientOverrideConfiguration overrides() {
        // Standard retry mode: exponential backoff with jitter for throttling and 5xx.
        return ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD).build();
    }

    public S3Client s3() {
        return s3;
    }

    /** A presigner with the same region, credentials, endpoint and addressing as {@link #s3()}; the caller closes it. */
    public S3Presigner presigner() {
        S3Presigner.Builder b = S3Presigner.builder().region(region).credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build());
        endpoint.ifPresent(b::endpointOverride);
        return b.build();
    }

    @Override
    public void close() {
        s3.close();
        http.close();
    }
}
