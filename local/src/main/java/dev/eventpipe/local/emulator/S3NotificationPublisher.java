package dev.eventpipe.local.emulator;

import dev.eventpipe.local.s3.ObjectCreated;
import dev.eventpipe.local.s3.ObjectCreatedListener;
import dev.eventpipe.shared.notification.S3EventMessages;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What S3 does for a bucket with a queue notification configuration: each object created in the bucket
 * whose key passes the prefix and suffix filters becomes one message of one record on the queue, in the
 * exact JSON S3 sends ({@link S3EventMessages}).
 *
 * <p>Sends synchronously: when {@link #objectCreated} returns, SQS has accepted the message (concurrent
 * writers' messages travel together, see {@link BatchingSender}); when the send fails (after the SDK's
 * retries) it throws, and {@link dev.eventpipe.local.s3.LocalS3} answers the write with 500 so the client
 * retries. Delivery is therefore at least once, as with S3.
 */
public final class S3NotificationPublisher implements ObjectCreatedListener {

    private static final Logger LOG = LoggerFactory.getLogger(S3NotificationPublisher.class);

    private final SqsClient sqs;
    private final String region;
    private final NotificationConfiguration configuration;
    private final Clock clock;
    private final BatchingSender sender;

    /**
     * @param sqs           the client to send with; the caller owns and closes it
     * @param region        the bucket's region, written into every record ({@code awsRegion})
     * @param configuration which bucket and keys, and which queue
     * @param clock         the time of the test event
     */
    public S3NotificationPublisher(SqsClient sqs, String region, NotificationConfiguration configuration, Clock clock) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.region = Objects.requireNonNull(region, "region");
        this.configuration = Objects.requireNonNull(configuration, "configuration");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sender = new BatchingSender(sqs, configuration.queueUrl());
    }

    @Override
    public void objectCreated(ObjectCreated event) {
        if (!configuration.matches(event.bucket(), event.key())) {
            return;
        }
        String messageId = sender.send(S3EventMessages.objectCreated(event.record(), region, configuration.id()));
        LOG.atDebug().addKeyValue("bucket", event.bucket()).addKeyValue("key", event.key())
                .addKeyValue("eventName", event.kind().eventName()).addKeyValue("messageId", messageId)
                .log("S3 event notification sent");
    }

    /** Sends the {@code s3:TestEvent} that S3 sends when a notification configuration is saved. */
    public void sendTestEvent() {
        sqs.sendMessage(b -> b.queueUrl(configuration.queueUrl())
                .messageBody(S3EventMessages.testEvent(configuration.bucket(), clock.instant())));
    }

    public NotificationConfiguration configuration() {
        return configuration;
    }
}
