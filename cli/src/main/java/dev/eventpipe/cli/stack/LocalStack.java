package dev.eventpipe.cli.stack;

import dev.eventpipe.local.s3.LocalS3;
import dev.eventpipe.local.emulator.LocalSqs;
import dev.eventpipe.local.emulator.NotificationConfiguration;
import dev.eventpipe.local.s3.ObjectCreated;
import dev.eventpipe.local.emulator.QueuePair;
import dev.eventpipe.local.emulator.S3NotificationPublisher;
import dev.eventpipe.local.esm.EventSourceMapping;
import dev.eventpipe.processor.ProcessorApp;
import dev.eventpipe.processor.ProcessorConfig;
import dev.eventpipe.processor.ProcessorHandler;
import dev.eventpipe.reporter.ReporterApp;
import dev.eventpipe.shared.aws.AwsClients;
import dev.eventpipe.shared.aws.S3ObjectStore;
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
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole pipeline in one JVM: S3 (with event notifications on the input bucket), SQS (the files queue
 * and its DLQ), and the processor behind an event source mapping — wired exactly as the Terraform wires
 * AWS, so what works here works there.
 *
 * <p>SQS here keeps messages in memory. So that a restart loses nothing, {@link #start} re-sends the
 * notification of every input object that has no receipt yet (the processor's idempotency makes a
 * second notification harmless).
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
        LocalSqs sqs = LocalSqs.start(settings.sqsPort());
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
            for (String bucket : new String[] {settings.inputBucket(), settings.processedBucket(), settings.reportsBucket()}) {
                createBucket(clients.s3(), bucket);
            }
            publisher.sendTestEvent(); // as S3 does when a notification configuration is saved
            int requeued = requeueUnprocessed(clients.s3(), settings, publisher);

            Map<String, String> processorEnv = new HashMap<>(env);
            processorEnv.put(ProcessorConfig.PROCESSED_BUCKET, settings.processedBucket());
            processorEnv.putIfAbsent(ProcessorConfig.INPUT_BUCKETS, settings.inputBucket());
            CountingMetrics metrics = new CountingMetrics();
            ProcessorApp app = ProcessorApp.fromEnvironment(processorEnv, clients, metrics, Clock.systemUTC());
            // The reporter before the pollers: its settings may still refuse to start, and the pollers' threads
            // are the one thing a failed start could leave running.
            reporting = Reporting.start(settings, env, clients, sqs.client(), queues, metrics);
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

    private static void createBucket(S3Client s3, String bucket) {
        try {
            s3.createBucket(b -> b.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException existing) {
            // kept from the previous run: the data directory survives restarts
        }
    }

    /** Notifies every input object without a receipt: what the in-memory queue lost at the last stop. */
    private static int requeueUnprocessed(S3Client s3, StackSettings settings, S3NotificationPublisher publisher) {
        ObjectStore store = new S3ObjectStore(s3, S3ObjectStore.MIN_PART_SIZE);
        int count = 0;
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(settings.inputBucket())).contents()) {
            if (!publisher.configuration().matches(settings.inputBucket(), o.key())) {
                continue;
            }
            String etag = FileId.plainETag(o.eTag());
            FileId id = FileId.of(settings.inputBucket(), o.key(), Optional.empty(), etag);
            if (store.head(settings.processedBucket(), Layout.receiptKey(id)).isEmpty()) {
                publisher.objectCreated(new ObjectCreated(ObjectCreated.Kind.PUT, settings.inputBucket(), o.key(), o.size(),
                        etag, Optional.empty(), HexFormat.of().toHexDigits(o.lastModified().toEpochMilli()),
                        o.lastModified()));
                count++;
            }
        }
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
