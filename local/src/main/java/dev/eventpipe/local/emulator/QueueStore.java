package dev.eventpipe.local.emulator;

import dev.eventpipe.local.s3.DirectoryLock;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.actor.queue.QueueEvent;
import org.elasticmq.persistence.CreateQueueMetadata;
import org.elasticmq.persistence.sql.SqlQueuePersistenceActor;
import org.elasticmq.persistence.sql.SqlQueuePersistenceConfig;
import org.elasticmq.util.NowProvider;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;
import scala.util.Left;
import scalikejdbc.ConnectionPool$;

/**
 * Where {@link LocalSqs}'s queues and messages live: this JVM's memory, or an SQLite database under a
 * data directory through ElasticMQ's SQL message store. Either way it makes the queue manager, the actor
 * ElasticMQ's REST server talks to, with the stored queues and messages already in it.
 */
sealed interface QueueStore extends AutoCloseable {

    /** Queues and messages in memory, gone with the JVM. */
    static QueueStore inMemory() {
        return new InMemory();
    }

    /**
     * Queues and messages in {@code dataDirectory/elasticmq.db} (SQLite), created with its parents if
     * missing. Locks the directory now, so a directory another process holds fails here, not on the first
     * request.
     *
     * @throws IllegalStateException another persistent store is open in this JVM, or another process holds
     *                               the directory (see {@link Sqlite})
     */
    static QueueStore sqlite(Path dataDirectory) {
        return Sqlite.open(dataDirectory);
    }

    /** The queue manager, with every stored queue and message restored before this returns. */
    ActorRef queueManager(ActorSystem actors);

    /** Releases what {@link #queueManager} needs beyond the actor system (stopped before). Idempotent. */
    @Override
    void close();

    final class InMemory implements QueueStore {

        private InMemory() {
        }

        @Override
        public ActorRef queueManager(ActorSystem actors) {
            // What SQSRestServerBuilder makes when given none, with the same (its default) limits.
            return actors.actorOf(Props.create(QueueManagerActor.class,
                    () -> new QueueManagerActor(new NowProvider(), StrictSQSLimits$.MODULE$, Option.empty())));
        }

        @Override
        public void close() {
        }
    }

    /**
     * ElasticMQ 1.7.1's SQL message store on SQLite: the queues (with their attributes, redrive policy
     * included) and every message with its state (receive count, receipt handles, next visibility) are
     * rows, written by one actor that every queue notifies. Its SQL is plain ({@code varchar},
     * {@code blob}, {@code create table if not exists}), which SQLite takes as it is.
     *
     * <p><b>Why SQLite, not H2</b> (ElasticMQ's own choice): H2's MVStore writes a new chunk of B-tree
     * pages for every commit, and with one commit per send, receive and delete that single actor was the
     * local stack's largest cost (a third of its CPU at a hundred files a second). SQLite in WAL mode
     * appends a page or two to its log per commit.
     *
     * <p><b>One per JVM.</b> That store reaches its database through scalikejdbc's JVM-wide default
     * connection pool, which it initialises once per JVM and never again, whatever URL the next store
     * names. This class therefore registers the pool itself on every open (so a later open on another
     * directory really uses that directory), refuses to open while one is registered, and removes it on
     * close. This is the only class that touches that pool. Another process is kept out by an OS lock on
     * {@value #LOCK} in the directory, which dies with the process that held it.
     *
     * <p><b>Durability.</b> WAL with {@code synchronous=NORMAL}: a commit is in the write-ahead log (the
     * operating system's cache) before it returns, and ElasticMQ answers a send, receive, delete or
     * visibility change only after the store committed it, so what a client was answered survives a
     * killed process. The log is synced at checkpoints, not on every commit, so a power loss or kernel
     * crash can lose the last moments' changes (the database stays consistent).
     */
    final class Sqlite implements QueueStore {

        /** The database file in the data directory. */
        static final String DATABASE = "elasticmq.db";
        /** The file whose lock says which process has the directory. */
        static final String LOCK = "elasticmq.lock";

        /** scalikejdbc's registry of pools (a Scala object; Java reaches it through its module). */
        private static final ConnectionPool$ POOLS = ConnectionPool$.MODULE$;

