package dev.eventpipe.reporter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipe.reporter.aggregate.DayAggregator;
import dev.eventpipe.reporter.aggregate.RollupBuilder;
import dev.eventpipe.reporter.aggregate.DayFigures;
import dev.eventpipe.reporter.aggregate.ReportDay;
import dev.eventpipe.reporter.aws.S3InputListing;
import dev.eventpipe.reporter.aws.S3LinkSigner;
import dev.eventpipe.reporter.aws.SnsNotifier;
import dev.eventpipe.reporter.aws.SqsQueueProbe;
import dev.eventpipe.reporter.publish.Summary;
import dev.eventpipe.reporter.render.HtmlReport;
import dev.eventpipe.reporter.render.ReportJson;
import dev.eventpipe.reporter.render.TextReport;
import dev.eventpipe.reporter.report.DailyReport;
import dev.eventpipe.reporter.report.ReportAssembler;
import dev.eventpipe.shared.audit.AuditResult;
import dev.eventpipe.shared.audit.IndexedReceipts;
import dev.eventpipe.shared.audit.Reconciliation;
import dev.eventpipe.shared.audit.Upload;
import dev.eventpipe.shared.aws.AwsClients;
import dev.eventpipe.shared.aws.S3ObjectStore;
import dev.eventpipe.shared.config.PipelineVersion;
import dev.eventpipe.shared.metrics.Metric;
import dev.eventpipe.shared.metrics.Metrics;
import dev.eventpipe.shared.metrics.PowertoolsMetrics;
import dev.eventpipe.shared.notify.Notifier;
import dev.eventpipe.shared.store.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The reporter's composition root and its one use case: report a day. Everything it talks to is a port,
 * so the Lambda handler, the command-line tool, the local stack and the tests run it unchanged.
 *
 * <p>A run reads the day's receipts and manifests and up to seven earlier reports, writes
 * {@code report.json}, {@code report.txt} and {@code report.html} (same keys on a re-run), then
 * publishes the summary. The reports are written before the notification is tried, and a notification
 * that still fails after its retries is logged and counted, not thrown: the day is reported either way.
 */
