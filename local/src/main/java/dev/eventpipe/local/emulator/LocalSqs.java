package dev.eventpipe.local.emulator;

import dev.eventpipe.shared.aws.AwsClients;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
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
 * look real). ElasticMQ 1.7.1 lacks {@code RedriveAllowPolicy} (see {@link #createQueueWithDlq}).
 *
 * <p><b>Where queues and messages live.</b> {@link #start(int)} keeps them in memory: they are gone when
 * this stops. {@link #start(int, Path)} keeps them in an SQLite database under a data directory (ElasticMQ's SQL
 * message store) and restores them at the next start on that directory, before it accepts requests: the
 * queues with their attributes and redrive policies, and every message with its receive count and its
 * visibility (a message received and not deleted comes back once its visibility timeout has passed).
 * ElasticMQ 1.7.1 does not store a {@code PurgeQueue}: the purged messages come back at the next start.
 * <ul>
 *   <li><b>A stop ({@link #close()}) or a killed process ({@code kill -9}, a JVM crash)</b> keeps every
 *       send, receive, delete and visibility change ElasticMQ answered: it answers only after the store
 *       committed, and each commit is in SQLite's write-ahead log before it returns.
 *       Not covered: queue creation and attribute changes, which ElasticMQ stores without waiting (they are
 *       written before any later message, and {@link #createQueueWithDlq}, called again at the next start,
 *       re-applies them), and a message being moved in that instant, to the dead-letter queue or by a
 *       message-move task (removed from one queue, then added to the other, in two steps).
 *   <li><b>A power loss or kernel crash</b> can also lose what was answered in the last moments: the log
 *       is synced at checkpoints ({@code synchronous=NORMAL}), not on every commit. The database stays
 *       consistent (a power loss was not tried).
 * </ul>
 *
 * <p><b>Threads.</b> Pekko's threads are not daemons: always {@link #close()} (try-with-resources). This
 * class owns the Pekko actor system rather than letting ElasticMQ make one: ElasticMQ 1.7.1 terminates its
 * own only after a successful bind, so a failed start (port taken) would leave the JVM unable to exit. Its
 * persistent server ({@code ElasticMQServer}) has the same flaw, and also hides the bound port and restores
 * queues only after it started listening; this class wires ElasticMQ's store, queue manager and REST server
 * itself instead (see {@link QueueStore}).
 */
public final class LocalSqs implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";
    private static final String REGION = "us-east-1";

    private final ActorSystem actors;
    private final SQSRestServer server;
    private final QueueStore store;
    private final URI endpoint;
    private final AwsClients clients;
    private final SqsClient sqs;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LocalSqs(ActorSystem actors, SQSRestServer server, QueueStore store, int port) {
        this.actors = actors;
        this.server = server;
        this.store = store;
        this.endpoint = URI.create("http://" + LOOPBACK + ":" + port);
        this.clients = AwsClients.forEmulator(endpoint);
        this.sqs = clients.build(SqsClient.builder());
    }

    /**
     * Starts ElasticMQ with queues and messages in memory (about 2 s cold); the caller closes it.
     *
     * @param port the TCP port on 127.0.0.1, or 0 for one the OS picks; the queue URLs it hands out carry
     *             the real port either way
     */
    public static LocalSqs start(int port) {
        checkPort(port);
        return start(port, QueueStore.inMemory());
    }

    /**
     * Starts ElasticMQ with queues and messages kept in {@code dataDirectory} (SQLite's {@code elasticmq.db})
     * and restored from it, as the class comment describes; the caller closes it. One at a time per JVM
     * (ElasticMQ's store uses a JVM-wide connection pool); an OS lock on the directory keeps other processes out.
     *
     * @param port          as for {@link #start(int)}; the restored queues' URLs carry this start's port
     * @param dataDirectory created with its parents if missing; give SQS a directory of its own
     * @throws IllegalStateException a persistent {@code LocalSqs} is already open in this JVM, another process
     *                               holds the directory, or the stored queues could not be restored
     */
    public static LocalSqs start(int port, Path dataDirectory) {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        checkPort(port);
        return start(port, QueueStore.sqlite(dataDirectory));
    }

    private static void checkPort(int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
    }

    private static LocalSqs start(int port, QueueStore store) {
        ActorSystem actors;
        try {
            actors = ActorSystem.create("elasticmq");
        } catch (RuntimeException | Error e) {
            store.close();
            throw e;
        }
        try {
            SQSRestServer server = SQSRestServerBuilder.withActorSystem(actors)
                    .withQueueManagerActor(store.queueManager(actors))
                    .withInterface(LOOPBACK)
                    .withPort(port) // with 0 the builder puts the bound port into the queue URLs
                    .withAWSRegion(REGION)
                    .start();
            return new LocalSqs(actors, server, store, server.waitUntilStarted().localAddress().getPort());
        } catch (RuntimeException | Error e) {
            stop(actors, store); // e.g. the port is taken: do not leave Pekko's threads or the store behind
            throw e;
        } catch (Exception e) { // Scala's Await throws checked exceptions undeclared
            stop(actors, store);
            throw new IllegalStateException("ElasticMQ did not start on " + LOOPBACK + ":" + port, e);
        }
    }

    private static void stop(ActorSystem actors, QueueStore store) {
        try {
            terminate(actors);
        } finally {
            store.close(); // after the actors: the store's actor writes until it stops
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
     * <p>Idempotent: where the queues exist (again in this run, or restored from the data directory) it
     * returns their URLs and sets the visibility timeout and redrive policy given now, which may differ from
     * an earlier call's, and their messages stay.
     *
     * @param visibilityTimeout whole seconds, as SQS counts it
     */
    public QueuePair createQueueWithDlq(String name, int maxReceiveCount, Duration visibilityTimeout) {
        return createQueueWithDlq(sqs, name, maxReceiveCount, visibilityTimeout);
    }

    /**
     * As {@link #createQueueWithDlq(String, int, Duration)}, on any SQS endpoint {@code sqs} is pointed at (SQS
     * itself, moto, another emulator).
     */
    public static QueuePair createQueueWithDlq(SqsClient sqs, String name, int maxReceiveCount, Duration visibilityTimeout) {
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
                "{\"redrivePermission\":\"byQueue\",\"sourceQueueArns\":[\"%s\"]}", queueArn(sqs, queueUrl));
        // ElasticMQ 1.7.1 has no RedriveAllowPolicy: CreateQueue drops it silently, SetQueueAttributes fails
        // with 400. Sent in CreateQueue anyway, so this reads (and works) as it would against SQS.
        String dlqUrl = sqs.createQueue(b -> b.queueName(name + "-dlq").attributes(Map.of(
                QueueAttributeName.REDRIVE_ALLOW_POLICY, redriveAllowPolicy))).queueUrl();
        String dlqArn = queueArn(sqs, dlqUrl);
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
        return queueArn(sqs, queueUrl);
    }

    private static String queueArn(SqsClient sqs, String queueUrl) {
        return sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    /**
     * Closes the client, then stops ElasticMQ and its threads, then closes the store: in memory every queue
     * and message is gone, on disk they are kept for the next start. Idempotent.
     */
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
                    stop(actors, store);
                }
            }
        }
    }
}
