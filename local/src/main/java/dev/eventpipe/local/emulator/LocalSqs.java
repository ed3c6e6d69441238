package dev.eventpipe.local.emulator;

import dev.eventpipe.shared.aws.AwsClients;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.ActorSystem;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * SQS on this machine: <a href="https://github.com/softwaremill/elasticmq">ElasticMQ</a> embedded in this
 * JVM, on {@code 127.0.0.1}, in region us-east-1 (the region {@link AwsClients#forEmulator} uses, so ARNs
 * look real).
 *
 * <p><b>Messages live in memory only:</b> they are gone when this stops, and so are the queues. Whoever
 * runs a local stack on top re-creates its queues at start and re-enqueues what is still unprocessed.
 * ElasticMQ 1.7.1 also lacks {@code RedriveAllowPolicy} (see {@link #createQueueWithDlq}).
 *
 * <p><b>Threads.</b> Pekko's threads are not daemons: always {@link #close()} (try-with-resources). This
 * class owns the Pekko actor system rather than letting ElasticMQ make one: ElasticMQ 1.7.1 terminates its
 * own only after a successful bind, so a failed start (port taken) would leave the JVM unable to exit.
 */
public final class LocalSqs implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";
    private static final String REGION = "us-east-1";

    private final ActorSystem actors;
    private final SQSRestServer server;
    private final URI endpoint;
    private final AwsClients clients;
    private final SqsClient sqs;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LocalSqs(ActorSystem actors, SQSRestServer server, int port) {
        this.actors = actors;
        this.server = server;
        this.endpoint = URI.create("http://" + LOOPBACK + ":" + port);
        this.clients = AwsClients.forEmulator(endpoint);
        this.sqs = clients.build(SqsClient.builder());
    }

    /**
     * Starts ElasticMQ (about 2 s cold); the caller closes it.
     *
     * @param port the TCP port on 127.0.0.1, or 0 for one the OS picks; the queue URLs it hands out carry
     *             the real port either way
     */
    public static LocalSqs start(int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        ActorSystem actors = ActorSystem.create("elasticmq");
        try {
            SQSRestServer server = SQSRestServerBuilder.withActorSystem(actors)
                    .withInterface(LOOPBACK)
                    .withPort(port)
                    .withAWSRegion(REGION)
                    .start();
            return new LocalSqs(actors, server, server.waitUntilStarted().localAddress().getPort());
        } catch (RuntimeException | Error e) {
            terminate(actors); // e.g. the port is taken: do not leave Pekko's threads behind
            throw e;
        } catch (Exception e) { // Scala's Await throws checked exceptions undeclared
            terminate(actors);
            throw new IllegalStateException("ElasticMQ did not start on " + LOOPBACK + ":" + port, e);
        }
    }

    private static void terminate(ActorSystem actors) {
        actors.terminate();
        try {
            actors.getWhenTerminated().toCompletableFuture().get(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("ElasticMQ's actor system did not terminate", e);
        }
    }

    /** {@code http://127.0.0.1:<port>} */
    public URI endpoint() {
        return endpoint;
    }

    public int port() {
        return endpoint.getPort();
    }

    /** A client pointed at this ElasticMQ, owned (and closed) by this instance. */
    public SqsClient client() {
        return sqs;
    }

    /**
     * Creates {@code name} and {@code name-dlq}. After {@code maxReceiveCount} receives without a delete,
     * SQS moves a message to the DLQ (<a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html">
     * dead-letter queues</a>); the DLQ's redrive-allow policy names the main queue, as a message-move
     * task back from the DLQ expects.
     *
     * <p>Idempotent: where the queues exist already it returns their URLs and sets the visibility timeout
     * and redrive policy given now, which may differ from an earlier call's, and their messages stay.
     *
     * @param visibilityTimeout whole seconds, as SQS counts it
     */
    public QueuePair createQueueWithDlq(String name, int maxReceiveCount, Duration visibilityTimeout) {
        if (maxReceiveCount < 1 || maxReceiveCount > 1000) {
            throw new IllegalArgumentException("maxReceiveCount must be 1..1000, was " + maxReceiveCount);
        }
        if (visibilityTimeout.isNegative() || visibilityTimeout.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("SQS counts visibility in whole seconds, was " + visibilityTimeout);
        }
        // No attributes here: CreateQueue refuses an existing queue whose attributes differ from the ones it
        // is given (QueueAlreadyExists), and hands out an existing queue's URL when given none. They are set
        // below, on a new and an existing queue alike.
        String queueUrl = sqs.createQueue(b -> b.queueName(name)).queueUrl();
        String redriveAllowPolicy = String.format(
                "{\"redrivePermission\":\"byQueue\",\"sourceQueueArns\":[\"%s\"]}", queueArn(queueUrl));
        // ElasticMQ 1.7.1 has no RedriveAllowPolicy: CreateQueue drops it silently, SetQueueAttributes fails
        // with 400. Sent in CreateQueue anyway, so this reads (and works) as it would against SQS.
        String dlqUrl = sqs.createQueue(b -> b.queueName(name + "-dlq").attributes(Map.of(
                QueueAttributeName.REDRIVE_ALLOW_POLICY, redriveAllowPolicy))).queueUrl();
        String dlqArn = queueArn(dlqUrl);
        // Set last: the DLQ must exist, and on SQS its redrive-allow policy decides which queues may name it.
        String redrivePolicy = String.format(
                "{\"deadLetterTargetArn\":\"%s\",\"maxReceiveCount\":%d}", dlqArn, maxReceiveCount);
        sqs.setQueueAttributes(b -> b.queueUrl(queueUrl).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(visibilityTimeout.toSeconds()),
                QueueAttributeName.REDRIVE_POLICY, redrivePolicy)));
        return new QueuePair(queueUrl, dlqUrl, dlqArn);
    }

    /** The queue's ARN, as ElasticMQ reports it. */
    public String queueArn(String queueUrl) {
        return sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    /** Closes the client, then stops ElasticMQ and its threads; every message is gone. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                sqs.close();
                clients.close();
            } finally {
                try {
                    server.stopAndWait(); // unbinds; the actor system is ours to stop
                } finally {
                    terminate(actors);
                }
            }
        }
    }
}
