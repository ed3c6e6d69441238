package dev.eventpipe.cli.stack;

import dev.eventpipe.compactor.CompactorApp;
import dev.eventpipe.compactor.CompactorConfig;
import dev.eventpipe.local.emulator.QueuePair;
import dev.eventpipe.local.esm.Scheduler;
import dev.eventpipe.local.outbox.OutboxNotifier;
import dev.eventpipe.local.schedule.DailySchedule;
import dev.eventpipe.reporter.ReporterApp;
import dev.eventpipe.reporter.ReporterConfig;
import dev.eventpipe.shared.aws.AwsClients;
import dev.eventpipe.shared.metrics.Metrics;
import dev.eventpipe.shared.store.ObjectStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The local stack's reporter, wired as the Terraform wires it in AWS: the same {@link ReporterApp} on the
 * local S3 and SQS, run every day at 08:00 in the report zone by a {@link DailySchedule} (EventBridge
 * Scheduler's stand-in), publishing to an outbox of {@code .eml} files (SNS's stand-in); and the hourly
 * roll-up of the per-file documents the report reads.
 */
record Reporting(ReporterApp reporter, DailySchedule schedule, Scheduler rollups, Path outbox,
                 DailySchedule compaction) implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Reporting.class);
    /** {@code cron(0 8 * * ? *)}: the Terraform schedule's time. */
    static final LocalTime RUN_AT = LocalTime.of(8, 0);
    /** {@code rate(1 hour)}: the Terraform roll-up schedule. */
    static final Duration ROLLUP_EVERY = Duration.ofHours(1);
    /** {@code cron(15 1 * * ? *)} in UTC: the Terraform compaction schedule's time. */
    static final LocalTime COMPACT_AT = LocalTime.of(1, 15);

    static Reporting start(StackSettings settings, Map<String, String> env, ObjectStore store, AwsClients clients,
                           SqsClient sqs, QueuePair queues, Metrics metrics) {
        Map<String, String> reporterEnv = new HashMap<>(env);
        reporterEnv.put(ReporterConfig.PROCESSED_BUCKET, settings.processedBucket());
        reporterEnv.put(ReporterConfig.REPORTS_BUCKET, settings.reportsBucket());
        reporterEnv.put(ReporterConfig.QUEUE_URL, queues.queueUrl());
        reporterEnv.put(ReporterConfig.DLQ_URL, queues.dlqUrl());
        reporterEnv.put(ReporterConfig.INPUT_BUCKETS, settings.inputBucket());
        ReporterConfig config = ReporterConfig.fromEnv(reporterEnv);
        Path outbox = settings.dataDirectory().resolve("outbox");
        ReporterApp reporter = ReporterApp.onAws(config, store, clients, sqs,
                Optional.of(OutboxNotifier.local(outbox)),
                metrics, Clock.systemUTC());
        DailySchedule schedule = DailySchedule.start(RUN_AT, config.zone(), () -> {
            var run = reporter.run(Optional.empty(), true);
            LOG.info("daily report for {} written to s3://{}/{}; notification {} in {}", run.report().date(), run.bucket(),
                    run.keys().get(0), run.notification(), outbox);
        }, Clock.systemUTC());
        // The hourly roll-up (rate(1 hour) in the Terraform); a failed run is logged, the next one still happens.
        Scheduler rollups = Scheduler.thread("rollup-schedule");
        rollups.every(ROLLUP_EVERY, () -> {
            try {
                reporter.rollUp();
            } catch (RuntimeException e) {
                LOG.error("roll-up failed; the next run rolls up what this one did not", e);
            }
        });
        // The daily compaction (compaction.tf): closed days of events/ to Parquet under curated/events/.
        Map<String, String> compactorEnv = new HashMap<>(env);
        compactorEnv.put(CompactorConfig.PROCESSED_BUCKET, settings.processedBucket());
        CompactorApp compactor = CompactorApp.create(CompactorConfig.fromEnv(compactorEnv), store, Clock.systemUTC());
        DailySchedule compaction = DailySchedule.start(COMPACT_AT, ZoneOffset.UTC,
                () -> LOG.info("compaction: {}", compactor.run(Optional.empty())), Clock.systemUTC());
        return new Reporting(reporter, schedule, rollups, outbox, compaction);
    }

    @Override
    public void close() {
        schedule.close();
        rollups.close();
        compaction.close();
        reporter.close();
    }
}
