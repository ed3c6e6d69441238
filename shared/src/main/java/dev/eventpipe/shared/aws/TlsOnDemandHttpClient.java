package dev.eventpipe.shared.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The SDK's URL-connection client, with its TLS set-up made at the first {@code https} request instead of at
 * construction. {@link UrlConnectionHttpClient} builds an {@code SSLContext} and loads the JDK's trust store when it
 * is built, whatever the endpoint: about 50–80 ms of a quick command's start (docs/benchmarks.md), spent for nothing
 * when every endpoint is a plain-http emulator on loopback, as in local mode.
 *
 * <p>{@code https} requests (AWS itself) go through a client built exactly as before, once, on first use. Plain
 * {@code http} requests go through the same client kind over a connection factory that applies the same timeouts
 * (the SDK's global defaults) and the JDK's own proxy selection ({@code http.proxyHost}, {@code http.nonProxyHosts});
 * the SDK's reading of proxy environment variables applies to the {@code https} side only.
 */
final class TlsOnDemandHttpClient implements SdkHttpClient {

    private static final Duration CONNECT = SdkHttpConfigurationOption.GLOBAL_HTTP_DEFAULTS
            .get(SdkHttpConfigurationOption.CONNECTION_TIMEOUT);
    private static final Duration READ = SdkHttpConfigurationOption.GLOBAL_HTTP_DEFAULTS
            .get(SdkHttpConfigurationOption.READ_TIMEOUT);

    private final SdkHttpClient plain = UrlConnectionHttpClient.create(TlsOnDemandHttpClient::open);
    private volatile SdkHttpClient tls;

    private static HttpURLConnection open(URI uri) {
        try {
            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
            c.setConnectTimeout((int) CONNECT.toMillis());
            c.setReadTimeout((int) READ.toMillis());
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return ("https".equalsIgnoreCase(request.httpRequest().protocol()) ? tls() : plain).prepareRequest(request);
    }

    private SdkHttpClient tls() {
        SdkHttpClient c = tls;
        if (c == null) {
            synchronized (this) {
                c = tls;
                if (c == null) {
                    c = UrlConnectionHttpClient.builder().build();
                    tls = c;
                }
            }
        }
        return c;
    }

    /** Whether an {@code https} request has set TLS up (tests). */
    boolean tlsReady() {
        return tls != null;
    }

    @Override
    public String clientName() {
        return plain.clientName();
    }

    @Override
    public void close() {
        plain.close();
        SdkHttpClient c = tls;
        if (c != null) {
            c.close();
        }
    }
}
