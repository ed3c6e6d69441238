package dev.eventpipe.reporter;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.eventpipe.local.emulator.QueuePair;
import dev.eventpipe.local.esm.LocalContext;
import dev.eventpipe.reporter.aws.SnsNotifier;
import dev.eventpipe.reporter.aws.SnsQueryApi;
import dev.eventpipe.reporter.Uploads.Rec;
import dev.eventpipe.shared.aws.AwsClients;
import dev.eventpipe.shared.aws.S3ObjectStore;
import dev.eventpipe.shared.json.Json;
import dev.eventpipe.shared.metrics.CountingMetrics;
import dev.eventpipe.shared.metrics.Metric;
import dev.eventpipe.testkit.emulators.Emulators;
import dev.eventpipe.testkit.emulators.EmulatorsExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The reporter Lambda end to end on the embedded emulators: receipts and manifests in the local S3, queues in
 * ElasticMQ, SNS stubbed by WireMock; invoked through its handler as the scheduler would, with a date.
 */
@ExtendWith(EmulatorsExtension.class)
class ReporterIT {

    private static final String TOPIC = "arn:aws:sns:us-east-1:000000000000:eventpipe-reports";

    private final Emulators emulators;
    private final WireMockServer sns = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private final AwsClients snsClients;
    private final SnsClient snsClient;

    ReporterIT(Emulators emulators) {
        this.emulators = emulators;
        sns.start();
        snsClients = AwsClients.forEmulator(URI.create(sns.baseUrl()));
        snsClient = snsClients.build(SnsClient.builder());
    }

    @AfterEach
    void stop() {
        snsClient.close();
        snsClients.close();
        sns.stop();
    }

