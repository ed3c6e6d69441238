package dev.eventpipe.shared.aws;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsAsyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The one place where AWS SDK clients are built: one HTTP client, an explicit region and credentials
 * provider, and an optional endpoint override (how local mode and tests reach the emulators). The HTTP client is
 * the SDK's URL-connection one, which sets TLS up only when an {@code https} endpoint is first called
 * ({@link TlsOnDemandHttpClient}).
 *
 * <p>Built once per process (per Lambda execution environment) and shared; never per message.
 * Without an explicit endpoint the SDK itself honours {@code AWS_ENDPOINT_URL} and
 * {@code AWS_ENDPOINT_URL_S3} (<a href="https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html">
 * service-specific endpoints</a>); in that case path-style addressing is switched on, because
 * emulators on 127.0.0.1 cannot serve virtual-hosted bucket names.
 *
 * <p>Endpoint overrides are either one for every client ({@link #forEmulator}) or one per service
 * ({@link #forEmulators}: S3 and SQS on different ports, as the embedded emulators run). A client's service
 * is known by its builder, so {@link #build} stays the one method for every SDK client.
 */
public final class AwsClients implements AutoCloseable {

    private final SdkHttpClient http;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final Optional<String> profile;
    private final Optional<URI> endpoint;
    private final Map<String, URI> serviceEndpoints;
    private final boolean pathStyle;
    /** Built on first use: a command that only talks to SQS (dlq status) does not pay for S3's client. */
    private volatile S3Client s3;

    private AwsClients(Region region, AwsCredentialsProvider credentials, Optional<String> profile, Optional<URI> endpoint,
                       Map<String, URI> serviceEndpoints, boolean pathStyle) {
        this(new TlsOnDemandHttpClient(), region, credentials, profile, endpoint, serviceEndpoints, pathStyle);
    }

    private AwsClients(SdkHttpClient http, Region region, AwsCredentialsProvider credentials, Optional<String> profile,
                       Optional<URI> endpoint, Map<String, URI> serviceEndpoints, boolean pathStyle) {
        this.http = http;
        this.region = region;
        this.credentials = credentials;
        this.profile = profile;
        this.endpoint = endpoint;
        this.serviceEndpoints = Map.copyOf(serviceEndpoints);
        this.pathStyle = pathStyle;
    }

    /**
     * Configures any synchronous SDK client builder the same way (HTTP client, region, credentials,
     * retries, endpoint) and builds it; the caller owns and closes the client. Keeps the SQS and SNS
     * modules out of this jar while every client is still configured here.
     */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder) {
        builder.httpClient(http);
        return configure(builder).build();
    }

    /**
     * A synchronous S3 client configured like every other, on an HTTP client the caller gives and owns (one
     * sized to the caller's concurrency, as a bulk upload needs); the caller closes the S3 client.
     */
    public S3Client s3(SdkHttpClient ownHttp, Consumer<S3ClientBuilder> customise) {
        S3ClientBuilder builder = S3Client.builder().forcePathStyle(pathStyle).httpClient(ownHttp);
        configure(builder);
        customise.accept(builder);
        return builder.build();
    }

    /**
     * An asynchronous S3 client (what the S3 Transfer Manager needs), configured like every other client,
     * on the asynchronous HTTP client the caller gives and owns (so no Netty in this jar, which Lambda
     * packages). The caller closes the S3 client.
     */
    public S3AsyncClient s3Async(SdkAsyncHttpClient asyncHttp, Consumer<S3AsyncClientBuilder> customise) {
        S3AsyncClientBuilder builder = S3AsyncClient.builder().forcePathStyle(pathStyle);
        configureAsync(builder, asyncHttp);
        customise.accept(builder);
        return builder.build();
    }

    private <B extends AwsClientBuilder<B, C> & AwsAsyncClientBuilder<B, C>, C> void configureAsync(B builder,
                                                                                                   SdkAsyncHttpClient asyncHttp) {
        builder.httpClient(asyncHttp);
        configure(builder);
    }

    private <B extends AwsClientBuilder<B, C>, C> B configure(B builder) {
        builder.region(region)
                .credentialsProvider(credentials)
                .overrideConfiguration(overrides(profile));
        Optional.ofNullable(serviceEndpoints.get(service(builder))).or(() -> endpoint).ifPresent(builder::endpointOverride);
        return builder;
    }

    /**
     * The SDK's service id of a client builder, as the {@code AWS_ENDPOINT_URL_<ID>} variables spell it:
     * {@code DefaultSqsClientBuilder} → {@code SQS}, {@code DefaultS3AsyncClientBuilder} → {@code S3}.
     */
    static String service(Object builder) {
        String name = builder.getClass().getSimpleName();
        name = name.startsWith("Default") ? name.substring("Default".length()) : name;
        for (String suffix : new String[] {"AsyncClientBuilder", "ClientBuilder"}) {
            if (name.endsWith(suffix)) {
                return name.substring(0, name.length() - suffix.length()).toUpperCase(Locale.ROOT);
            }
        }
        return name.toUpperCase(Locale.ROOT);
    }

    /**
     * Forgets the credentials resolved so far, so the next request resolves them again through the same
     * chain. For an execution environment restored from a SnapStart snapshot, which must not go on with
     * the credentials of the environment the snapshot was taken in.
     */
    public void refreshCredentials() {
        if (credentials instanceof Refreshable r) {
            r.refresh();
        }
    }

    /**
     * The SDK's default chain behind a reference that {@link #refreshCredentials()} replaces: the clients keep
     * this provider, and a fresh chain finds the credentials of the environment it now runs in.
     */
    private static final class Refreshable implements AwsCredentialsProvider {
        private final java.util.function.Supplier<DefaultCredentialsProvider> chain;
        private volatile DefaultCredentialsProvider current;

        Refreshable(java.util.function.Supplier<DefaultCredentialsProvider> chain) {
            this.chain = chain;
            this.current = chain.get();
        }

        @Override
        public software.amazon.awssdk.auth.credentials.AwsCredentials resolveCredentials() {
            return current.resolveCredentials();
        }

        void refresh() {
            DefaultCredentialsProvider old = current;
            current = chain.get();
            old.close();
        }
    }

    /** Region and credentials from the SDK's default chains; endpoints from the SDK's standard variables. */
    public static AwsClients fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env, Optional.empty(), Optional.empty());
    }

    /**
     * As {@link #fromEnvironment(Map)}, with an explicit region and a named profile of the shared config
     * files (an operator's {@code --region} and {@code --profile}). The profile names the credentials, the
     * region when none is given, and any {@code endpoint_url} it configures; the standard endpoint variables
     * ({@code AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_S3}, {@code AWS_ENDPOINT_URL_SQS}, ...) are honoured by
     * the SDK itself and win over the profile
     * (<a href="https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html">precedence</a>).
     */
    public static AwsClients fromEnvironment(Map<String, String> env, Optional<String> region, Optional<String> profile) {
        boolean emulated = env.containsKey("AWS_ENDPOINT_URL") || env.containsKey("AWS_ENDPOINT_URL_S3");
        java.util.function.Supplier<DefaultCredentialsProvider> credentials = () -> {
            DefaultCredentialsProvider.Builder b = DefaultCredentialsProvider.builder();
            profile.ifPresent(b::profileName);
            return b.build();
        };
        DefaultAwsRegionProviderChain.Builder regions = DefaultAwsRegionProviderChain.builder();
        profile.ifPresent(regions::profileName);
        // AWS_DEFAULT_REGION is awscli's variable, which the SDK's chain does not read: an operator who set it
        // for awscli gets the same region here instead of an error.
        Region chosen = region.or(() -> Optional.ofNullable(env.get("AWS_REGION")))
                .or(() -> Optional.ofNullable(env.get("AWS_DEFAULT_REGION")).filter(r -> !r.isBlank()))
                .map(Region::of).orElseGet(() -> regions.build().getRegion());
        return new AwsClients(chosen, new Refreshable(credentials), profile, Optional.empty(), Map.of(), emulated);
    }

    /** Every client pointed at one endpoint with static dummy credentials: emulators and tests. */
    public static AwsClients forEmulator(URI endpoint) {
        return new AwsClients(Region.US_EAST_1, dummyCredentials(), Optional.empty(), Optional.of(endpoint), Map.of(), true);
    }

    /**
     * Each service at its own endpoint (keys are service ids: {@code S3}, {@code SQS}), static dummy
     * credentials: the embedded emulators, which listen on different ports. A client of a service not in
     * the map gets the SDK's default endpoint.
     */
    public static AwsClients forEmulators(Map<String, URI> endpoints) {
        return new AwsClients(Region.US_EAST_1, dummyCredentials(), Optional.empty(), Optional.empty(), endpoints, true);
    }

    /**
     * Clients configured like every other whose requests never leave the process: each is answered at once with an
     * empty success. For running the SDK's request path once (its classes loaded and initialised, its code warm)
     * before the real clients are needed, e.g. while a command line is being parsed on another thread.
     */
    public static AwsClients answeredInMemory() {
        return new AwsClients(new InMemoryHttpClient(), Region.US_EAST_1, dummyCredentials(), Optional.empty(),
                Optional.of(URI.create("http://127.0.0.1:1")), Map.of(), true);
    }

    private static AwsCredentialsProvider dummyCredentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("eventpipe", "eventpipe"));
    }

    private static ClientOverrideConfiguration overrides(Optional<String> profile) {
        // Standard retry mode: exponential backoff with jitter for throttling and 5xx.
        ClientOverrideConfiguration.Builder b = ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD);
        profile.ifPresent(b::defaultProfileName);
        return b.build();
    }

    /** The shared S3 client, built at the first call. */
    public S3Client s3() {
        S3Client c = s3;
        if (c == null) {
            synchronized (this) {
                c = s3;
                if (c == null) {
                    c = build(S3Client.builder().forcePathStyle(pathStyle));
                    s3 = c;
                }
            }
        }
        return c;
    }

    /** A presigner with the same region, credentials, endpoint and addressing as {@link #s3()}; the caller closes it. */
    public S3Presigner presigner() {
        S3Presigner.Builder b = S3Presigner.builder().region(region).credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build());
        Optional.ofNullable(serviceEndpoints.get("S3")).or(() -> endpoint).ifPresent(b::endpointOverride);
        return b.build();
    }

    public Region region() {
        return region;
    }

    @Override
    public void close() {
        S3Client c = s3;
        if (c != null) {
            c.close();
        }
        http.close();
    }
}