public final class ReporterApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReporterApp.class);

    private final ReporterConfig config;
    private final ObjectStore store;
    private final Optional<Notifier> notifier;
    private final QueueProbe queues;
    private final Optional<LinkSigner> links;
    private final Optional<InputListing> inputs;
    private final Metrics metrics;
    private final Clock clock;
    private final ExecutorService pool;
    private final List<AutoCloseable> owned;

    private ReporterApp(ReporterConfig config, ObjectStore store, Optional<Notifier> notifier, QueueProbe queues,
                        Optional<LinkSigner> links, Optional<InputListing> inputs, Metrics metrics, Clock clock,
                        List<AutoCloseable> owned) {
        this.config = config;
        this.store = store;
        this.notifier = notifier;
        this.queues = queues;
        this.links = links;
        this.inputs = inputs;
        this.metrics = metrics;
        this.clock = clock;
        this.pool = Executors.newFixedThreadPool(config.readConcurrency(), daemonThreads());
        this.owned = List.copyOf(owned);
    }

    /**
     * For an execution environment restored from a SnapStart snapshot: the clients this app owns resolve
     * their credentials afresh instead of going on with those of the environment the snapshot was taken in.
     */
    public void refreshCredentials() {
        owned.stream().filter(AwsClients.class::isInstance).map(AwsClients.class::cast).forEach(AwsClients::refreshCredentials);
    }

    /** Lambda: configuration and clients from the environment, built once per execution environment. */
    public static ReporterApp fromEnvironment(Map<String, String> env) {
        ReporterConfig config = ReporterConfig.fromEnv(env);
        return fromEnvironment(config, env, Optional.empty(),
                new PowertoolsMetrics(config.metricsNamespace(), config.serviceName()));
    }

    /**
     * The same for the command-line tool: configuration and clients from the environment, with another
     * notifier in place of SNS when one is given (the local outbox) and the caller's metrics.
     */
    public static ReporterApp fromEnvironment(Map<String, String> env, Optional<Notifier> insteadOfSns, Metrics metrics) {
        return fromEnvironment(ReporterConfig.fromEnv(env), env, insteadOfSns, metrics);
    }

    private static ReporterApp fromEnvironment(ReporterConfig config, Map<String, String> env,
                                               Optional<Notifier> insteadOfSns, Metrics metrics) {
        keepConnectionsAlive(config.readConcurrency());
        AwsClients clients = AwsClients.fromEnvironment(env);
        SqsClient sqs = clients.build(SqsClient.builder());
        List<AutoCloseable> owned = new ArrayList<>(List.of(sqs));
        Optional<Notifier> notifier = insteadOfSns;
        if (notifier.isEmpty() && config.topicArn().isPresent()) {
            SnsClient sns = clients.build(SnsClient.builder());
            owned.add(sns);
            notifier = Optional.of(new SnsNotifier(sns, config.topicArn().get()));
        }
        owned.add(clients);
        return onAws(config, clients, sqs, notifier, metrics, Clock.systemUTC(), owned);
    }

    /**
     * The AWS adapters on clients the caller owns (the local stack's, whose S3 and SQS listen on different
     * endpoints): the store and presigned links from {@code s3Side}, the queues' depths when their URLs are
     * configured, and the given notifier (SNS, or the local outbox).
     */
    public static ReporterApp onAws(ReporterConfig config, AwsClients s3Side, SqsClient sqs, Optional<Notifier> notifier,
                                    Metrics metrics, Clock clock) {
        return onAws(config, s3Side, sqs, notifier, metrics, clock, List.of());
    }

    /**
     * As {@link #onAws(ReporterConfig, AwsClients, SqsClient, Optional, Metrics, Clock)}, reading and writing
     * through {@code store} (the local stack's in-process S3); links are still presigned for {@code s3Side}'s
     * endpoint, which serves the same objects.
     */
    public static ReporterApp onAws(ReporterConfig config, ObjectStore store, AwsClients s3Side, SqsClient sqs,
                                    Optional<Notifier> notifier, Metrics metrics, Clock clock) {
        return onAws(config, store, s3Side, sqs, notifier, metrics, clock, List.of());
    }

    private static ReporterApp onAws(ReporterConfig config, AwsClients s3Side, SqsClient sqs, Optional<Notifier> notifier,
                                     Metrics metrics, Clock clock, List<AutoCloseable> alsoOwned) {
        return onAws(config, new S3ObjectStore(s3Side.s3(), S3ObjectStore.MIN_PART_SIZE), s3Side, sqs, notifier, metrics,
                clock, alsoOwned);
    }

    private static ReporterApp onAws(ReporterConfig config, ObjectStore store, AwsClients s3Side, SqsClient sqs,
                                     Optional<Notifier> notifier, Metrics metrics, Clock clock, List<AutoCloseable> alsoOwned) {
        S3Presigner presigner = s3Side.presigner();
        List<AutoCloseable> owned = new ArrayList<>(List.of(presigner));
        owned.addAll(alsoOwned);
        Optional<InputListing> inputs = config.inputBuckets().isEmpty() ? Optional.empty()
                : Optional.of(new S3InputListing(s3Side.s3(), config.inputBuckets(), config.maxListed()));
        return new ReporterApp(config, store, notifier,
                new SqsQueueProbe(sqs, config.queueUrl(), config.dlqUrl()), Optional.of(new S3LinkSigner(presigner)),
                inputs, metrics, clock, owned);
    }

    /**
     * The SDK's url-connection transport is the JDK's HTTP client, which keeps 5 idle connections per host
     * unless {@code http.maxConnections} says otherwise (read once, at its first connection): with 32
     * parallel GETs most requests would open a new TLS connection. Set here, before any client exists,
     * unless the JVM was started with a value.
     */
    private static void keepConnectionsAlive(int parallelReads) {
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", Integer.toString(Math.max(5, parallelReads)));
        }
    }

    /** Every collaborator given: tests and the local stack. */
    public static ReporterApp create(ReporterConfig config, ObjectStore store, Optional<Notifier> notifier,
                                     QueueProbe queues, Optional<LinkSigner> links, Metrics metrics, Clock clock) {
        return create(config, store, notifier, queues, links, Optional.empty(), metrics, clock);
    }

    /** Every collaborator given, the listing of the input buckets too. */
    public static ReporterApp create(ReporterConfig config, ObjectStore store, Optional<Notifier> notifier,
                                     QueueProbe queues, Optional<LinkSigner> links, Optional<InputListing> inputs,
                                     Metrics metrics, Clock clock) {
        return new ReporterApp(config, store, notifier, queues, links, inputs, metrics, clock, List.of());
    }

    /** The zone whose days are reported. */
    public java.time.ZoneId zone() {
        return config.zone();
    }

    /** Yesterday in the report's zone: the day a scheduled run reports. */
    public LocalDate defaultDate() {
        return LocalDate.now(clock.withZone(config.zone())).minusDays(1);
    }

    /**
     * Reports a day.
     *
     * @param date   the day; empty for {@link #defaultDate()}
     * @param notify whether to publish the summary
     */
    public ReportRun run(Optional<LocalDate> date, boolean notify) {
        Instant started = clock.instant();
        ReportDay day = new ReportDay(date.orElseGet(this::defaultDate), config.zone());
        DayFigures figures = new DayAggregator(store, config.processedBucket(), pool, 4 * config.readConcurrency())
                .aggregate(day);
        ReportAssembler.QueueDepths depths = queues.depths();
        Optional<DailyReport.Uploads> uploads = inputs.flatMap(listing -> uploads(listing, day, depths));
        DailyReport report = new ReportAssembler(config.rules(), PipelineVersion.get())
                .assemble(figures, history(day.date()), depths, uploads, clock.instant());
        String text = TextReport.render(report);
        LocalDate d = day.date();
        // The HTML first and the JSON last: a consumer polling for report.json finds the others already there.
        store.put(config.reportsBucket(), ReportKeys.html(d), HtmlReport.render(report).getBytes(StandardCharsets.UTF_8),
                "text/html; charset=utf-8");
        store.put(config.reportsBucket(), ReportKeys.text(d), text.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
        store.put(config.reportsBucket(), ReportKeys.json(d), ReportJson.toJson(report), "application/json");
        metrics.add(Metric.REPORT_GENERATED, 1);
        metrics.add(Metric.REPORT_RECORDS, report.totals().recordsValid());
        metrics.add(Metric.REPORT_ALERTS, report.alerts().size());
        ReportRun.Notification notification = notify ? notify(report) : ReportRun.Notification.SKIPPED;
        metrics.add(Metric.REPORT_DURATION, Duration.between(started, clock.instant()).toMillis());
        metrics.flush();
        LOG.atInfo().addKeyValue("date", d).addKeyValue("files", report.totals().filesReceived())
                .addKeyValue("records", report.totals().recordsValid()).addKeyValue("alerts", report.alerts().size())
                .addKeyValue("notification", notification).log("report written");
        return new ReportRun(report, text, config.reportsBucket(),
                List.of(ReportKeys.json(d), ReportKeys.text(d), ReportKeys.html(d)), notification);
    }

    /**
     * The day's uploads reconciled with the processing-date index as {@code eventpipe audit} does (listings and
     * roll-ups, a GET only for entries no roll-up covers yet), without peeking the DLQ (see
     * {@link DailyReport.Uploads}). Empty when that fails (a listing too long, a permission missing): the
     * report is written without it, and the failure logged.
     */
    private Optional<DailyReport.Uploads> uploads(InputListing listing, ReportDay day, ReportAssembler.QueueDepths depths) {
        List<Upload> created;
        Map<String, Reconciliation.Indexed> found;
        try {
            created = listing.created(day.start(), day.end());
            found = new IndexedReceipts(store, config.processedBucket(), pool).find(created.stream().map(Upload::fileId).toList(),
                    LocalDate.ofInstant(day.start(), ZoneOffset.UTC), LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC), () -> { });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while accounting for the day's uploads", e);
        } catch (RuntimeException e) {
            LOG.atWarn().addKeyValue("date", day.date()).setCause(e)
                    .log("the day's uploads are left out of the report: {} (eventpipe audit counts them)", e.getMessage());
            return Optional.empty();
        }
        AuditResult r = Reconciliation.reconcile(String.join(",", listing.buckets()), "", day.start(), day.end(), created, found,
                List.of(), new AuditResult.Queue(depths.queue().orElse(0L), 0, 0));
        AuditResult.Totals t = r.totals();
        return Optional.of(new DailyReport.Uploads(t.objects(), t.processed(), t.quarantinedTotal(), t.stillQueued(),
                t.unaccounted(), r.generations().size(), listing.buckets()));
    }

    /** How many days before today (UTC) the hourly roll-up looks at; see {@link RollupBuilder#rollUpRecent}. */
    static final int ROLLUP_DAYS = 1;

    /**
     * The hourly roll-up: rolls up today's and yesterday's (UTC) receipts and manifests that no roll-up
     * covers yet, so the morning's report reads roll-ups instead of files. Safe to run at any time, twice,
     * or concurrently with a report: the report's figures are the same with or without it.
     */
    public List<RollupBuilder.Result> rollUp() {
        Instant started = clock.instant();
        List<RollupBuilder.Result> results = new RollupBuilder(store, config.processedBucket(), pool,
                4 * config.readConcurrency()).rollUpRecent(started, ROLLUP_DAYS);
        long documents = results.stream().mapToLong(RollupBuilder.Result::rolledUp).sum();
        metrics.add(Metric.ROLLUP_WRITTEN, 1);
        metrics.add(Metric.ROLLUP_DOCUMENTS, documents);
        metrics.flush();
        LOG.atInfo().addKeyValue("documents", documents)
                .addKeyValue("rollups", results.stream().filter(r -> !r.isEmpty()).count())
                .addKeyValue("ms", Duration.between(started, clock.instant()).toMillis()).log("roll-up written");
        return results;
    }

    private ReportRun.Notification notify(DailyReport report) {
        if (notifier.isEmpty()) {
            return ReportRun.Notification.SKIPPED;
        }
        Optional<URI> link = links.map(l -> l.link(config.reportsBucket(), ReportKeys.html(report.date()),
                config.linkValidity()));
        try {
            notifier.get().publish(Summary.of(report, link, config.linkValidity()));
            return ReportRun.Notification.SENT;
        } catch (Notifier.NotificationException e) {
            LOG.atError().addKeyValue("date", report.date()).setCause(e)
                    .log("report notification failed after retries; the reports are written");
            metrics.add(Metric.NOTIFICATION_FAILED, 1);
            return ReportRun.Notification.FAILED;
        }
    }

    /** The reports of the seven days before, those that exist. */
    private Map<LocalDate, JsonNode> history(LocalDate date) {
        Map<LocalDate, JsonNode> reports = new HashMap<>();
        for (int back = 1; back <= 7; back++) {
            LocalDate past = date.minusDays(back);
            Optional<InputStream> in = store.open(config.reportsBucket(), ReportKeys.json(past), Optional.empty());
            if (in.isPresent()) {
                try (InputStream s = in.get()) {
                    reports.put(past, ReportJson.tree(s.readAllBytes()));
                } catch (IOException | UncheckedIOException e) {
                    LOG.warn("earlier report {} unreadable, left out of the comparison: {}", ReportKeys.json(past), e.getMessage());
                }
            }
        }
        return reports;
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "report-read-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        pool.shutdownNow();
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debug("closing {}", c, e);
            }
        }
    }
}