    @Test
    void handler_writesReports_readsQueueDepths_andPublishesALinkThatWorks() throws Exception {
        String processed = emulators.uniqueName("processed");
        String reports = emulators.uniqueName("reports");
        emulators.createBucket(processed);
        emulators.createBucket(reports);
        QueuePair queues = emulators.createQueueWithDlq(emulators.uniqueName("files"), 3, java.time.Duration.ofSeconds(30));
        emulators.sqs().sendMessage(b -> b.queueUrl(queues.dlqUrl()).messageBody("{\"Records\":[]}"));
        S3ObjectStore store = new S3ObjectStore(emulators.s3(), S3ObjectStore.MIN_PART_SIZE);
        givenFiles(new Uploads(store, processed), Instant.parse("2026-11-25T12:00:00Z"));
        sns.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(200).withBody(SnsQueryApi.PUBLISHED)));
        Map<String, String> env = new HashMap<>();
        env.put(ReporterConfig.PROCESSED_BUCKET, processed);
        env.put(ReporterConfig.REPORTS_BUCKET, reports);
        env.put(ReporterConfig.TOPIC_ARN, TOPIC);
        env.put(ReporterConfig.QUEUE_URL, queues.queueUrl());
        env.put(ReporterConfig.DLQ_URL, queues.dlqUrl());
        CountingMetrics metrics = new CountingMetrics();
        ReporterApp app = ReporterApp.onAws(ReporterConfig.fromEnv(env), emulators.clients(), emulators.sqs(),
                Optional.of(new SnsNotifier(snsClient, TOPIC)), metrics, Clock.fixed(Instant.parse("2026-11-26T08:00:00Z"), ZoneOffset.UTC));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        new ReporterHandler(app).handleRequest(new ByteArrayInputStream("{\"date\":\"2026-11-25\"}".getBytes(StandardCharsets.UTF_8)),
                out, LocalContext.of("eventpipe-reporter"));

        JsonNode answer = Json.mapper().readTree(out.toByteArray());
        assertThat(answer.get("date").asText()).isEqualTo("2026-11-25");
        assertThat(answer.get("notification").asText()).isEqualTo("sent");
        JsonNode report = Json.mapper().readTree(emulators.s3().getObjectAsBytes(b -> b.bucket(reports)
                .key("daily/2026/11/25/report.json")).asByteArray());
        assertThat(report.at("/totals/files_processed").asLong()).isEqualTo(2);
        assertThat(report.at("/totals/records_valid").asLong()).isEqualTo(3);
        assertThat(report.at("/operations/dlq_depth").asLong()).isEqualTo(1);
        assertThat(report.at("/operations/queue_depth").asLong()).isZero();
        assertThat(metrics.total(Metric.REPORT_GENERATED)).isEqualTo(1);

        sns.verify(1, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=Publish")));
        String message = SnsQueryApi.form(sns.getAllServeEvents().get(0).getRequest().getBodyAsString()).get("Message");
        Matcher link = Pattern.compile("(http://\\S+report\\.html\\S*)").matcher(message);
        assertThat(link.find()).as("a link in %s", message).isTrue();
        HttpResponse<String> html = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(link.group(1))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.body()).startsWith("<!DOCTYPE html>").contains("eventpipe daily report: 2026-11-25");
        app.close();
    }

    @Test
    void accountsForTheDaysUploadsFromTheInputBucketsListing_andWritesTheReportWithoutThemWhenTheListingIsTooLong()
            throws Exception {
        String input = emulators.uniqueName("input");
        String processed = emulators.uniqueName("processed");
        String reports = emulators.uniqueName("reports");
        emulators.createBucket(input);
        emulators.createBucket(processed);
        emulators.createBucket(reports);
        List<Instant> created = new java.util.ArrayList<>();
        for (String key : List.of("in/a.csv", "in/b.csv")) {
            emulators.s3().putObject(b -> b.bucket(input).key(key), software.amazon.awssdk.core.sync.RequestBody.fromString("x"));
            created.add(emulators.s3().headObject(b -> b.bucket(input).key(key)).lastModified());
        }
        // S3 stamps uploads with its own clock: the report is of the first upload's UTC day, after it.
        java.time.LocalDate day = java.time.LocalDate.ofInstant(created.get(0), ZoneOffset.UTC);
        long ofThatDay = created.stream().filter(t -> java.time.LocalDate.ofInstant(t, ZoneOffset.UTC).equals(day)).count();
        Clock after = Clock.fixed(day.plusDays(1).atTime(8, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
        Map<String, String> env = new HashMap<>();
        env.put(ReporterConfig.PROCESSED_BUCKET, processed);
        env.put(ReporterConfig.REPORTS_BUCKET, reports);
        env.put(ReporterConfig.INPUT_BUCKETS, input);

        try (ReporterApp app = ReporterApp.onAws(ReporterConfig.fromEnv(env), emulators.clients(), emulators.sqs(),
                Optional.empty(), new CountingMetrics(), after)) {
            var uploads = app.run(Optional.of(day), false).report().operations().uploads();
            assertThat(uploads).hasValueSatisfying(u -> {
                assertThat(u.objects()).isEqualTo(ofThatDay);
                assertThat(u.noReceipt()).as("nothing processed them").isEqualTo(ofThatDay);
                assertThat(u.buckets()).containsExactly(input);
            });
        }
        env.put(ReporterConfig.MAX_LISTED, "1");
        try (ReporterApp app = ReporterApp.onAws(ReporterConfig.fromEnv(env), emulators.clients(), emulators.sqs(),
                Optional.empty(), new CountingMetrics(), after)) {
            ReportRun run = app.run(Optional.of(day), false);
            assertThat(run.report().operations().uploads()).as("two versions listed, one allowed").isEmpty();
            assertThat(run.report().alerts()).extracting(a -> a.code()).doesNotContain("unaccounted");
        }
        assertThat(emulators.s3().listObjectsV2(b -> b.bucket(reports)).contents()).isNotEmpty();
    }

    private static void givenFiles(Uploads uploads, Instant noon) {
        uploads.processed("a.csv", List.of(new Rec(noon, "login", null, "u1", null),
                new Rec(noon.plusSeconds(60), "purchase", "pay", "u2", "9.99")), 0, new TreeMap<>(), noon, noon.plusSeconds(2));
        uploads.processed("b.csv", List.of(new Rec(noon.plusSeconds(3600), "login", null, "u3", null)), 0,
                new TreeMap<>(), noon, noon.plusSeconds(5));
    }
}