        /** Guards registering scalikejdbc's default pool, which is JVM-wide. */
        private static final Object POOL_LOCK = new Object();

        private static final Duration RESTORE_TIMEOUT = Duration.ofMinutes(1);

        private final Path dataDirectory;
        private final SqlQueuePersistenceConfig config;
        private final FileChannel lockFile;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Sqlite(Path dataDirectory, SqlQueuePersistenceConfig config, FileChannel lockFile) {
            this.dataDirectory = dataDirectory;
            this.config = config;
            this.lockFile = lockFile;
        }

        static Sqlite open(Path dataDirectory) {
            Path directory = dataDirectory.toAbsolutePath();
            if (directory.toString().indexOf('?') >= 0) { // the JDBC URL's settings follow a '?'
                throw new IllegalArgumentException("SQS's data directory must not contain '?': " + directory);
            }
            FileChannel lockFile = DirectoryLock.acquire(directory, LOCK, "SQS's");
            String url = "jdbc:sqlite:" + directory.resolve(DATABASE)
                    + "?journal_mode=WAL&synchronous=NORMAL&busy_timeout=30000";
            synchronized (POOL_LOCK) {
                if (POOLS.isInitialized(POOLS.DEFAULT_NAME())) {
                    DirectoryLock.release(lockFile);
                    throw new IllegalStateException("a persistent LocalSqs is already open in this JVM, on "
                            + POOLS.get(POOLS.DEFAULT_NAME()).url()
                            + ": ElasticMQ 1.7.1 keeps its message store in a JVM-wide connection pool");
                }
                // Scala's default arguments, spelled out: default pool settings, Commons DBCP 2.
                POOLS.singleton(url, "", "", POOLS.singleton$default$4(),
                        POOLS.DEFAULT_CONNECTION_POOL_FACTORY());
                try (Connection connection = POOLS.borrow(POOLS.DEFAULT_NAME())) {
                    connection.isValid(0);
                } catch (SQLException | RuntimeException e) {
                    POOLS.close(POOLS.DEFAULT_NAME());
                    DirectoryLock.release(lockFile);
                    throw new IllegalStateException("cannot open SQS's store in " + directory, e);
                }
            }
            return new Sqlite(directory, new SqlQueuePersistenceConfig(true, "org.sqlite.JDBC", url, "", "", false),
                    lockFile);
        }

        @Override
        public ActorRef queueManager(ActorSystem actors) {
            List<CreateQueueMetadata> noQueuesFromConfig = List.of();
            ActorRef store = actors.actorOf(Props.create(SqlQueuePersistenceActor.class,
                    () -> new SqlQueuePersistenceActor(config,
                            CollectionConverters.asScala(noQueuesFromConfig).toList())), "queue-store");
            ActorRef queueManager = actors.actorOf(Props.create(QueueManagerActor.class,
                    () -> new QueueManagerActor(new NowProvider(), StrictSQSLimits$.MODULE$, Option.apply(store))));
            restore(store, queueManager);
            return queueManager;
        }

        /**
         * Re-creates the stored queues (dead-letter queues first) and their messages in the queue manager,
         * and waits for it. ElasticMQ's own server does this after it started listening and does not wait:
         * a CreateQueue arriving first would make the restore of that queue fail.
         */
        private void restore(ActorRef store, ActorRef queueManager) {
            Object result;
            try {
                result = Patterns.ask(store, new QueueEvent.Restore(queueManager), RESTORE_TIMEOUT)
                        .toCompletableFuture().get(RESTORE_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted restoring SQS's queues from " + dataDirectory, e);
            } catch (ExecutionException | TimeoutException e) { // the store logs its own failure and never answers
                throw new IllegalStateException("ElasticMQ did not restore SQS's queues from " + dataDirectory, e);
            }
            if (result instanceof Left<?, ?> errors) {
                throw new IllegalStateException("ElasticMQ could not restore SQS's queues from " + dataDirectory
                        + ": " + errors.value());
            }
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                try {
                    synchronized (POOL_LOCK) {
                        POOLS.close(POOLS.DEFAULT_NAME()); // closes the pool's connections, and so the database
                    }
                } finally {
                    DirectoryLock.release(lockFile);
                }
            }
        }
    }
}
