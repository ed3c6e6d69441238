package dev.eventpipe.shared.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

class TlsOnDemandHttpClientTest {

    @Test
    void answersPlainHttp_withoutSettingTlsUp() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", x -> {
            byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            try (OutputStream o = x.getResponseBody()) {
                o.write(body);
            }
        });
        server.start();
        try (TlsOnDemandHttpClient http = new TlsOnDemandHttpClient()) {
            HttpExecuteResponse response = http.prepareRequest(get("http://127.0.0.1:" + server.getAddress().getPort() + "/x")).call();

            assertThat(response.httpResponse().statusCode()).isEqualTo(200);
            assertThat(new String(response.responseBody().orElseThrow().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
            assertThat(http.tlsReady()).isFalse();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void setsTlsUp_atTheFirstHttpsRequest() throws IOException {
        try (TlsOnDemandHttpClient http = new TlsOnDemandHttpClient()) {
            http.prepareRequest(get("https://127.0.0.1:1/x")); // prepared only: nothing is sent

            assertThat(http.tlsReady()).isTrue();
        }
    }

    private static HttpExecuteRequest get(String uri) {
        return HttpExecuteRequest.builder()
                .request(SdkHttpRequest.builder().uri(URI.create(uri)).method(SdkHttpMethod.GET).build())
                .build();
    }
}
