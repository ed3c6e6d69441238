package dev.eventpipe.testkit.emulators;

import dev.eventpipe.local.s3.LocalS3;
import dev.eventpipe.local.emulator.LocalSqs;
import dev.eventpipe.local.emulator.QueuePair;
import dev.eventpipe.shared.aws.AwsClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The local stack's emulators ({@link LocalS3}, {@link LocalSqs} from {@code eventpipe-local}) for
 * integration tests: both in this JVM, on 127.0.0.1 and ports the OS picked, S3's data in a fresh temporary
 * directory that {@link #close()} deletes, with SDK clients pointed at them. Starting takes seconds, so
 * integration tests share one instance per JVM through {@link EmulatorsExtension}; tests stay independent
 * by naming their buckets and queues with {@link #uniqueName(String)}.
 *
 * <p>Only a test-friendly face: start-up, loopback binding, quiet logging and queue creation live in
 * {@code dev.eventpipe.local.emulator}, and so do their caveats (see that module's README). No bucket
 * notifications are configured here: tests send the S3 event JSON they need themselves
 * ({@code S3Events}).
 */
public final class Emulators implements AutoCloseable {

    private static final Pattern NAME_PREFIX = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    private final Path dataDir;
    private final LocalS3 s3;
    private final LocalSqs elasticMq;
    private final AwsClients s3Clients;
    private final AtomicLong names = new AtomicLong();

    private Emulators(Path dataDir, LocalS3 s3, LocalSqs elasticMq) {
        this.dataDir = dataDir;
        this.s3 = s3;
        this.elasticMq = elasticMq;
        // One endpoint per AwsClients, and the two emulators listen on different ports.
        this.s3Clients = AwsClients.forEmulator(s3.endpoint());
    }

    /** Starts both emulators; the caller closes them (or lets {@link EmulatorsExtension} do it). */
    public static Emulators start() {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("eventpipe-s3-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the local S3's data directory", e);
        }
        // S3 first: its start sets the emulators' log levels, so ElasticMQ's start-up is quiet too.
        LocalS3 s3 = LocalS3.start(LocalS3.Settings.of(0, dataDir.resolve("store")));
        try {
            return new Emulators(dataDir, s3, LocalSqs.start(0));
        } catch (RuntimeException | Error e) {
            // Tomcat's threads are not daemons: left running, they would keep the JVM alive.
            s3.close();
            deleteRecursively(dataDir);
            throw e;
        }
    }

    public URI s3Endpoint() {
        return s3.endpoint();
    }

    public URI sqsEndpoint() {
        return elasticMq.endpoint();
    }

    /**
     * The S3 side: every client this builds ({@link AwsClients#build}) talks to the local S3. For SQS use
     * {@link #sqs()}, which is pointed at ElasticMQ.
     */
    public AwsClients clients() {
        return s3Clients;
    }

    public S3Client s3() {
        return s3Clients.s3();
    }

    public SqsClient sqs() {
        return elasticMq.client();
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
     * Creates {@code name} and {@code name-dlq}, the main queue redriving to the DLQ after
     * {@code maxReceiveCount} receives: {@link LocalSqs#createQueueWithDlq}.
     */
    public QueuePair createQueueWithDlq(String name, int maxReceiveCount, Duration visibilityTimeout) {
        return elasticMq.createQueueWithDlq(name, maxReceiveCount, visibilityTimeout);
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
            s3Clients.close();
        } finally {
            try {
                elasticMq.close();
            } finally {
                s3.close();
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
