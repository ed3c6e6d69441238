package dev.eventpipe.reporter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipe.reporter.Uploads.Rec;
import dev.eventpipe.reporter.report.DailyReport;
import dev.eventpipe.reporter.report.ReportAssembler;
import dev.eventpipe.reporter.report.ReportRules;
import dev.eventpipe.shared.audit.Upload;
import dev.eventpipe.shared.config.PipelineVersion;
import dev.eventpipe.shared.metrics.CountingMetrics;
import dev.eventpipe.shared.metrics.Metric;
import dev.eventpipe.shared.notify.Notifier;
import dev.eventpipe.shared.receipt.Receipt;
import dev.eventpipe.testkit.store.InMemoryObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ReporterAppTest {

    private static final String REPORTS = "reports";
    private static final LocalDate DAY = LocalDate.of(2026, 11, 25);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T08:00:00Z"), ZoneOffset.UTC);

    private final InMemoryObjectStore store = new InMemoryObjectStore();
    private final Uploads uploads = new Uploads(store);
    private final CountingMetrics metrics = new CountingMetrics();
    private final List<Notifier.Message> sent = new ArrayList<>();

    @Test
    void reportsYesterday_byDefault_andWritesTheThreeReports() {
        givenTypicalDay();

        ReportRun run = app(message -> sent.add(message)).run(Optional.empty(), true);

        assertThat(run.report().date()).isEqualTo(DAY);
        assertThat(run.keys()).containsExactly("daily/2026/11/25/report.json", "daily/2026/11/25/report.txt",
                "daily/2026/11/25/report.html");
        for (String key : run.keys()) {
            assertThat(read(key)).isNotEmpty();
        }
        assertThat(read("daily/2026/11/25/report.txt")).isEqualTo(run.text());
        assertThat(run.notification()).isEqualTo(ReportRun.Notification.SENT);
        assertThat(metrics.total(Metric.REPORT_GENERATED)).isEqualTo(1);
        assertThat(metrics.total(Metric.REPORT_RECORDS)).isEqualTo(3);
        assertThat(metrics.flushes()).isEqualTo(1);
    }

    @Test
    void defaultDay_isYesterdayInTheReportZone() {
        // 12:00 UTC on the 26th is already 01:00 on the 27th in Auckland (UTC+13): yesterday there is the 26th.
        Clock noonUtc = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);
        ReporterApp app = ReporterApp.create(config(ZoneId.of("Pacific/Auckland")), store, Optional.empty(), QueueProbe.NONE,
                Optional.empty(), metrics, noonUtc);

        assertThat(app.defaultDate()).isEqualTo(LocalDate.of(2026, 11, 26));
    }

    @Test
    void reportJson_hasTheStablePaths_andARerunRewritesTheSameBytes() throws IOException {
        givenTypicalDay();
        ReporterApp app = app(message -> sent.add(message));

        app.run(Optional.of(DAY), false);
        String first = read("daily/2026/11/25/report.json");
        app.run(Optional.of(DAY), false);

        assertThat(read("daily/2026/11/25/report.json")).isEqualTo(first);
        var json = dev.eventpipe.shared.json.Json.mapper().readTree(first);
        assertThat(json.at("/schema_version").asInt()).isEqualTo(1);
        assertThat(json.at("/date").asText()).isEqualTo("2026-11-25");
        assertThat(json.at("/totals/files_processed").asLong()).isEqualTo(2);
        assertThat(json.at("/totals/files_quarantined").asLong()).isEqualTo(1);
        assertThat(json.at("/totals/records_valid").asLong()).isEqualTo(3);
        assertThat(json.at("/totals/records_rejected").asLong()).isEqualTo(1);
        assertThat(json.at("/by_event_type/page_view").asLong()).isEqualTo(2);
        assertThat(json.at("/by_action/pay").asLong()).isEqualTo(1);
        assertThat(json.at("/by_hour")).hasSize(24);
        assertThat(json.at("/by_hour/9").asLong()).isEqualTo(2);
        assertThat(json.at("/users/distinct").asLong()).isEqualTo(3);
        assertThat(json.at("/users/distinct_exact").asBoolean()).isTrue();
        assertThat(json.at("/ingested_event_dates").toString()).isEqualTo("[\"2026-11-24\",\"2026-11-25\"]");
        assertThat(sent).isEmpty();
    }

    @Test
    void textReport_matchesTheGoldenFile_andFits80Columns() throws IOException {
        givenTypicalDay();

        ReportRun run = app(message -> sent.add(message)).run(Optional.of(DAY), false);

        Path golden = Path.of("src/test/resources/golden/report.txt");
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(golden, run.text().replace(PipelineVersion.get(), "<version>"));
        }
        // The version changes with every release; everything else is fixed by the store and the clock.
        assertThat(run.text().replace(PipelineVersion.get(), "<version>")).isEqualTo(Files.readString(golden));
        assertThat(run.text().lines()).allSatisfy(line -> assertThat(line.codePointCount(0, line.length())).isLessThanOrEqualTo(80));
    }

    @Test
    void emptyDay_raisesNoDataAlert_andSaysSoInTheSubject() {
        ReportRun run = app(message -> sent.add(message)).run(Optional.of(DAY), true);

        assertThat(run.report().alerts()).extracting(DailyReport.Alert::code).containsExactly("no_data");
        assertThat(sent).singleElement().satisfies(m -> assertThat(m.subject()).isEqualTo("eventpipe 2026-11-25: no data arrived"));
    }

    @Test
    void figureFarFromItsSevenDayMedian_isFlagged() {
        ReporterApp app = app(message -> sent.add(message));
        Instant base = Instant.parse("2026-11-18T10:00:00Z");
        for (int d = 0; d < 7; d++) { // ten files a day for a week
            Instant at = base.plusSeconds(86_400L * d);
            for (int f = 0; f < 10; f++) {
                uploads.processed("w" + d + "/f" + f + ".csv", List.of(new Rec(at, "login", null, "u" + f, null)), 0,
                        new TreeMap<>(), at, at);
            }
            app.run(Optional.of(LocalDate.ofInstant(at, ZoneOffset.UTC)), false);
        }
        Instant day = Instant.parse("2026-11-25T10:00:00Z"); // then one file
        uploads.processed("d/f.csv", List.of(new Rec(day, "login", null, "u1", null)), 0, new TreeMap<>(), day, day);

        DailyReport report = app.run(Optional.of(DAY), true).report();

        DailyReport.Comparison files = report.comparison().get(0);
        assertThat(files.figure()).isEqualTo("files_processed");
        assertThat(files.previousDay()).contains(10.0);
        assertThat(files.median7()).contains(10.0);
        assertThat(files.daysInMedian()).isEqualTo(7);
        assertThat(files.changeVsMedian()).contains(-0.9);
        assertThat(files.flagged()).isTrue();
        assertThat(report.alerts()).extracting(DailyReport.Alert::code).contains("out_of_band");
        assertThat(sent.get(0).subject()).isEqualTo("eventpipe 2026-11-25: 1 file, 0.0% rejected, 0 quarantined [3 alerts]");
    }

    @Test
    void failedNotification_isCountedAndLogged_whileTheReportsStayWritten() {
        givenTypicalDay();
        ReporterApp app = app(message -> {
            throw new Notifier.NotificationException("SNS said no", null);
        });

        ReportRun run = app.run(Optional.of(DAY), true);

        assertThat(run.notification()).isEqualTo(ReportRun.Notification.FAILED);
        assertThat(metrics.total(Metric.NOTIFICATION_FAILED)).isEqualTo(1);
        assertThat(read("daily/2026/11/25/report.json")).contains("\"date\" : \"2026-11-25\"");
    }

    @Test
    void notification_linksTheHtmlReport_withTheConfiguredValidity() {
        givenTypicalDay();
        List<String> signed = new ArrayList<>();
        LinkSigner signer = (bucket, key, validity) -> {
            signed.add(bucket + "/" + key + " " + validity);
            return URI.create("https://example.test/" + key + "?signed");
        };
        ReporterApp app = ReporterApp.create(config(ZoneOffset.UTC), store, Optional.of(sent::add), queues(0, 2),
                Optional.of(signer), metrics, CLOCK);

        app.run(Optional.of(DAY), true);

        assertThat(signed).containsExactly("reports/daily/2026/11/25/report.html PT168H");
        Notifier.Message m = sent.get(0);
        assertThat(m.subject()).isEqualTo("eventpipe 2026-11-25: 2 files, 20.0% rejected, 1 quarantined [3 alerts]");
        assertThat(m.body()).contains("https://example.test/daily/2026/11/25/report.html?signed", "valid for 7 days",
                "2 messages are in the dead-letter queue", "Valid records:      3");
    }

    @Test
    void reportAfterTheHourlyRollup_readsRollups_andSaysTheSameAsBefore() throws IOException {
        givenTypicalDay();
        ReporterApp app = app(message -> sent.add(message));
        ReportRun before = app.run(Optional.of(DAY), false);
        byte[] jsonBefore = store.bytes(REPORTS, "daily/2026/11/25/report.json");

        var results = app.rollUp();
        ReportRun after = app.run(Optional.of(DAY), false);

        assertThat(results).anyMatch(r -> r.rolledUp() > 0);
        assertThat(store.list(Uploads.PROCESSED, "rollups/processed-on/dt=2026-11-25/", 10)).hasSize(1);
        assertThat(store.list(Uploads.PROCESSED, "rollups/manifests/dt=2026-11-25/", 10)).hasSize(1);
        assertThat(after.text()).isEqualTo(before.text());
        assertThat(store.bytes(REPORTS, "daily/2026/11/25/report.json")).isEqualTo(jsonBefore);
    }

    @Test
    void rollupInput_rollsUpInsteadOfReporting_andAnswersWithWhatItWrote() throws IOException {
        givenTypicalDay();
        var out = new java.io.ByteArrayOutputStream();

        new ReporterHandler(app(message -> sent.add(message)))
                .handleRequest(new java.io.ByteArrayInputStream("{\"rollup\": true}".getBytes(StandardCharsets.UTF_8)), out, null);

        var answer = dev.eventpipe.shared.json.Json.mapper().readTree(out.toByteArray());
        assertThat(answer.get("rolled_up").asLong()).isEqualTo(6); // 3 receipts; 3 manifests (the feed has records of the 24th and the 25th)
        assertThat(answer.get("rollups")).isNotEmpty();
        assertThat(store.list(REPORTS, "daily/", 10)).isEmpty(); // no report was made
        assertThat(metrics.total(Metric.ROLLUP_WRITTEN)).isEqualTo(1);
        assertThat(metrics.total(Metric.ROLLUP_DOCUMENTS)).isEqualTo(6);
    }

    @Test
    void accountsForTheDaysUploads_andAlertsOnThoseWithoutAReceipt_thatTheFilesQueueDoesNotHold() throws IOException {
        givenTypicalDay();
        Instant noon = Instant.parse("2026-11-25T12:00:00Z");
        InputListing listing = listing(upload("partner/feed.csv", noon.minusSeconds(9000)), upload("app/export.json", noon),
                upload("legacy/report.csv", noon), upload("lost/never-processed.csv", noon),
                upload("old/yesterday.csv", noon.minus(java.time.Duration.ofDays(1))));

        DailyReport.Uploads none = app(listing, 0).run(Optional.of(DAY), false).report().operations().uploads().orElseThrow();
        app(listing, 0).rollUp();
        ReportRun rolled = app(listing, 0).run(Optional.of(DAY), false);
        var json = dev.eventpipe.shared.json.Json.mapper().readTree(read("daily/2026/11/25/report.json"));
        ReportRun queued = app(listing, 3).run(Optional.of(DAY), false);

        assertThat(none).isEqualTo(new DailyReport.Uploads(4, 2, 1, 0, 1, 0, List.of(Uploads.INPUT)));
        assertThat(rolled.report().operations().uploads()).as("through the roll-ups").contains(none);
        assertThat(rolled.report().alerts()).filteredOn(a -> a.code().equals("unaccounted")).singleElement()
                .satisfies(a -> assertThat(a.message()).startsWith("1 upload of 2026-11-25 has no receipt").contains(
                        "eventpipe audit --bucket " + Uploads.INPUT + " --since 2026-11-25T00:00:00Z --until 2026-11-26T00:00:00Z"));
        assertThat(json.at("/operations/uploads/objects").asLong()).isEqualTo(4);
        assertThat(json.at("/operations/uploads/no_receipt").asLong()).isEqualTo(1);
        assertThat(rolled.text()).contains("uploads of the day     4 (3 with a receipt)", "without a receipt    1 (in the DLQ or lost)");
        // while the files queue holds messages, a file without a receipt may still be on its way
        assertThat(queued.report().operations().uploads().orElseThrow().stillQueued()).isEqualTo(1);
        assertThat(queued.report().alerts()).extracting(DailyReport.Alert::code).doesNotContain("unaccounted");
    }

    private ReporterApp app(InputListing listing, long queueDepth) {
        return ReporterApp.create(config(ZoneId.of("UTC")), store, Optional.empty(), queues(queueDepth, 0), Optional.empty(),
                Optional.of(listing), metrics, CLOCK);
    }

    /** An upload as the input bucket's listing shows it, with the ETag {@link Uploads} gives the file's receipt. */
    private static Upload upload(String key, Instant at) {
        return Upload.of(Uploads.INPUT, key, Optional.empty(), "etag-" + key.hashCode(), 10, at);
    }

    /** The input bucket's listing: only the uploads in the window asked for, as S3's is filtered by the listing. */
    private static InputListing listing(Upload... uploads) {
        return new InputListing() {
            @Override
            public List<String> buckets() {
                return List.of(Uploads.INPUT);
            }

            @Override
            public List<Upload> created(Instant since, Instant until) {
                return java.util.Arrays.stream(uploads).filter(u -> !u.lastModified().isBefore(since) && u.lastModified().isBefore(until))
                        .toList();
            }
        };
    }

    private void givenTypicalDay() {
        Instant nine = Instant.parse("2026-11-25T09:15:00Z");
        uploads.processed("partner/feed.csv", List.of(
                new Rec(nine, "page_view", "view", "u1", null),
                new Rec(nine.plusSeconds(60), "purchase", "pay", "u2", "12.50"),
                new Rec(Instant.parse("2026-11-24T23:00:00Z"), "login", null, "u9", null)), // late: yesterday's event
                1, new TreeMap<>(Map.of("invalid_timestamp", new Receipt.RejectReason(1, List.of(4L)))),
                nine.plusSeconds(300), nine.plusSeconds(302));
        uploads.processed("app/export.json", List.of(
                new Rec(Instant.parse("2026-11-25T17:45:00Z"), "page_view", null, "u3", null)),
                0, new TreeMap<>(), nine.plusSeconds(3600), nine.plusSeconds(3601));
        uploads.quarantined("legacy/report.csv", "bad_header", "header (line 1): required column timestamp is missing",
                nine.plusSeconds(7200), nine.plusSeconds(7201));
    }

    private ReporterApp app(Notifier notifier) {
        return ReporterApp.create(config(ZoneId.of("UTC")), store, Optional.of(notifier), queues(3, 0), Optional.empty(),
                metrics, CLOCK);
    }

    private static QueueProbe queues(long queue, long dlq) {
        return () -> new ReportAssembler.QueueDepths(Optional.of(queue), Optional.of(dlq));
    }

    static ReporterConfig config(ZoneId zone) {
        return new ReporterConfig(Uploads.PROCESSED, REPORTS, Optional.of("arn:aws:sns:us-east-1:000000000000:reports"),
                Optional.empty(), Optional.empty(), zone, java.time.Duration.ofDays(7), ReportRules.DEFAULTS, 4,
                "eventpipe", "eventpipe-reporter", List.of(), 1_000_000);
    }

    private String read(String key) {
        try (InputStream in = store.open(REPORTS, key, Optional.empty()).orElseThrow()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
