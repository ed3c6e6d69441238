package dev.eventpipe.testkit.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy's wire behaviour against a tiny echo server on loopback. */
class FaultProxyIT {

    private HttpServer echo;
    private final AtomicInteger served = new AtomicInteger();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void startEcho() throws IOException {
        echo = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        echo.createContext("/", exchange -> {
            served.incrementAndGet();
            byte[] body = exchange.getRequestBody().readAllBytes();
            byte[] answer = ("echo:" + exchange.getRequestMethod() + ":" + new String(body, StandardCharsets.UTF_8))
                    .repeat(exchange.getRequestURI().getPath().equals("/big") ? 1_000 : 1).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        echo.start();
    }

    @AfterEach
    void stopEcho() {
        echo.stop(0);
    }

    private URI target() {
        return URI.create("http://127.0.0.1:" + echo.getAddress().getPort());
    }

    private HttpResponse<String> post(FaultProxy proxy, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(proxy.endpoint().resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static FaultProxy proxy(URI target, FaultProxy.Service service, Fault fault) {
        return FaultProxy.start(target, service, new FaultPlan(Map.of(fault, 1.0), Duration.ofMillis(1), 1));
    }

    @Test
    void forwardsRequestsUntouched_overOneKeptAliveConnection_withoutFaults() throws Exception {
        try (FaultProxy proxy = FaultProxy.start(target(), FaultProxy.Service.S3, FaultPlan.none())) {
            HttpResponse<String> first = post(proxy, "/a", "one");
            HttpResponse<String> second = post(proxy, "/big", "two");

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.body()).isEqualTo("echo:POST:one");
            assertThat(second.body()).hasSize("echo:POST:two".length() * 1_000);
            assertThat(proxy.plan().requests()).isEqualTo(2);
            assertThat(served).hasValue(2);
        }
    }

    @Test
    void failsEveryMatchingRequestWithAccessDenied_untilTheRuleIsCleared_leavingThePlanAlone() throws Exception {
        try (FaultProxy proxy = FaultProxy.start(target(), FaultProxy.Service.S3, FaultPlan.none())) {
            proxy.failMatching(line -> line.startsWith("POST /poison"), Fault.ACCESS_DENIED);

            HttpResponse<String> denied = post(proxy, "/poison-1", "x");
            HttpResponse<String> other = post(proxy, "/fine", "y");
            proxy.clearRule();
            HttpResponse<String> cured = post(proxy, "/poison-1", "z");

            assertThat(denied.statusCode()).isEqualTo(403);
            assertThat(denied.body()).contains("<Code>AccessDenied</Code>");
            assertThat(other.body()).isEqualTo("echo:POST:y");
            assertThat(cured.body()).isEqualTo("echo:POST:z");
            assertThat(proxy.forced()).isEqualTo(1);
            assertThat(proxy.plan().requests()).as("the rule's request drew nothing from the plan").isEqualTo(2);
            assertThat(served).hasValue(2);
        }
    }

    @Test
    void answersS3InternalErrorAndSlowDown_withoutReachingTheEndpoint() throws Exception {
        try (FaultProxy error = proxy(target(), FaultProxy.Service.S3, Fault.INTERNAL_ERROR);
             FaultProxy slow = proxy(target(), FaultProxy.Service.S3, Fault.SLOW_DOWN)) {
            HttpResponse<String> e = post(error, "/k", "x");
            HttpResponse<String> s = post(slow, "/k", "x");

            assertThat(e.statusCode()).isEqualTo(500);
            assertThat(e.body()).contains("<Code>InternalError</Code>");
            assertThat(s.statusCode()).isEqualTo(503);
            assertThat(s.body()).contains("<Code>SlowDown</Code>");
            assertThat(served).hasValue(0);
        }
    }

    @Test
    void answersSqsThrottling_asTheJsonProtocolDoes() throws Exception {
        try (FaultProxy proxy = proxy(target(), FaultProxy.Service.SQS, Fault.THROTTLING)) {
            HttpResponse<String> r = post(proxy, "/", "{}");

            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("ThrottlingException");
            assertThat(r.headers().firstValue("x-amzn-query-error")).contains("ThrottlingException;Sender");
            assertThat(served).hasValue(0);
        }
    }

    @Test
    void resetsTheConnectionMidResponse_afterTheEndpointDidTheWork() {
        try (FaultProxy proxy = proxy(target(), FaultProxy.Service.S3, Fault.RESET_MID_RESPONSE)) {
            assertThatThrownBy(() -> post(proxy, "/big", "x")).isInstanceOf(IOException.class);
            assertThat(served).hasValue(1);
        }
    }

    @Test
    void truncatesTheBody_keepingItsContentLength() {
        try (FaultProxy proxy = proxy(target(), FaultProxy.Service.S3, Fault.TRUNCATED_BODY)) {
            assertThatThrownBy(() -> post(proxy, "/big", "x")).isInstanceOf(IOException.class);
            assertThat(served).hasValue(1);
        }
    }

    @Test
    void addsLatency_thenForwards() throws Exception {
        try (FaultProxy proxy = proxy(target(), FaultProxy.Service.SQS, Fault.LATENCY)) {
            assertThat(post(proxy, "/", "late").body()).isEqualTo("echo:POST:late");
            assertThat(proxy.plan().count(Fault.LATENCY)).isEqualTo(1);
        }
    }
}
