package dev.eventpipe.ingest;

import dev.eventpipe.local.emulator.QueuePair;
import dev.eventpipe.processor.ProcessorApp;
import dev.eventpipe.processor.batch.BatchMessage;
import dev.eventpipe.shared.aws.AwsClients;
import dev.eventpipe.shared.metrics.CountingMetrics;
import dev.eventpipe.testkit.emulators.Emulators;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The pipeline on the shared emulators for operator-tool tests: an input and a processed bucket, a files
 * queue with its DLQ, and the processor, driven one receive at a time (no background threads, so a test
 * decides when processing happens).
 */
public final class Pipeline {

    public final Emulators emulators;
    public final String input;
    public final String processed;
    public final QueuePair queues;
    public final CountingMetrics metrics = new CountingMetrics();
    public final ProcessorApp app;
    /** S3 and SQS clients, each service at its emulator (as {@code AWS_ENDPOINT_URL_S3/_SQS} point the CLI's). */
    public final AwsClients clients;

    public Pipeline(Emulators emulators, int maxReceiveCount) {
        this.emulators = emulators;
        this.input = emulators.uniqueName("input");
        this.processed = emulators.uniqueName("processed");
        emulators.createBucket(input);
        emulators.createBucket(processed);
        this.queues = emulators.createQueueWithDlq(emulators.uniqueName("files"), maxReceiveCount, Duration.ofSeconds(30));
        this.clients = AwsClients.forEmulators(Map.of("S3", emulators.s3Endpoint(), "SQS", emulators.sqsEndpoint()));
        this.app = ProcessorApp.fromEnvironment(Map.of("EVENTPIPE_PROCESSED_BUCKET", processed, "EVENTPIPE_INPUT_BUCKETS", input),
                emulators.clients(), metrics, Clock.systemUTC());
    }

    /** Receives and processes until the files queue is empty; deletes what succeeded, as Lambda does. */
    public int drain() {
        int handled = 0;
        Set<String> failedBefore = new HashSet<>();
        while (true) {
            List<Message> got = emulators.sqs().receiveMessage(b -> b.queueUrl(queues.queueUrl()).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages();
            if (got.isEmpty() || got.stream().allMatch(m -> failedBefore.contains(m.messageId()))) {
                return handled;
            }
            List<String> failed = app.processBatch(got.stream()
                    .map(m -> new BatchMessage(m.messageId(), m.body(), Optional.empty())).toList());
            for (Message m : got) {
                if (!failed.contains(m.messageId())) {
                    emulators.sqs().deleteMessage(b -> b.queueUrl(queues.queueUrl()).receiptHandle(m.receiptHandle()));
                } else {
                    failedBefore.add(m.messageId());
                    emulators.sqs().changeMessageVisibility(b -> b.queueUrl(queues.queueUrl())
                            .receiptHandle(m.receiptHandle()).visibilityTimeout(0));
                }
            }
            handled += got.size();
        }
    }
}
