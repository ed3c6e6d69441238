package dev.eventpipe.ingest.upload;

import dev.eventpipe.shared.aws.AwsClients;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.transfer.s3.S3TransferManager;

/**
 * The clients an {@link Uploader} runs on, built for its settings and closed together.
 *
 * <p>Small files: the synchronous S3 client on the Apache HTTP client, its pool holding a kept-alive
 * connection per upload thread (the JDK's URL connection keeps five, so most requests would open one).
 * Measured for 100-row files against the asynchronous client on Netty and against the CRT-based client,
 * it spent the least CPU per file (docs/benchmarks.md). Large files: the Transfer Manager on the
 * asynchronous client with the SDK's multipart support, parts of the threshold's size, built on the first
 * large file only (Netty's start is a good part of a small upload's). Neither sends
 * {@code Expect: 100-continue}: S3 needs none, it costs a round trip per PUT, and some S3-compatible
 * servers (moto) never answer it.
 */
public final class UploadClients implements AutoCloseable {

    private final AwsClients clients;
    private final Uploader.Settings settings;
    private final SdkHttpClient http;
    private final S3Client s3;
    private final Uploader uploader;
    private NettyNioAsyncHttpClient asyncHttp;
    private S3AsyncClient async;
    private S3TransferManager transfers;

    private UploadClients(AwsClients clients, Uploader.Settings settings, Clock clock) {
        this.clients = clients;
        this.settings = settings;
        this.http = ApacheHttpClient.builder().maxConnections(settings.concurrency())
                .connectionAcquisitionTimeout(Duration.ofMinutes(2)).build();
        // A small file's PUT is signed over its SHA-256 and sent as it is, not in aws-chunked frames.
        this.s3 = clients.s3(http, b -> b.serviceConfiguration(noContinue().chunkedEncodingEnabled(false).build()));
        this.uploader = new Uploader(s3, this::transfers, settings, clock);
    }

    /** Clients configured like {@code clients} (region, credentials, endpoint, retries). */
    public static UploadClients open(AwsClients clients, Uploader.Settings settings, Clock clock) {
        return new UploadClients(clients, settings, clock);
    }

    private static S3Configuration.Builder noContinue() {
        return S3Configuration.builder().expectContinueEnabled(false);
    }

    public Uploader uploader() {
        return uploader;
    }

    /** The Transfer Manager the uploader sends large files with, built on first use. */
    public synchronized S3TransferManager transfers() {
        if (transfers == null) {
            asyncHttp = (NettyNioAsyncHttpClient) NettyNioAsyncHttpClient.builder().maxConcurrency(settings.concurrency())
                    .connectionAcquisitionTimeout(Duration.ofMinutes(2)).build();
            long part = settings.multipartThreshold();
            async = clients.s3Async(asyncHttp, b -> b.multipartEnabled(true)
                    .multipartConfiguration(c -> c.thresholdInBytes(part).minimumPartSizeInBytes(part))
                    .serviceConfiguration(noContinue().build()));
            transfers = S3TransferManager.builder().s3Client(async).build();
        }
        return transfers;
    }

    @Override
    public synchronized void close() {
        if (transfers != null) {
            transfers.close();
            async.close();
            asyncHttp.close();
        }
        s3.close();
        http.close();
    }
}
