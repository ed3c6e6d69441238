package dev.eventpipe.reporter.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipe.reporter.Uploads;
import dev.eventpipe.reporter.Uploads.Rec;
import dev.eventpipe.reporter.ReporterApp;
import dev.eventpipe.reporter.ReporterConfig;
import dev.eventpipe.reporter.QueueProbe;
import dev.eventpipe.reporter.report.ReportRules;
import dev.eventpipe.shared.metrics.CountingMetrics;
import dev.eventpipe.shared.receipt.Receipt;
import dev.eventpipe.testkit.browser.Chromium;
import dev.eventpipe.testkit.store.InMemoryObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report.html} in a real browser: headless Chromium (Debian's {@code chromium} package, which
 * {@code .ci/run} installs) loads it from a file, with no console message (the page has no script, so
 * any message is an error such as a blocked or missing asset), and takes a phone-sized screenshot, kept
 * in {@code target/} for a person to look at.
 *
 * <p>Without Chromium the test is skipped on a developer's machine and fails under CI ({@code CI=true}): see
 * {@link Chromium}.
 */
class HtmlReportBrowserIT {

    @TempDir
    Path dir;

    @Test
    void loadsWithoutConsoleErrors_andRendersOnAPhoneScreen() throws Exception {
        Chromium.assumeInstalled();
        Path html = dir.resolve("report.html");
        Files.writeString(html, richReport(), StandardCharsets.UTF_8);
        Path screenshot = Path.of("target", "report-screenshot.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);

        Chromium.Run run = Chromium.run(dir, "--screenshot=" + screenshot, "--window-size=412,2400", html.toUri().toString());
        Chromium.Run dom = Chromium.run(dir, "--dump-dom", html.toUri().toString());

        assertThat(run.status()).as(run.stderr()).isZero();
        assertThat(run.stderr()).doesNotContain("CONSOLE", "Uncaught", "ERR_FILE_NOT_FOUND", "net::ERR");
        assertThat(dom.stderr()).doesNotContain("CONSOLE");
        assertThat(dom.stdout()).contains("<svg", "aria-label=\"valid records per hour\"",
                "aria-label=\"valid records per event type\"", "eventpipe daily report: 2026-11-25");
        byte[] png = Files.readAllBytes(screenshot);
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        assertThat(png.length).isGreaterThan(20_000); // a rendered page, not a blank one
    }

    /** A day with every section filled: hours, types, actions, amounts, rejects, quarantine, history. */
    private static String richReport() throws IOException {
        InMemoryObjectStore store = new InMemoryObjectStore();
        Uploads uploads = new Uploads(store);
        Random rnd = new Random(7);
        String[] types = {"page_view", "click", "purchase", "login", "logout", "add_to_cart"};
        List<Rec> records = new ArrayList<>();
        Instant start = Instant.parse("2026-11-25T00:00:00Z");
        for (int i = 0; i < 2_000; i++) {
            Instant at = start.plusSeconds((long) (86_399 * Math.pow(rnd.nextDouble(), 0.7)));
            String type = types[rnd.nextInt(types.length)];
            records.add(new Rec(at, type, type.equals("purchase") ? "pay" : "view", "user-" + rnd.nextInt(300),
                    type.equals("purchase") ? BigDecimal.valueOf(100 + rnd.nextInt(20_000), 2).toPlainString() : null));
        }
        Instant noon = Instant.parse("2026-11-25T12:00:00Z");
        uploads.processed("partner/feed <b>&amp; co</b>.csv", records, 37, new TreeMap<>(Map.of(
                "invalid_timestamp", new Receipt.RejectReason(30, List.of(4L, 9L, 17L)),
                "missing_required", new Receipt.RejectReason(7, List.of(12L)))), noon, noon.plusMillis(1_840));
        uploads.quarantined("legacy/report.csv", "bad_header", "header (line 1): required column(s) missing: timestamp",
                noon, noon.plusSeconds(1));
        ReporterConfig config = new ReporterConfig(Uploads.PROCESSED, "reports", Optional.empty(), Optional.empty(),
                Optional.empty(), ZoneId.of("UTC"), Duration.ofDays(7), ReportRules.DEFAULTS, 4, "eventpipe", "eventpipe-reporter", List.of(), 1_000_000);
        try (ReporterApp app = ReporterApp.create(config, store, Optional.empty(), QueueProbe.NONE, Optional.empty(),
                new CountingMetrics(), Clock.fixed(Instant.parse("2026-11-26T08:00:00Z"), ZoneOffset.UTC))) {
            app.run(Optional.of(LocalDate.of(2026, 11, 25)), false);
        }
        try (InputStream in = store.open("reports", "daily/2026/11/25/report.html", Optional.empty()).orElseThrow()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
