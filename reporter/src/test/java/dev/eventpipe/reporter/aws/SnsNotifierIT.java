package dev.eventpipe.reporter.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToIgnoreCase;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.eventpipe.shared.aws.AwsClients;
import dev.eventpipe.shared.notify.Notifier;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The SNS adapter against a WireMock stub of the SNS query API: the exact request the SDK sends, the
 * SDK's retry on a 500, and the failure once the retries are spent.
 */
class SnsNotifierIT {

    private static final String TOPIC = "arn:aws:sns:us-east-1:000000000000:eventpipe-reports";
    private static WireMockServer sns;
    private static AwsClients clients;
    private static SnsClient client;

    @BeforeAll
    static void start() {
        sns = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        sns.start();
        clients = AwsClients.forEmulator(URI.create(sns.baseUrl()));
        client = clients.build(SnsClient.builder());
    }

    @AfterAll
    static void stop() {
        client.close();
        clients.close();
        sns.stop();
    }

    @BeforeEach
    void reset() {
        sns.resetAll();
    }

    @Test
    void publishes_withTheQueryProtocolRequest() {
        sns.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(200).withBody(SnsQueryApi.PUBLISHED)));

        new SnsNotifier(client, TOPIC).publish(new Notifier.Message("eventpipe 2026-11-25: 3 files, 0.5% rejected, 0 quarantined",
                "Files processed: 3\nlink: https://example.test/r.html?a=1&b=2\n"));

        List<LoggedRequest> requests = sns.findAll(postRequestedFor(urlEqualTo("/")));
        assertThat(requests).hasSize(1);
        LoggedRequest r = requests.get(0);
        assertThat(r.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(r.getHeader("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=eventpipe/").contains("/sns/aws4_request");
        assertThat(SnsQueryApi.form(r.getBodyAsString())).containsExactlyInAnyOrderEntriesOf(Map.of(
                "Action", "Publish",
                "Version", "2010-03-31",
                "TopicArn", TOPIC,
                "Subject", "eventpipe 2026-11-25: 3 files, 0.5% rejected, 0 quarantined",
                "Message", "Files processed: 3\nlink: https://example.test/r.html?a=1&b=2\n"));
    }

    @Test
    void retries_aServerError_andThenSucceeds() {
        sns.stubFor(post(urlEqualTo("/")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500).withBody(SnsQueryApi.INTERNAL_ERROR)).willSetStateTo("recovered"));
        sns.stubFor(post(urlEqualTo("/")).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200).withBody(SnsQueryApi.PUBLISHED)));

        new SnsNotifier(client, TOPIC).publish(new Notifier.Message("subject", "body"));

        sns.verify(2, postRequestedFor(urlEqualTo("/")).withRequestBody(com.github.tomakehurst.wiremock.client.WireMock
                .containing("Action=Publish")));
    }

    @Test
    void fails_withNotificationException_onceTheRetriesAreSpent() {
        sns.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(500).withBody(SnsQueryApi.INTERNAL_ERROR)));
        SnsNotifier notifier = new SnsNotifier(client, TOPIC);

        assertThatThrownBy(() -> notifier.publish(new Notifier.Message("subject", "body")))
                .isInstanceOf(Notifier.NotificationException.class).hasMessageContaining(TOPIC);
        // The SDK's standard retry mode: three attempts in all.
        sns.verify(3, postRequestedFor(urlEqualTo("/")).withHeader("Content-Type", equalToIgnoreCase(
                "application/x-www-form-urlencoded; charset=utf-8")));
    }
}
