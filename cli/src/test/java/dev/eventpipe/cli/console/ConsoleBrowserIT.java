package dev.eventpipe.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipe.cli.stack.LocalStack;
import dev.eventpipe.cli.stack.StackSettings;
import dev.eventpipe.shared.aws.S3ObjectStore;
import dev.eventpipe.shared.layout.FileId;
import dev.eventpipe.shared.receipt.Receipt;
import dev.eventpipe.shared.receipt.Receipts;
import dev.eventpipe.testkit.browser.Chromium;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The console against a local stack, as a person uses it: every page in headless Chromium at a phone's
 * and a desktop's width with no console message (a script error, a blocked or missing resource, a CSP
 * violation) and no failed request; an uploaded file in the list and its receipt on its page; a poison
 * message in the DLQ view and a confirmed redrive; hostile keys and reasons escaped. Screenshots are
 * kept in {@code target/console-screenshots/} to look at.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserIT {

    static final String CLEAN = """
            event_id,timestamp,event_type,user_id,amount
            e1,2026-11-25T10:00:00.000Z,click,u1,
            e2,2026-11-25T11:00:00.000Z,purchase,u2,9.99
            """;
    /** A row whose bad timestamp puts markup into the reject reason and the raw row. */
    static final String HOSTILE_ROWS = """
            event_id,timestamp,event_type,user_id,amount
            e1,2026-11-25T10:00:00.000Z,click,u1,
            e2,"<script>alert(""x"")</script>",click,u2,
            """;
    static final String HOSTILE_KEY = "hostile/<img src=x onerror=alert(1)> \"q\" 'a' ü—日本.csv";
    static final String QUARANTINED = "not,the,right,header\n1,2,3,4\n";
    static final Path SHOTS = Path.of("target", "console-screenshots").toAbsolutePath();

    @TempDir
    static Path dir;

    private LocalStack stack;
    private ConsoleServer console;
    private ConsoleServer readOnly;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private FileId clean;
    private FileId hostile;
    private FileId quarantined;

    @BeforeAll
    void start() throws Exception {
        stack = LocalStack.start(StackSettings.defaults(0, 0, dir.resolve("data")).withRetries(2, Duration.ofSeconds(1))
                .withPolling(2, Duration.ofSeconds(1), Duration.ofMinutes(1)), Map.of());
        StackSettings s = stack.settings();
        ConsoleConfig config = new ConsoleConfig(s.processedBucket(), Optional.of(s.inputBucket()), Optional.of(s.reportsBucket()),
                Optional.of(stack.queues().queueUrl()), Optional.of(stack.queues().dlqUrl()), false);
        console = ConsoleServer.start(config, stack.clients(), stack.sqs(), InetAddress.getLoopbackAddress(), 0, false);
        readOnly = ConsoleServer.start(new ConsoleConfig(config.processedBucket(), config.inputBucket(), config.reportsBucket(),
                config.queueUrl(), config.dlqUrl(), true), stack.clients(), stack.sqs(), InetAddress.getLoopbackAddress(), 0, false);

        S3Client s3 = stack.clients().s3();
        clean = put(s3, s.inputBucket(), "incoming/clean.csv", CLEAN);
        hostile = put(s3, s.inputBucket(), HOSTILE_KEY, HOSTILE_ROWS);
        quarantined = put(s3, s.inputBucket(), "incoming/legacy.csv", QUARANTINED);
        for (FileId id : List.of(clean, hostile, quarantined)) {
            awaitReceipt(id);
        }
        stack.sqs().sendMessage(b -> b.queueUrl(stack.queues().queueUrl()).messageBody("poison: <b>not</b> an S3 event"));
        awaitDlq();
        stack.reporter().run(Optional.of(LocalDate.now(ZoneOffset.UTC)), false);
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    void stop() {
        try {
            if (console != null) {
                console.close();
            }
            if (readOnly != null) {
                readOnly.close();
            }
        } finally {
            stack.close();
        }
    }

    private static FileId put(S3Client s3, String bucket, String key, String content) {
        var put = s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content.getBytes(StandardCharsets.UTF_8)));
        return FileId.of(bucket, key, Optional.of(put.versionId()), put.eTag().replace("\"", ""));
    }

    private Receipt awaitReceipt(FileId id) throws InterruptedException {
        S3ObjectStore store = new S3ObjectStore(stack.clients().s3(), S3ObjectStore.MIN_PART_SIZE);
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            Optional<Receipt> r = Receipts.read(store, stack.settings().processedBucket(), id);
            if (r.isPresent()) {
                return r.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no receipt for " + id);
    }

    /** Until the DLQ has a visible message (the poison after its receives), counted without receiving. */
    private void awaitDlq() throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            String n = stack.sqs().getQueueAttributes(b -> b.queueUrl(stack.queues().dlqUrl())
                    .attributeNamesWithStrings("ApproximateNumberOfMessages")).attributesAsStrings()
                    .getOrDefault("ApproximateNumberOfMessages", "0");
            if (Long.parseLong(n) > 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the poison message did not reach the DLQ");
    }

    private String get(ConsoleServer server, String path, int status) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.url().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + "\n" + r.body()).isEqualTo(status);
        if (r.headers().firstValue("Content-Type").orElse("").startsWith("text/html")) {
            assertThat(r.headers().firstValue("Content-Security-Policy")).as(path).isPresent();
        }
        return r.body();
    }

    private HttpResponse<String> post(ConsoleServer server, String path, Optional<String> origin, String form)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.url().resolve(path)).header("Content-Type",
                "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        origin.ifPresent(o -> b.header("Origin", o));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String origin(ConsoleServer server) {
        URI u = server.url();
        return u.getScheme() + "://" + u.getHost() + ":" + u.getPort();
    }

    private static String token(String html) {
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([0-9a-f]+)\"").matcher(html);
        assertThat(m.find()).as(html).isTrue();
        return m.group(1);
    }

    @Test
    void everyPage_loadsInChromium_atPhoneAndDesktopWidths_withoutConsoleMessages() throws Exception {
        Chromium.assumeInstalled();
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        Map<String, String> pages = new java.util.LinkedHashMap<>();
        pages.put("files", "/");
        pages.put("files-quarantined", "/?status=quarantined&prefix=incoming%2F");
        pages.put("file", "/file?id=" + clean.value());
        pages.put("file-hostile", "/file?id=" + hostile.value());
        pages.put("file-quarantined", "/file?id=" + quarantined.value());
        pages.put("file-by-key", "/file?key=" + URLEncoder.encode("incoming/clean.csv", StandardCharsets.UTF_8));
        pages.put("today", "/today");
        pages.put("dlq", "/dlq");
        pages.put("redrive", "/dlq/redrive");
        pages.put("purge", "/dlq/purge");
        pages.put("reports", "/reports");
        pages.put("report", "/reports/" + today);
        List<String> problems = new ArrayList<>();
        List<String> served = java.util.Collections.synchronizedList(new ArrayList<>());
        console.observe((method, path, status) -> served.add(status + " " + method + " " + path));
        for (Map.Entry<String, String> page : pages.entrySet()) {
            String url = console.url().resolve(page.getValue()).toString();
            for (int width : new int[] {412, 1280}) {
                Path shot = SHOTS.resolve(page.getKey() + "-" + width + ".png");
                Files.deleteIfExists(shot);
                Chromium.Run run = Chromium.run(dir.resolve("chromium"), "--screenshot=" + shot,
                        "--window-size=" + width + "," + (width < 600 ? 1800 : 1100), url);
                assertThat(run.status()).as(page.getKey() + " " + run.stderr()).isZero();
                problems.addAll(problems(page.getKey() + "@" + width, run.stderr()));
                byte[] png = Files.readAllBytes(shot);
                assertThat(png).as(page.getKey()).startsWith(0x89, 'P', 'N', 'G');
                assertThat(png.length).as(page.getKey() + " is a rendered page, not a blank one").isGreaterThan(8_000);
            }
        }
        console.observe((method, path, status) -> { });
        assertThat(problems).isEmpty();
        assertThat(served).as("every request the pages made").isNotEmpty().allMatch(line -> line.startsWith("200 "))
                .anyMatch(line -> line.endsWith("/static/console.css"));

        Chromium.Run dom = Chromium.run(dir.resolve("chromium"), "--dump-dom", console.url().resolve("/today").toString());
        assertThat(problems("today dom", dom.stderr())).isEmpty();
        assertThat(dom.stdout()).contains("<svg", "aria-label=\"files per 5 minutes\"", "incoming/legacy.csv");
    }

    /** Console messages and failed loads in Chromium's log. */
    private static List<String> problems(String page, String stderr) {
        return stderr.lines().filter(l -> l.contains("CONSOLE") || l.contains("Failed to load") || l.contains("net::ERR")
                || l.contains("Content Security Policy") || l.contains("Uncaught")).map(l -> page + ": " + l).toList();
    }

    @Test
    void uploadedFile_appearsInTheList_andItsPageShowsTheReceipt() throws Exception {
        String list = get(console, "/", 200);
        assertThat(list).contains("incoming/clean.csv", "/file?id=" + clean.value(), "incoming/legacy.csv");

        String page = get(console, "/file?id=" + clean.value(), 200);
        assertThat(page).contains("processed", "2 valid, 0 rejected", "events/dt=2026-11-25/" + clean.value(),
                "receipts written: processed".replace("receipts", "receipt"), "download",
                "eventpipe replay --bucket eventpipe-input --prefix incoming/clean.csv --force");

        String byKey = get(console, "/file?key=incoming%2Fclean.csv", 200);
        assertThat(byKey).contains(clean.value(), "2 valid, 0 rejected");

        String filtered = get(console, "/?status=quarantined", 200);
        assertThat(filtered).contains("incoming/legacy.csv", "bad_header").doesNotContain("incoming/clean.csv");
        assertThat(get(console, "/file?id=" + quarantined.value(), 200)).contains("quarantined", "bad_header");
        assertThat(get(console, "/today", 200)).contains("http-equiv=\"refresh\"", "<svg");
        assertThat(get(console, "/reports", 200)).contains("/reports/" + LocalDate.now(ZoneOffset.UTC));
    }

    @Test
    void hostileKeysAndReasons_renderEscaped() throws Exception {
        String page = get(console, "/file?id=" + hostile.value(), 200);
        String list = get(console, "/", 200);

        for (String html : List.of(page, list)) {
            assertThat(html).doesNotContain("<img", "<script", "onerror=alert(1)>")
                    .contains("hostile/&lt;img src=x onerror=alert(1)&gt; &quot;q&quot; &#39;a&#39; ü—日本.csv");
        }
        assertThat(page).contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
        assertThat(get(console, "/dlq", 200)).doesNotContain("<b>not</b>");
    }

    @Test
    void poisonMessage_isInTheDlqView_andAConfirmedRedriveMovesIt() throws Exception {
        awaitDlq();
        String dlq = get(console, "/dlq", 200);
        assertThat(dlq).contains("not an S3 notification", "Redrive…", "Purge…");

        String dry = get(console, "/dlq/redrive", 200);
        assertThat(dry).contains("Dry run", "would move back", "not an S3 notification");
        String token = token(dry);
        assertThat(post(console, "/dlq/redrive", Optional.of(origin(console)), "csrf=" + token).statusCode())
                .as("not confirmed").isEqualTo(400);
        assertThat(post(console, "/dlq/redrive", Optional.of("http://evil.example"), "csrf=" + token + "&confirm=yes")
                .statusCode()).isEqualTo(403);
        assertThat(post(console, "/dlq/redrive", Optional.empty(), "csrf=" + token + "&confirm=yes").statusCode())
                .isEqualTo(403);
        assertThat(post(console, "/dlq/redrive", Optional.of(origin(console)), "csrf=wrong&confirm=yes").statusCode())
                .isEqualTo(403);

        HttpResponse<String> done = post(console, "/dlq/redrive", Optional.of(origin(console)), "csrf=" + token + "&confirm=yes");

        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        Matcher moved = Pattern.compile("redrive: (\\d+) of (\\d+) message\\(s\\) moved back").matcher(done.body());
        assertThat(moved.find()).as(done.body()).isTrue();
        assertThat(Long.parseLong(moved.group(1))).isPositive().isEqualTo(Long.parseLong(moved.group(2)));
    }

    @Test
    void purge_needsTheWordTyped() throws Exception {
        String token = token(get(console, "/dlq/purge", 200));

        HttpResponse<String> r = post(console, "/dlq/purge", Optional.of(origin(console)), "csrf=" + token + "&confirm=yes");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("nothing was deleted");
    }

    @Test
    void readOnly_hidesRedriveAndPurge_andRefusesThem() throws Exception {
        assertThat(get(readOnly, "/dlq", 200)).doesNotContain("Redrive…", "Purge…");
        get(readOnly, "/dlq/redrive", 403);
        get(readOnly, "/dlq/purge", 403);
        String token = token(get(console, "/dlq/purge", 200)); // another run's token is no use here either
        assertThat(post(readOnly, "/dlq/purge", Optional.of(origin(readOnly)), "csrf=" + token + "&confirm=purge").statusCode())
                .isEqualTo(403);
    }

    @Test
    void foreignHostHeader_isRefused() throws Exception {
        try (Socket socket = new Socket(console.url().getHost(), console.url().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 421");
        }
    }

    @Test
    void nonLoopbackBind_isRefused_withoutTheFlag() throws Exception {
        InetAddress other = InetAddress.getByName("0.0.0.0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConsoleServer.start(new ConsoleConfig("b", Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), true), stack.clients(), stack.sqs(), other, 0, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
    }
}
