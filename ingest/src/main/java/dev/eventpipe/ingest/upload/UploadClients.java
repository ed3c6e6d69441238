package dev.eventpipe.ingest.upload;

import dev.eventpipe.shared.aws.AwsClients;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
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

    /** Files in flight by default against a server on this machine, which shares its cores with the upload. */
    public static final int LOOPBACK_CONCURRENCY = 8;

    /** Files in flight by default against a remote endpoint, where each request mostly waits on the network. */
    public static final int REMOTE_CONCURRENCY = 32;

    private UploadClients(AwsClients clients, int maxConcurrency, Function<S3Client, Uploader.Settings> settings, Clock clock) {
        this.http = ApacheHttpClient.builder().maxConnections(2 * maxConcurrency)
                .connectionAcquisitionTimeout(Duration.ofMinutes(2)).build();
        this.s3 = clients.s3(http, b -> b.serviceConfiguration(S3Configuration.builder().expectContinueEnabled(false)
                .chunkedEncodingEnabled(false).build()).putAuthScheme(new UnhashedPayloadSigning()));
        this.uploader = new Uploader(s3, settings.apply(s3), clock);
    }

    /** Clients configured like {@code clients} (region, credentials, endpoint, retries). */
    public static UploadClients open(AwsClients clients, Uploader.Settings settings, Clock clock) {
        return new UploadClients(clients, settings.concurrency(), s3 -> settings, clock);
    }

    /**
     * Clients configured like {@code clients}, uploading {@code concurrency} files at once or, when it is empty,
     * as many as suit the endpoint the S3 client resolved (from {@code clients} or the SDK's endpoint variables):
     * {@link #defaultConcurrency}.
     */
    public static UploadClients open(AwsClients clients, OptionalInt concurrency, long multipartThreshold, Clock clock) {
        int max = concurrency.orElse(Math.max(LOOPBACK_CONCURRENCY, REMOTE_CONCURRENCY));
        return new UploadClients(clients, max, s3 -> Uploader.Settings.of(concurrency.orElseGet(
                () -> defaultConcurrency(s3.serviceClientConfiguration().endpointOverride())), multipartThreshold), clock);
    }

    /**
     * {@value #LOOPBACK_CONCURRENCY} files at once against a loopback endpoint, {@value #REMOTE_CONCURRENCY}
     * otherwise. A server on this machine (the local stack, moto) competes with the upload for the same cores:
     * measured on 2 cores, 8 in flight were as fast as 32 into the local S3 and 1.4 times as fast into moto, whose
     * one Python thread serves 32 connections worse than 8. Against S3 a small PUT waits tens of milliseconds on
     * the network, so more in flight means more files a second.
     */
    static int defaultConcurrency(Optional<URI> endpoint) {
        return endpoint.map(URI::getHost).filter(UploadClients::isLoopback).isPresent()
                ? LOOPBACK_CONCURRENCY : REMOTE_CONCURRENCY;
    }

    private static boolean isLoopback(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return h.equalsIgnoreCase("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
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
