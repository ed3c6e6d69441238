package dev.eventpipe.local.s3;

import dev.eventpipe.local.s3.awssdk.EngineBlobStore;
import dev.eventpipe.shared.store.ObjectStore;
import jakarta.servlet.DispatcherType;
import java.lang.reflect.Field;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.shaded.org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.gaul.shaded.org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.gaul.shaded.org.eclipse.jetty.server.Server;

/**
 * S3 on this machine: {@link ObjectEngine} (buckets, versions, checksums, conditional writes, multipart,
 * persistent under a directory) behind <a href="https://github.com/gaul/s3proxy">S3Proxy</a>'s
 * implementation of S3's wire protocol, in this JVM, on {@code 127.0.0.1} only. Every object created, by
 * any client or in-process, is told to the {@link ObjectCreatedListener} before the write is acknowledged.
 *
 * <pre>{@code
 * try (LocalS3 s3 = LocalS3.start(LocalS3.Settings.of(9090, Path.of(".eventpipe/s3")).withListener(publisher))) {
 *     AwsClients clients = AwsClients.forEmulator(s3.endpoint());
 *     ...
 * }
 * }</pre>
 *
 * <p>Path-style and virtual-host-free: bucket names travel in the path (awscli chooses that for an IP
 * endpoint; {@code AwsClients.forEmulator} sets it). Authentication is off: any credentials are
 * accepted, and presigned URLs work as plain GETs. Jetty's threads are not daemons: always
 * {@link #close()}.
 */
public final class LocalS3 implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";

    private final ObjectEngine engine;
    private final S3Proxy proxy;
    private final Path dataDirectory;
    private final URI endpoint;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LocalS3(ObjectEngine engine, S3Proxy proxy, Path dataDirectory) {
        this.engine = engine;
        this.proxy = proxy;
        this.dataDirectory = dataDirectory;
        this.endpoint = URI.create("http://" + LOOPBACK + ":" + proxy.getPort());
    }

    /**
     * @param port          the TCP port on 127.0.0.1, or 0 for one the OS picks
     * @param dataDirectory the store's directory, created if missing (see {@link ObjectEngine})
     * @param listener      told about every object created
     * @param clock         last-modified times, event times and sequencers
     * @param durability    what an acknowledged write survives
     */
    public record Settings(int port, Path dataDirectory, ObjectCreatedListener listener, Clock clock,
                           ObjectEngine.Durability durability) {

        public Settings {
            Objects.requireNonNull(dataDirectory, "dataDirectory");
            Objects.requireNonNull(listener, "listener");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(durability, "durability");
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
        }

        /** No notifications, the system clock, surviving a process crash. */
        public static Settings of(int port, Path dataDirectory) {
            return new Settings(port, dataDirectory, ObjectCreatedListener.none(), Clock.systemUTC(),
                    ObjectEngine.Durability.PROCESS_CRASH);
        }

        public Settings withListener(ObjectCreatedListener listener) {
            return new Settings(port, dataDirectory, listener, clock, durability);
        }

        public Settings withClock(Clock clock) {
            return new Settings(port, dataDirectory, listener, clock, durability);
        }

        public Settings withDurability(ObjectEngine.Durability durability) {
            return new Settings(port, dataDirectory, listener, clock, durability);
        }
    }

    /** Opens the store and starts serving (well under a second); the caller closes it. */
    public static LocalS3 start(Settings settings) {
        Path dir = settings.dataDirectory().toAbsolutePath();
        ObjectEngine engine = ObjectEngine.open(dir, settings.durability(), settings.listener(), settings.clock());
        EngineBlobStore blobStore = new EngineBlobStore(engine);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://" + LOOPBACK + ":" + settings.port()))
                .awsAuthentication(AuthenticationType.NONE, null, null)
                // the SDK's async multipart client sends x-amz-mp-object-size, which S3Proxy does not know
                .ignoreUnknownHeaders(true)
                .build();
        try {
            ServletContextHandler context = servletContext(proxy);
            // S3Proxy leaves the end of an aws-chunked body unread; read, it cannot break the client's write
            context.addFilter(new FilterHolder(new RequestBodyDrain()), "/*", EnumSet.of(DispatcherType.REQUEST));
            context.addFilter(new FilterHolder(blobStore.checksumEcho()), "/*", EnumSet.of(DispatcherType.REQUEST));
            proxy.start();
            return new LocalS3(engine, proxy, dir);
        } catch (Exception e) {
            stopQuietly(proxy);
            engine.close();
            throw new IllegalStateException("the local S3 did not start on " + LOOPBACK + ":" + settings.port()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * S3Proxy's servlet context, to add a filter to. S3Proxy 4.1 builds its Jetty server (shaded into its
     * jar) privately, a {@code GracefulHandler} around one {@code ServletContextHandler}, and offers no
     * hook; the version is pinned, and every test that starts the local S3 fails loudly should the shape
     * change.
     */
    private static ServletContextHandler servletContext(S3Proxy proxy) throws ReflectiveOperationException {
        Field field = S3Proxy.class.getDeclaredField("server");
        field.setAccessible(true);
        Server server = (Server) field.get(proxy);
        ServletContextHandler context = server.getDescendant(ServletContextHandler.class);
        if (context == null) {
            throw new IllegalStateException("S3Proxy's Jetty server has no servlet context: " + server.getHandler());
        }
        return context;
    }

    private static void stopQuietly(S3Proxy proxy) {
        try {
            proxy.stop();
        } catch (Exception ignored) {
            // not started
        }
    }

    public int port() {
        return endpoint.getPort();
    }

    /** {@code http://127.0.0.1:<port>}: path-style addressing. */
    public URI endpoint() {
        return endpoint;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The store itself, for in-process callers (the same objects, the same notifications). */
    public ObjectEngine engine() {
        return engine;
    }

    /** The {@link ObjectStore} port on the store in-process: no HTTP between the local stack and its S3. */
    public ObjectStore objectStore() {
        return new EngineObjectStore(engine);
    }

    /** Stops serving and closes the store; the data directory stays. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                proxy.stop();
            } catch (Exception e) {
                throw new IllegalStateException("the local S3 did not stop cleanly", e);
            } finally {
                engine.close();
            }
        }
    }
}
