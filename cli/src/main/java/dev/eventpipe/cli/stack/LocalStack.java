package dev.eventpipe.cli.stack;

import dev.eventpipe.local.emulator.LocalSqs;
import dev.eventpipe.local.emulator.NotificationConfiguration;
import dev.eventpipe.local.emulator.QueuePair;
import dev.eventpipe.local.emulator.S3NotificationPublisher;
import dev.eventpipe.local.esm.EventSourceMapping;
import dev.eventpipe.local.s3.Listing;
import dev.eventpipe.local.s3.LocalS3;
import dev.eventpipe.local.s3.ObjectCreated;
import dev.eventpipe.local.s3.ObjectEngine;
import dev.eventpipe.local.s3.StoredVersion;
import dev.eventpipe.local.s3.Versioning;
import dev.eventpipe.processor.ProcessorApp;
import dev.eventpipe.processor.ProcessorConfig;
import dev.eventpipe.processor.ProcessorHandler;
import dev.eventpipe.reporter.ReporterApp;
import dev.eventpipe.shared.aws.AwsClients;
import dev.eventpipe.shared.layout.FileId;
import dev.eventpipe.shared.layout.Layout;
import dev.eventpipe.shared.metrics.CountingMetrics;
import dev.eventpipe.shared.store.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole pipeline in one JVM: S3 (with event notifications on the input bucket), SQS (the files queue
 * and its DLQ), and the processor behind an event source mapping — wired exactly as the Terraform wires
 * AWS, so what works here works there.
 *
 * <p>The input bucket is versioned, as in the Terraform. At start, {@link #start} re-sends the
 * notification of every current input object that has no receipt yet: the safety net for a crash
 * between an object's commit and its notification (the processor's idempotency makes a second
 * notification harmless).
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
    static final String REGION = "us-east-1";

    private final StackSettings settings;
    private final LocalSqs sqs;
    private final LocalS3 s3;
    private final QueuePair queues;
    private final AwsClients clients;
    private final EventSourceMapping processor;
    private final int requeued;
    private final Reporting reporting;

    private LocalStack(StackSettings settings, LocalSqs sqs, LocalS3 s3, QueuePair queues, AwsClients clients,
                       EventSourceMapping processor, int requeued, Reporting reporting) {
        this.settings = settings;
        this.sqs = sqs;
        this.s3 = s3;
        this.queues = queues;
        this.clients = clients;
        this.processor = processor;
        this.requeued = requeued;
        this.reporting = reporting;
    }

    /**
     * Starts everything; on failure stops what had started.
     *
     * @param env the {@code EVENTPIPE_*} settings for the processor and the reporter (bucket names and queue
     *            URLs come from {@code settings})
     */
    public static LocalStack start(StackSettings settings, Map<String, String> env) {
        try {
            Files.createDirectories(settings.dataDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + settings.dataDirectory(), e);
        }
        LocalSqs sqs = LocalSqs.start(settings.sqsPort(), settings.dataDirectory().resolve("sqs"));
        LocalS3 s3 = null;
        AwsClients clients = null;
        Reporting reporting = null;
        try {
            QueuePair queues = sqs.createQueueWithDlq(settings.queueName(), settings.maxReceiveCount(),
                    settings.visibilityTimeout());
            NotificationConfiguration notifications = NotificationConfiguration.of("eventpipe-files",
                    settings.inputBucket(), queues.queueUrl()).withPrefix(settings.prefix()).withSuffix(settings.suffix());
            S3NotificationPublisher publisher = new S3NotificationPublisher(sqs.client(), REGION, notifications,
                    Clock.systemUTC());
            s3 = LocalS3.start(LocalS3.Settings.of(settings.s3Port(), settings.dataDirectory().resolve("s3"))
                    .withListener(publisher));
            clients = AwsClients.forEmulator(s3.endpoint());
            ObjectEngine engine = s3.engine();
            for (String bucket : new String[] {settings.inputBucket(), settings.processedBucket(), settings.reportsBucket()}) {
                engine.createBucket(bucket); // kept from the previous run when it exists: the data directory survives restarts
            }
            // Versioned as the Terraform makes it, so a file's id names the version, as in AWS.
            engine.setVersioning(settings.inputBucket(), Versioning.ENABLED);
            publisher.sendTestEvent(); // as S3 does when a notification configuration is saved
            // The processor and the reporter reach S3 in-process, through the same port they use on AWS;
            // every other client goes through the S3 endpoint.
            ObjectStore store = s3.objectStore();
            int requeued = requeueUnprocessed(engine, store, settings, publisher);

            Map<String, String> processorEnv = new HashMap<>(env);
            processorEnv.put(ProcessorConfig.PROCESSED_BUCKET, settings.processedBucket());
            processorEnv.putIfAbsent(ProcessorConfig.INPUT_BUCKETS, settings.inputBucket());
            CountingMetrics metrics = new CountingMetrics();
            ProcessorApp app = ProcessorApp.fromEnvironment(processorEnv, store, metrics, Clock.systemUTC());
            // The reporter before the pollers: its settings may still refuse to start, and the pollers' threads
            // are the one thing a failed start could leave running.
            reporting = Reporting.start(settings, env, store, clients, sqs.client(), queues, metrics);
            EventSourceMapping esm = EventSourceMapping.start(sqs.client(), new ProcessorHandler(app),
                    settings.polling(queues.queueUrl()));
            return new LocalStack(settings, sqs, s3, queues, clients, esm, requeued, reporting);
        } catch (RuntimeException | Error e) {
            if (reporting != null) {
                reporting.close();
            }
            if (clients != null) {
                clients.close();
            }
            if (s3 != null) {
                s3.close();
            }
            sqs.close();
            throw e;
        }
    }

    /**
     * The safety net for a notification lost between S3's commit and SQS (a crash in that moment): every
     * current input object that has no receipt is notified again. One listing of the input bucket's
     * versions and one of the receipts, compared in memory; the processor's idempotency makes a second
     * notification of a file still queued harmless.
     */
    private static int requeueUnprocessed(ObjectEngine engine, ObjectStore store, StackSettings settings,
                                          S3NotificationPublisher publisher) {
        Set<String> receipts = new HashSet<>(store.list(settings.processedBucket(), Layout.RECEIPTS, Integer.MAX_VALUE));
        String bucket = settings.inputBucket();
        Versioning versioning = engine.versioning(bucket);
        int count = 0;
        String keyMarker = null;
        String versionMarker = null;
        do {
            Listing.VersionPage page = engine.listVersions(bucket, null, null, keyMarker, versionMarker, 1000);
            for (StoredVersion v : page.versions()) {
                if (!v.latest() || v.deleteMarker() || !publisher.configuration().matches(bucket, v.key())) {
                    continue;
                }
                Optional<String> versionId = Optional.ofNullable(v.versionIdOrNull(versioning));
                FileId id = FileId.of(bucket, v.key(), versionId, v.eTag());
                if (!receipts.contains(Layout.receiptKey(id))) {
                    publisher.objectCreated(new ObjectCreated(ObjectCreated.Kind.PUT, bucket, v.key(), v.size(), v.eTag(),
                            versionId, String.format("%018X", v.lastModified().toEpochMilli()), v.lastModified()));
                    count++;
                }
            }
            keyMarker = page.nextKey();
            versionMarker = page.nextVersionId();
        } while (keyMarker != null);
        if (count > 0) {
            LOG.info("re-sent the notifications of {} input object(s) that had no receipt yet", count);
        }
        return count;
    }

    public URI s3Endpoint() {
        return s3.endpoint();
    }

    public URI sqsEndpoint() {
        return sqs.endpoint();
    }

    public QueuePair queues() {
        return queues;
    }

    public StackSettings settings() {
        return settings;
    }

    /** Clients for the local S3 (the caller must not close them). */
    public AwsClients clients() {
        return clients;
    }

    /** A client for the local SQS (the caller must not close it). */
    public SqsClient sqs() {
        return sqs.client();
    }

    /** The daily reporter, writing to the reports bucket and, for SNS, to {@link #outbox()}. */
    public ReporterApp reporter() {
        return reporting.reporter();
    }

    /** Where notifications arrive as {@code .eml} files: {@code <data-dir>/outbox}. */
    public Path outbox() {
        return reporting.outbox();
    }

    /** When the schedule runs the reporter next. */
    public Instant nextReport() {
        return reporting.schedule().next();
    }

    /** Input objects re-notified at start because they had no receipt. */
    public int requeued() {
        return requeued;
    }

    /** Stops receiving, finishes the batches in flight, then stops SQS and S3. */
    @Override
    public void close() {
        try {
            reporting.close();
            processor.close();
        } finally {
            try {
                clients.close();
            } finally {
                try {
                    s3.close();
                } finally {
                    sqs.close();
                }
            }
        }
    }
}
