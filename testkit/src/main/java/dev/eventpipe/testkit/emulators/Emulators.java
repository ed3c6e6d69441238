package dev.eventpipe.testkit.emulators;

import com.adobe.testing.s3mock.S3MockApplication;
import dev.eventpipe.shared.aws.AwsClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * S3Mock and ElasticMQ running inside this JVM, on 127.0.0.1 and ports the OS picked, with SDK clients
 * pointed at them. Starting takes seconds, so integration tests share one instance per JVM through
 * {@link EmulatorsExtension}; tests stay independent by naming their buckets and queues with
 * {@link #uniqueName(String)}.
 *
 * <p>Both emulators log at WARN at most: S3Mock's start properties set the levels of the emulators' own
 * loggers through Spring Boot's logging system, which reconfigures the JVM's backend (Log4j 2 here) when
 * S3Mock starts; ElasticMQ starts second, so its start-up is already quiet. Other loggers keep the levels
 * of the test class path's own configuration.
 */
public final class Emulators implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";
    private static final Pattern NAME_PREFIX = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    /**
     * Loggers of S3Mock, Spring (its request-mapping dump uses a name starting with "_"), Tomcat,
     * Micrometer, ElasticMQ and Pekko. Only these: the project's own loggers keep their configured levels.
     */
    private static final List<String> EMULATOR_LOGGERS = List.of(
            "com.adobe.testing", "org.springframework", "_org.springframework", "org.apache.catalina",
            "org.apache.coyote", "org.apache.tomcat", "io.micrometer", "org.elasticmq", "org.apache.pekko");

    private final Path dataDir;
    private final S3MockApplication s3mock;
    private final SQSRestServer elasticMq;
    private final URI s3Endpoint;
    private final URI sqsEndpoint;
    private final AwsClients s3Clients;
    private final AwsClients sqsClients;
    private final SqsClient sqs;
    private final AtomicLong names = new AtomicLong();

    private Emulators(Path dataDir, S3MockApplication s3mock, SQSRestServer elasticMq) {
        this.dataDir = dataDir;
        this.s3mock = s3mock;
        this.elasticMq = elasticMq;
        this.s3Endpoint = loopback(s3MockPort(s3mock));
        this.sqsEndpoint = loopback(elasticMq.waitUntilStarted().localAddress().getPort());
        // One endpoint per AwsClients, and the two emulators listen on different ports.
        this.s3Clients = AwsClients.forEmulator(s3Endpoint);
        this.sqsClients = AwsClients.forEmulator(sqsEndpoint);
        this.sqs = sqsClients.build(SqsClient.builder());
    }

    /** Starts both emulators; the caller closes them (or lets {@link EmulatorsExtension} do it). */
    public static Emulators start() {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("eventpipe-s3mock-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create S3Mock's data directory", e);
        }
        S3MockApplication s3mock = S3MockApplication.start(s3MockProperties(dataDir));
        SQSRestServer elasticMq = null;
        try {
            elasticMq = SQSRestServerBuilder.withInterface(LOOPBACK)
                    .withDynamicPort() // the queue URLs it hands out then carry the real port
                    .withAWSRegion("us-east-1") // the region AwsClients.forEmulator uses, so ARNs look real
                    .start();
            return new Emulators(dataDir, s3mock, elasticMq);
        } catch (RuntimeException | Error e) {
            // Neither server runs on daemon threads: left running, they would keep the JVM alive.
            if (elasticMq != null) {
                elasticMq.stopAndWait();
            }
            s3mock.stop();
            throw e;
        }
    }

    private static Map<String, Object> s3MockProperties(Path dataDir) {
        // S3MockApplication.start mutates the map (it removes "silent"), so it must be mutable.
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.address", LOOPBACK);
        properties.put("server.port", 0);
        properties.put("server.ssl.enabled", false); // the main connector then serves plain HTTP
        properties.put("http.port", 0); // its second connector, dropped by S3MockLoopbackOnly
        properties.put("spring.main.sources", S3MockLoopbackOnly.class.getName());
        // S3Mock makes the root with mkdir (not mkdirs): it needs an existing parent, or requests fail with 500.
        properties.put("com.adobe.testing.s3mock.store.root", dataDir.resolve("store").toString());
        properties.put("spring.main.banner-mode", "off");
        // Spring logs "Starting ..." under the name of the JVM's main class, which no level below covers.
        properties.put("spring.main.log-startup-info", false);
        for (String logger : EMULATOR_LOGGERS) {
            properties.put("logging.level." + logger, "WARN");
        }
        return properties;
    }

    @SuppressWarnings("deprecation") // upstream discourages in-process use; its ports are only readable here
    private static int s3MockPort(S3MockApplication s3mock) {
        return s3mock.getPort();
    }

    private static URI loopback(int port) {
        return URI.create("http://" + LOOPBACK + ":" + port);
    }

    public URI s3Endpoint() {
        return s3Endpoint;
    }

    public URI sqsEndpoint() {
        return sqsEndpoint;
    }

    /**
     * The S3 side: every client this builds ({@link AwsClients#build}) talks to S3Mock. For SQS use
     * {@link #sqs()}, which is built from a second {@code AwsClients} pointed at ElasticMQ.
     */
    public AwsClients clients() {
        return s3Clients;
    }

    public S3Client s3() {
        return s3Clients.s3();
    }

    public SqsClient sqs() {
        return sqs;
    }

    /** Creates the bucket unless this emulator already has it. */
    public void createBucket(String bucket) {
        try {
            s3().createBucket(b -> b.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException alreadyThere) {
            // Idempotent on purpose: several tests may set up the same fixture bucket.
        }
    }

    /**
     * Creates {@code name} and {@code name-dlq}. After {@code maxReceiveCount} receives without a delete,
     * SQS moves a message to the DLQ (<a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html">
     * dead-letter queues</a>); the DLQ's redrive-allow policy names the main queue, as a message-move
     * task back from the DLQ expects.
     */
    public QueuePair createQueueWithDlq(String name, int maxReceiveCount, Duration visibilityTimeout) {
        if (maxReceiveCount < 1 || maxReceiveCount > 1000) {
            throw new IllegalArgumentException("maxReceiveCount must be 1..1000, was " + maxReceiveCount);
        }
        if (visibilityTimeout.isNegative() || visibilityTimeout.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("SQS counts visibility in whole seconds, was " + visibilityTimeout);
        }
        String queueUrl = sqs.createQueue(b -> b.queueName(name).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(visibilityTimeout.toSeconds())))).queueUrl();
        String redriveAllowPolicy = String.format(
                "{\"redrivePermission\":\"byQueue\",\"sourceQueueArns\":[\"%s\"]}", arnOf(queueUrl));
        // ElasticMQ 1.7.1 has no RedriveAllowPolicy: CreateQueue drops it silently, SetQueueAttributes fails
        // with 400. Sent in CreateQueue anyway, so this reads (and works) as it would against SQS.
        String dlqUrl = sqs.createQueue(b -> b.queueName(name + "-dlq").attributes(Map.of(
                QueueAttributeName.REDRIVE_ALLOW_POLICY, redriveAllowPolicy))).queueUrl();
        String dlqArn = arnOf(dlqUrl);
        // Set last: the DLQ must exist, and on SQS its redrive-allow policy decides which queues may name it.
        String redrivePolicy = String.format(
                "{\"deadLetterTargetArn\":\"%s\",\"maxReceiveCount\":%d}", dlqArn, maxReceiveCount);
        sqs.setQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributes(Map.of(QueueAttributeName.REDRIVE_POLICY, redrivePolicy)));
        return new QueuePair(queueUrl, dlqUrl, dlqArn);
    }

    private String arnOf(String queueUrl) {
        return sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    /**
     * A name no other caller of this instance gets, valid as an S3 bucket and as an SQS queue name
     * (also with {@code -dlq} appended): {@code prefix-N}. The prefix is 1 to 40 characters of
     * {@code a-z}, {@code 0-9} and {@code -}, starting with a letter or digit.
     */
    public String uniqueName(String prefix) {
        if (!NAME_PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("name prefix must match " + NAME_PREFIX + ", was '" + prefix + "'");
        }
        return prefix + "-" + names.incrementAndGet();
    }

    @Override
    public void close() {
        // Neither server runs on daemon threads (Pekko's, Tomcat's): each stops whatever happened before.
        try {
            sqs.close();
            sqsClients.close();
            s3Clients.close();
        } finally {
            try {
                elasticMq.stopAndWait();
            } finally {
                s3mock.stop();
                deleteRecursively(dataDir);
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // A leftover temp directory is not worth failing the test run for.
        }
    }
}
