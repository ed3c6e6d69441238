package dev.eventpipe.processor;

import dev.eventpipe.processor.file.FileProcessor;
import dev.eventpipe.processor.file.ProcessorSettings;
import dev.eventpipe.shared.aws.AwsClients;
import dev.eventpipe.shared.aws.S3ObjectStore;
import dev.eventpipe.shared.metrics.Metrics;
import dev.eventpipe.shared.metrics.PowertoolsMetrics;
import dev.eventpipe.shared.store.ObjectStore;
import dev.eventpipe.processor.batch.BatchMessage;
import dev.eventpipe.processor.batch.PartialBatch;
import dev.eventpipe.shared.metrics.Metric;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The processor's composition root: builds the collaborators once, from configuration or as given.
 * Lambda, the local stack and the worker all start here.
 */
public final class ProcessorApp {

    private final MessageProcessor messages;
    private final Metrics metrics;
    private final ProcessorSettings settings;
    private final Clock clock;

    private ProcessorApp(MessageProcessor messages, Metrics metrics, ProcessorSettings settings, Clock clock) {
        this.messages = messages;
        this.metrics = metrics;
        this.settings = settings;
        this.clock = clock;
    }

    /** For Lambda and the worker: AWS clients from the default chains, EMF metrics through Powertools. */
    public static ProcessorApp fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env, AwsClients.fromEnvironment(env));
    }

    /** As {@link #fromEnvironment(Map)}, with the clients given (the worker shares them with its SQS poller). */
    public static ProcessorApp fromEnvironment(Map<String, String> env, AwsClients clients) {
        ProcessorConfig config = config(env, clients);
        return fromConfig(config, clients, new PowertoolsMetrics(config.metricsNamespace(), config.serviceName()),
                Clock.systemUTC());
    }

    /** The same settings from the environment, with the metrics and clock given: the local stack and integration tests. */
    public static ProcessorApp fromEnvironment(Map<String, String> env, AwsClients clients, Metrics metrics, Clock clock) {
        return fromConfig(config(env, clients), clients, metrics, clock);
    }

    /**
     * The settings from the environment on a store given whole: the local stack, whose processor reaches
     * its S3 in-process (a schema at {@code s3://} is read through the same store).
     */
    public static ProcessorApp fromEnvironment(Map<String, String> env, ObjectStore store, Metrics metrics, Clock clock) {
        return create(ProcessorConfig.fromEnv(env, store).settings(), store, metrics, clock);
    }

    private static ProcessorConfig config(Map<String, String> env, AwsClients clients) {
        // The store only reads an s3:// schema here; the processor's own store gets the configured part size.
        return ProcessorConfig.fromEnv(env, new S3ObjectStore(clients.s3(), S3ObjectStore.MIN_PART_SIZE));
    }

    private static ProcessorApp fromConfig(ProcessorConfig config, AwsClients clients, Metrics metrics, Clock clock) {
        return create(config.settings(), new S3ObjectStore(clients.s3(), config.partSize()), metrics, clock);
    }

    /** With every collaborator given: tests, the local stack. */
    public static ProcessorApp create(ProcessorSettings settings, ObjectStore store, Metrics metrics, Clock clock) {
        FileProcessor files = new FileProcessor(store, settings, metrics, clock);
        return new ProcessorApp(new MessageProcessor(files, metrics), metrics, settings, clock);
    }

    /**
     * The same processor (schema, limits, compression) on another store, with metrics that go nowhere:
     * what SnapStart's priming runs a synthetic file through, so nothing reaches S3 or the dashboards.
     */
    ProcessorApp onStore(ObjectStore store) {
        ProcessorSettings anyBucket = new ProcessorSettings(settings.processedBucket(), List.of(), settings.schema(),
                settings.compression(), settings.limits(), settings.maxRejectRate(), settings.pipelineVersion());
        return create(anyBucket, store, Metrics.noop(), clock);
    }


    /**
     * Processes one batch with per-message failures and publishes the batch's metrics.
     *
     * @return the ids of the messages to hand back to the queue
     */
    public List<String> processBatch(List<BatchMessage> batch) {
        try {
            List<String> failed = PartialBatch.process(batch, messages::handle);
            metrics.add(Metric.BATCH_ITEM_FAILURES, failed.size());
            return failed;
        } finally {
            metrics.flush();
        }
    }

    public MessageProcessor messages() {
        return messages;
    }
}
