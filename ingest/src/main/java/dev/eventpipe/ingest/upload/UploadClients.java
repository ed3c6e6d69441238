package dev.eventpipe.ingest.upload;

import dev.eventpipe.shared.aws.AwsClients;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * The clients an {@link Uploader} runs on, built for its settings and closed together.
 *
 * <p>One synchronous S3 client on the Apache HTTP client, its pool holding a kept-alive connection per
 * upload thread and per part thread (the JDK's URL connection keeps five, so most requests would open one).
 * Measured for 100-row files against the asynchronous client on Netty and against the CRT-based client, it
 * spent the least CPU per file, and for large files it sent parts twice as fast as the Transfer Manager on
 * the asynchronous client (docs/benchmarks.md). Bodies go as they are, not in aws-chunked frames, with their
 * CRC32 in a header, signed without hashing the body on plain HTTP too ({@link UnhashedPayloadSigning}); and no
 * {@code Expect: 100-continue}: S3 needs none, it costs a round trip per PUT, and
 * some S3-compatible servers (moto) never answer it.
 */
public final class UploadClients implements AutoCloseable {

    private final SdkHttpClient http;
    private final S3Client s3;
    private final Uploader uploader;

    private UploadClients(AwsClients clients, Uploader.Settings settings, Clock clock) {
        this.http = ApacheHttpClient.builder().maxConnections(2 * settings.concurrency())
                .connectionAcquisitionTimeout(Duration.ofMinutes(2)).build();
        this.s3 = clients.s3(http, b -> b.serviceConfiguration(S3Configuration.builder().expectContinueEnabled(false)
                .chunkedEncodingEnabled(false).build()).putAuthScheme(new UnhashedPayloadSigning()));
        this.uploader = new Uploader(s3, settings, clock);
    }

    /** Clients configured like {@code clients} (region, credentials, endpoint, retries). */
    public static UploadClients open(AwsClients clients, Uploader.Settings settings, Clock clock) {
        return new UploadClients(clients, settings, clock);
    }

    public Uploader uploader() {
        return uploader;
    }

    @Override
    public void close() {
        s3.close();
        http.close();
    }
}
