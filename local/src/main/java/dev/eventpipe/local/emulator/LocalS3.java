package dev.eventpipe.local.emulator;

import com.adobe.testing.s3mock.S3MockApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * S3 on this machine: <a href="https://github.com/adobe/S3Mock">S3Mock</a> inside this JVM, listening on
 * {@code 127.0.0.1} only, storing buckets and objects under a directory that outlives it, and telling an
 * {@link ObjectCreatedListener} about every object written, which S3Mock itself cannot
 * ({@code PutBucketNotificationConfiguration} answers 409).
 *
 * <pre>{@code
 * try (LocalS3 s3 = LocalS3.start(LocalS3.Settings.of(4566, Path.of(".eventpipe/s3")).withListener(publisher))) {
 *     AwsClients clients = AwsClients.forEmulator(s3.endpoint());
 *     ...
 * }
 * }</pre>
 *
 * <p><b>Persistence.</b> S3Mock 5.2.0 keeps everything in its store root (one folder per bucket with a
 * {@code bucketMetadata.json}, one folder per object with its data and metadata files) and, when started
 * on an existing root, loads every bucket folder that has a {@code bucketMetadata.json} and its objects.
 * On a graceful stop it empties the root unless {@code retainFilesOnExit} is set; this class always sets
 * it, so the data directory belongs to the caller. S3Mock writes its metadata files in place, not
 * atomically: a killed process can leave a truncated file that makes that key answer 500.
 *
 * <p><b>Logging.</b> The start properties set S3Mock's, Spring's, Tomcat's, Micrometer's, ElasticMQ's,
 * Pekko's and scalikejdbc's loggers to WARN, and Spring Boot applies them to the JVM's logging backend
 * (Log4j 2 here) as S3Mock starts; other loggers keep their configured levels. Start this before {@link LocalSqs} so that
 * ElasticMQ's start-up is quiet too.
 *
 * <p><b>Threads.</b> Tomcat's threads are not daemons: always {@link #close()} (try-with-resources).
 */
public final class LocalS3 implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";

    /**
     * Loggers of S3Mock, Spring (its request-mapping dump uses a name starting with "_"), Tomcat,
     * Micrometer, ElasticMQ, Pekko and scalikejdbc (ElasticMQ's message store: every SQL statement at DEBUG).
     * Only these: the project's own loggers keep their configured levels.
     */
    private static final List<String> EMULATOR_LOGGERS = List.of(
            "com.adobe.testing", "org.springframework", "_org.springframework", "org.apache.catalina",
            "org.apache.coyote", "org.apache.tomcat", "io.micrometer", "org.elasticmq", "org.apache.pekko",
            "scalikejdbc");

    private final S3MockApplication s3mock;
    private final Path dataDirectory;
    private final URI endpoint;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LocalS3(S3MockApplication s3mock, Path dataDirectory) {
        this.s3mock = s3mock;
        this.dataDirectory = dataDirectory;
        this.endpoint = URI.create("http://" + LOOPBACK + ":" + port(s3mock));
    }

    /**
     * @param port          the TCP port on 127.0.0.1, or 0 for one the OS picks
     * @param dataDirectory S3Mock's store root, created if missing; give it a directory of its own (every
     *                      sub-folder is taken for a bucket)
     * @param listener      told about every object written
     * @param clock         the event times and sequencers of those events
     */
    public record Settings(int port, Path dataDirectory, ObjectCreatedListener listener, Clock clock) {

        public Settings {
            Objects.requireNonNull(dataDirectory, "dataDirectory");
            Objects.requireNonNull(listener, "listener");
            Objects.requireNonNull(clock, "clock");
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
        }

        /** No notifications, the system clock. */
        public static Settings of(int port, Path dataDirectory) {
            return new Settings(port, dataDirectory, ObjectCreatedListener.none(), Clock.systemUTC());
        }

        public Settings withListener(ObjectCreatedListener listener) {
            return new Settings(port, dataDirectory, listener, clock);
        }

        public Settings withClock(Clock clock) {
            return new Settings(port, dataDirectory, listener, clock);
        }
    }

    /** Starts S3Mock (3 to 5 s cold); the caller closes it. */
    public static LocalS3 start(Settings settings) {
        Path dataDirectory = settings.dataDirectory().toAbsolutePath();
        try {
            // S3Mock makes a missing root with mkdir, not mkdirs: a missing parent fails every request with 500.
            Files.createDirectories(dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create S3's data directory " + dataDirectory, e);
        }
        // On failure Spring Boot closes the half-started context, and with it Tomcat.
        S3MockApplication s3mock = S3MockApplication.start(properties(settings, dataDirectory));
        return new LocalS3(s3mock, dataDirectory);
    }

    private static Map<String, Object> properties(Settings settings, Path dataDirectory) {
        // S3MockApplication.start mutates the map (it removes "silent"), so it must be mutable. Spring Boot
        // keeps it as the "defaultProperties" property source, values as they are: that is how the hooks,
        // an object, reach LocalS3SpringConfiguration.
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.address", LOOPBACK);
        properties.put("server.port", settings.port());
        properties.put("server.ssl.enabled", false); // the main connector then serves plain HTTP
        properties.put("http.port", 0); // its second connector, dropped by LocalS3SpringConfiguration
        properties.put("spring.main.sources", LocalS3SpringConfiguration.class.getName());
        properties.put(LocalS3SpringConfiguration.HOOKS_PROPERTY,
                new LocalS3SpringConfiguration.Hooks(settings.listener(), settings.clock()));
        properties.put("com.adobe.testing.s3mock.store.root", dataDirectory.toString());
        properties.put("com.adobe.testing.s3mock.store.retain-files-on-exit", true);
        properties.put("spring.main.banner-mode", "off");
        // The owner stops S3 in its own order (after the pollers drained); Spring's JVM hook would close
        // the context underneath it on Ctrl-C.
        properties.put("spring.main.register-shutdown-hook", false);
        // Spring logs "Starting ..." under the name of the JVM's main class, which no level below covers.
        properties.put("spring.main.log-startup-info", false);
        for (String logger : EMULATOR_LOGGERS) {
            properties.put("logging.level." + logger, "WARN");
        }
        return properties;
    }

    @SuppressWarnings("deprecation") // upstream discourages in-process use; its port is only readable here
    private static int port(S3MockApplication s3mock) {
        return s3mock.getPort();
    }

    public int port() {
        return endpoint.getPort();
    }

    /** {@code http://127.0.0.1:<port>}: path-style addressing only (bucket names in the path). */
    public URI endpoint() {
        return endpoint;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Stops S3Mock and its Tomcat threads; the data directory stays. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            s3mock.stop();
        }
    }
}
