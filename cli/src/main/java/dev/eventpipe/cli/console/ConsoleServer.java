package dev.eventpipe.cli.console;

import dev.eventpipe.shared.lifecycle.DaemonThreads;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.eventpipe.ingest.Progress;
import dev.eventpipe.ingest.dlq.DeadLetterQueue;
import dev.eventpipe.ingest.dlq.DlqStatus;
import dev.eventpipe.ingest.dlq.QueueDepth;
import dev.eventpipe.ingest.dlq.RedriveResult;
import dev.eventpipe.ingest.receipt.FileReport;
import dev.eventpipe.ingest.ReceiptSource;
import dev.eventpipe.ingest.receipt.ReceiptLookup;
import dev.eventpipe.shared.aws.AwsClients;
import dev.eventpipe.shared.aws.S3ObjectStore;
import dev.eventpipe.shared.store.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The console's HTTP server (the JDK's {@code com.sun.net.httpserver}): routes, the {@link RequestGuard},
 * and the headers every answer carries (a strict Content-Security-Policy: no script at all, styles and
 * images from this server only). Handlers only adapt: parse the request, ask {@link ConsoleData}, build a
 * view, render it.
 */
public final class ConsoleServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);

    static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'";
    /** A stored report has its own inline stylesheet and no script; it is shown sandboxed. */
    static final String REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; "
            + "base-uri 'none'; form-action 'none'; sandbox";
    static final int REFRESH_SECONDS = 5;
    private static final int MAX_FORM_BYTES = 16 * 1024;
    private static final int REJECTS_SHOWN = 10;
    private static final int FILTER_SCAN_LIMIT = 20_000;

    private final HttpServer http;
    private final ExecutorService threads;
    private final ConsoleData data;
    private final RequestGuard guard;
    private final URI url;
    private volatile Observer observer = (method, path, status) -> { };

    /** Sees every answer's status (tests: no failed request while a browser loads the pages). */
    @FunctionalInterface
    interface Observer {
        void answered(String method, String path, int status);
    }

    private ConsoleServer(HttpServer http, ExecutorService threads, ConsoleData data, RequestGuard guard, URI url) {
        this.http = http;
        this.threads = threads;
        this.data = data;
        this.guard = guard;
        this.url = url;
    }

    /**
     * Starts a console over these clients (the caller keeps and closes them).
     *
     * @param bind the address to listen on; a non-loopback one only when {@code allowNonLoopback}
     * @param port 0 for a free one
     */
    public static ConsoleServer start(ConsoleConfig config, AwsClients clients, SqsClient sqs, InetAddress bind, int port,
                                      boolean allowNonLoopback) {
        ObjectStore store = new S3ObjectStore(clients.s3(), S3ObjectStore.MIN_PART_SIZE);
        ReceiptSource receipts = new ReceiptLookup(store, config.processedBucket());
        Optional<DeadLetterQueue> dlq = config.queueUrl().isPresent() && config.dlqUrl().isPresent()
                ? Optional.of(new DeadLetterQueue(sqs, config.queueUrl().get(), config.dlqUrl().get(), receipts, Clock.systemUTC(),
                        DeadLetterQueue.Sleeper.SYSTEM, DeadLetterQueue.HOLD))
                : Optional.empty();
        ConsoleData data = new ConsoleData(config, clients.s3(), clients.presigner(), store, dlq, Clock.systemUTC());
        try {
            return start(data, bind, port, allowNonLoopback);
        } catch (RuntimeException e) {
            data.close();
            throw e;
        }
    }

    /**
     * Starts serving.
     *
     * @param bind the address to listen on; a non-loopback one only when {@code allowNonLoopback}
     * @param port 0 for a free one
     */
    static ConsoleServer start(ConsoleData data, InetAddress bind, int port, boolean allowNonLoopback) {
        Objects.requireNonNull(data, "data");
        if (!bind.isLoopbackAddress() && !allowNonLoopback) {
            throw new IllegalArgumentException("the console has no login: it binds to loopback only ("
                    + bind.getHostAddress() + " is not); --allow-non-loopback overrides this");
        }
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(bind, port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + bind.getHostAddress() + ":" + port + ": " + e.getMessage(), e);
        }
        int actual = http.getAddress().getPort();
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        RequestGuard guard = new RequestGuard(RequestGuard.loopbackHosts(bind.getHostAddress(), actual),
                HexFormat.of().formatHex(secret));
        String host = bind.getHostAddress().contains(":") ? "[" + bind.getHostAddress() + "]" : bind.getHostAddress();
        URI url = URI.create("http://" + host + ":" + actual + "/");
        ExecutorService threads = Executors.newFixedThreadPool(4, DaemonThreads.named("console-http"));
        ConsoleServer server = new ConsoleServer(http, threads, data, guard, url);
        http.createContext("/", server::handle);
        http.setExecutor(threads);
        http.start();
        return server;
    }

    void observe(Observer o) {
        this.observer = Objects.requireNonNull(o, "observer");
    }

    public URI url() {
        return url;
    }

    @Override
    public void close() {
        http.stop(0);
        threads.shutdownNow();
        data.close();
    }

    private record Answer(int status, String contentType, byte[] body, String csp, Optional<String> location) {
        static Answer html(int status, String html) {
            return new Answer(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), CSP, Optional.empty());
        }

        static Answer redirect(String location) {
            return new Answer(303, "text/plain; charset=utf-8", new byte[0], CSP, Optional.of(location));
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        Answer a;
        try (ex) {
            try {
                a = route(ex);
            } catch (RuntimeException e) {
                LOG.warn("console request failed: method={} path={} error={}", ex.getRequestMethod(), ex.getRequestURI().getPath(),
                        e.toString());
                a = Answer.html(500, Pages.layout("error", "", Pages.error(e.toString()), 0));
            }
            var h = ex.getResponseHeaders();
            h.set("Content-Type", a.contentType());
            h.set("Content-Security-Policy", a.csp());
            h.set("X-Content-Type-Options", "nosniff");
            h.set("X-Frame-Options", "DENY");
            h.set("Referrer-Policy", "no-referrer");
            h.set("Cache-Control", "no-store");
            a.location().ifPresent(l -> h.set("Location", l));
            observer.answered(ex.getRequestMethod(), ex.getRequestURI().toString(), a.status());
            boolean head = "HEAD".equals(ex.getRequestMethod());
            if (a.body().length == 0 || head) {
                ex.sendResponseHeaders(a.status(), -1);
            } else {
                ex.sendResponseHeaders(a.status(), a.body().length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(a.body());
                }
            }
        }
    }

    private Answer route(HttpExchange ex) throws IOException {
        Optional<String> host = Optional.ofNullable(ex.getRequestHeaders().getFirst("Host"));
        if (!guard.hostAllowed(host)) {
            return new Answer(421, "text/plain; charset=utf-8", "unknown Host\n".getBytes(StandardCharsets.UTF_8), CSP,
                    Optional.empty());
        }
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath();
        Map<String, String> query = form(ex.getRequestURI().getRawQuery());
        if ("POST".equals(method)) {
            Map<String, String> form = form(readForm(ex));
            if (!guard.postAllowed(Optional.ofNullable(ex.getRequestHeaders().getFirst("Origin")), host,
                    Optional.ofNullable(form.get("csrf")))) {
                return Answer.html(403, Pages.layout("forbidden", "", Pages.error(
                        "refused: this form did not come from this console (Origin or token missing or wrong); reload the page"), 0));
            }
            return switch (path) {
                case "/dlq/redrive" -> redrive(form);
                case "/dlq/purge" -> purge(form);
                default -> notFound();
            };
        }
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return new Answer(405, "text/plain; charset=utf-8", "method not allowed\n".getBytes(StandardCharsets.UTF_8), CSP,
                    Optional.empty());
        }
        return switch (path) {
            case "/" -> files(query);
            case "/file" -> file(query);
            case "/today" -> today();
            case "/dlq" -> dlq();
            case "/dlq/redrive" -> redriveDryRun();
            case "/dlq/purge" -> purgeConfirm();
            case "/reports" -> Answer.html(200, Pages.layout("reports", "reports",
                    Pages.reports(data.reportDates(), data.config().reportsBucket()), 0));
            case "/static/console.css" -> resource("console.css", "text/css; charset=utf-8");
            case "/static/favicon.svg" -> resource("favicon.svg", "image/svg+xml");
            case "/favicon.ico" -> new Answer(204, "text/plain", new byte[0], CSP, Optional.empty());
            default -> path.startsWith("/reports/") ? report(path.substring("/reports/".length())) : notFound();
        };
    }

    private static Answer notFound() {
        return Answer.html(404, Pages.layout("not found", "", "<h1>Not found</h1>", 0));
    }

    private static Answer badRequest(String why) {
        return Answer.html(400, Pages.layout("bad request", "", Pages.error(why), 0));
    }

    private Answer files(Map<String, String> q) {
        LocalDate date;
        try {
            date = q.containsKey("date") && !q.get("date").isBlank() ? LocalDate.parse(q.get("date")) : data.today();
        } catch (DateTimeParseException e) {
            return badRequest("not a date (YYYY-MM-DD): " + q.get("date"));
        }
        int page;
        try {
            page = Integer.parseInt(q.getOrDefault("page", "0"));
        } catch (NumberFormatException e) {
            page = 0;
        }
        Filter filter = new Filter(date, Optional.ofNullable(q.get("status")).filter(s -> !s.isBlank()),
                q.getOrDefault("prefix", ""), page);
        FilesView v = FilesView.of(data.day(date), data.rows(), filter, FILTER_SCAN_LIMIT);
        return Answer.html(200, Pages.layout("files", "files", Pages.files(v, data.config().inputBucket().isPresent()), 0));
    }

    private Answer file(Map<String, String> q) {
        FileReport report;
        if (q.containsKey("id")) {
            String id = q.get("id");
            if (!id.matches("[0-9a-f]{32}")) {
                return badRequest("not a file id: " + id);
            }
            Optional<FileReport> r = data.byId(id, REJECTS_SHOWN);
            if (r.isEmpty()) {
                return Answer.html(404, Pages.layout("file", "files", Pages.error("no receipt for file id " + id), 0));
            }
            report = r.get();
        } else if (q.containsKey("key") && !q.get("key").isEmpty()) {
            Optional<String> bucket = Optional.ofNullable(q.get("bucket")).filter(b -> !b.isBlank())
                    .or(() -> data.config().inputBucket());
            if (bucket.isEmpty()) {
                return badRequest("no input bucket configured (--input-bucket or EVENTPIPE_INPUT_BUCKETS)");
            }
            report = data.byKey(bucket.get(), q.get("key"), REJECTS_SHOWN);
        } else {
            return badRequest("give ?id=FILE_ID or ?key=KEY");
        }
        List<String> outputs = report.receipt().map(r -> r.outputs()).orElse(List.of());
        FileView v = FileView.of(report, data.sizes(outputs), data.links(outputs));
        return Answer.html(200, Pages.layout(report.key(), "files", Pages.file(v), 0));
    }

    private Answer today() {
        LocalDate date = data.today();
        List<IndexEntry> entries = data.day(date);
        TodayView t = TodayView.of(date, entries, data.rows().rows(entries).values());
        return Answer.html(200, Pages.layout("today", "today", Pages.today(t, REFRESH_SECONDS), REFRESH_SECONDS));
    }

    private static Answer noDlq() {
        return Answer.html(200, Pages.layout("dlq", "dlq", "<h1>Dead-letter queue</h1><p class=\"empty\">No queues configured "
                + "(--queue-url and --dlq-url, or EVENTPIPE_QUEUE_URL and EVENTPIPE_DLQ_URL).</p>", 0));
    }

    private Answer dlq() {
        Optional<DeadLetterQueue> q = data.dlq();
        if (q.isEmpty()) {
            return noDlq();
        }
        DlqStatus s = q.get().status();
        return Answer.html(200, Pages.layout("dlq", "dlq", Pages.dlq(s, q.get().peek(10), data.config().readOnly()), 0));
    }

    private Answer readOnly() {
        return Answer.html(403, Pages.layout("read-only", "dlq", Pages.error("the console runs --read-only: no redrive, no purge"), 0));
    }

    private Answer redriveDryRun() {
        if (data.config().readOnly()) {
            return readOnly();
        }
        Optional<DeadLetterQueue> q = data.dlq();
        if (q.isEmpty()) {
            return noDlq();
        }
        RedriveResult dry = run(q.get(), true);
        return Answer.html(200, Pages.layout("redrive", "dlq", Pages.redriveConfirm(dry, guard.token()), 0));
    }

    private Answer redrive(Map<String, String> form) {
        if (data.config().readOnly()) {
            return readOnly();
        }
        Optional<DeadLetterQueue> q = data.dlq();
        if (q.isEmpty()) {
            return noDlq();
        }
        if (!"yes".equals(form.get("confirm"))) {
            return badRequest("the redrive was not confirmed");
        }
        RedriveResult r = run(q.get(), false);
        LOG.info("console redrive: method={} moved={} before={} remaining={}", r.method(), r.moved(), r.before(), r.remaining());
        return Answer.html(200, Pages.layout("redrive", "dlq", Pages.redriveDone(r), 0));
    }

    private RedriveResult run(DeadLetterQueue q, boolean dryRun) {
        try {
            return q.redrive(DeadLetterQueue.Method.AUTO, 0, dryRun, Progress.silent(Clock.systemUTC()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private Answer purgeConfirm() {
        if (data.config().readOnly()) {
            return readOnly();
        }
        Optional<DeadLetterQueue> q = data.dlq();
        if (q.isEmpty()) {
            return noDlq();
        }
        QueueDepth depth = q.get().depth(data.config().dlqUrl().orElseThrow());
        return Answer.html(200, Pages.layout("purge", "dlq", Pages.purgeConfirm(depth, guard.token()), 0));
    }

    private Answer purge(Map<String, String> form) {
        if (data.config().readOnly()) {
            return readOnly();
        }
        Optional<DeadLetterQueue> q = data.dlq();
        if (q.isEmpty()) {
            return noDlq();
        }
        if (!"purge".equals(form.getOrDefault("confirm", "").trim())) {
            return badRequest("type purge to confirm; nothing was deleted");
        }
        List<DeadLetterQueue.Purged> deleted = q.get().purge(100_000);
        LOG.info("console purge: deleted={}", deleted.size());
        return Answer.html(200, Pages.layout("purge", "dlq", Pages.purgeDone(deleted), 0));
    }

    private Answer report(String date) {
        LocalDate d;
        try {
            d = LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            return notFound();
        }
        return data.reportHtml(d).map(html -> new Answer(200, "text/html; charset=utf-8", html, REPORT_CSP, Optional.empty()))
                .orElseGet(ConsoleServer::notFound);
    }

    private static Answer resource(String name, String type) {
        try (InputStream in = ConsoleServer.class.getResourceAsStream(name)) {
            if (in == null) {
                return notFound();
            }
            return new Answer(200, type, in.readAllBytes(), CSP, Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readForm(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_FORM_BYTES + 1);
            if (body.length > MAX_FORM_BYTES) {
                return "";
            }
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** {@code a=1&b=2}, percent-decoded; the first of a repeated name wins. */
    static Map<String, String> form(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return m;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                m.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                // a malformed escape: the pair is ignored
            }
        }
        return m;
    }
}
