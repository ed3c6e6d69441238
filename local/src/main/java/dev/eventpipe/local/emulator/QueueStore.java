package dev.eventpipe.local.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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
 * Where {@link LocalSqs}'s queues and messages live: this JVM's memory, or an H2 database under a data
 * directory through ElasticMQ's SQL message store. Either way it makes the queue manager, the actor
 * ElasticMQ's REST server talks to, with the stored queues and messages already in it.
 */
sealed interface QueueStore extends AutoCloseable {

    /** Queues and messages in memory, gone with the JVM. */
    static QueueStore inMemory() {
        return new InMemory();
    }

    /**
     * Queues and messages in {@code dataDirectory/elasticmq.mv.db} (H2), created with its parents if missing.
     * Opens the database now, so a directory another process holds fails here, not on the first request.
     *
     * @throws IllegalStateException another persistent store is open in this JVM (see {@link H2})
     */
    static QueueStore h2(Path dataDirectory) {
        return H2.open(dataDirectory);
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
     * ElasticMQ 1.7.1's SQL message store on H2: the queues (with their attributes, redrive policy included)
     * and every message with its state (receive count, receipt handles, next visibility) are rows, written
     * by one actor that every queue notifies.
     *
     * <p><b>One per JVM.</b> That store reaches its database through scalikejdbc's JVM-wide default
     * connection pool, which it initialises once per JVM and never again, whatever URL the next store
     * names. This class therefore registers the pool itself on every open (so a later open on another
     * directory really uses that directory), refuses to open while one is registered, and removes it on
     * close, which closes the database cleanly. This is the only class that touches that pool.
     *
     * <p><b>Durability.</b> {@code WRITE_DELAY=0}: each H2 commit writes its changes to the file before it
     * returns (with H2's default of 500 ms they wait in memory, and a killed JVM loses them). ElasticMQ
     * answers a send, receive, delete or visibility change only after the store committed it, so what a
     * client was answered is in the operating system's page cache and survives a killed process. H2 does
     * not fsync on commit (only on a clean close, when compacting, and on {@code CHECKPOINT SYNC}), so a
     * power loss or kernel crash can lose what the operating system had not written back yet.
     */
    final class H2 implements QueueStore {

        /** The database file, {@value}.mv.db, in the data directory. */
        static final String DATABASE = "elasticmq";

        /** scalikejdbc's registry of pools (a Scala object; Java reaches it through its module). */
        private static final ConnectionPool$ POOLS = ConnectionPool$.MODULE$;

        /** Guards registering scalikejdbc's default pool, which is JVM-wide. */
        private static final Object POOL_LOCK = new Object();

        private static final Duration RESTORE_TIMEOUT = Duration.ofMinutes(1);

        private final Path dataDirectory;
        private final SqlQueuePersistenceConfig config;
        private final AtomicBoolean closed = new AtomicBoolean();

        private H2(Path dataDirectory, SqlQueuePersistenceConfig config) {
            this.dataDirectory = dataDirectory;
            this.config = config;
        }

        static H2 open(Path dataDirectory) {
            Path directory = dataDirectory.toAbsolutePath();
            if (directory.toString().indexOf(';') >= 0) { // H2 reads settings after a ';' in its URL
                throw new IllegalArgumentException("SQS's data directory must not contain ';': " + directory);
            }
            try {
                Files.createDirectories(directory);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create SQS's data directory " + directory, e);
            }
            // DB_CLOSE_ON_EXIT=FALSE: H2 would close the database in its own JVM shutdown hook, under an
            // ElasticMQ still answering; close() closes it once ElasticMQ has stopped.
            String url = "jdbc:h2:file:" + directory.resolve(DATABASE) + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
            synchronized (POOL_LOCK) {
                if (POOLS.isInitialized(POOLS.DEFAULT_NAME())) {
                    throw new IllegalStateException("a persistent LocalSqs is already open in this JVM, on "
                            + POOLS.get(POOLS.DEFAULT_NAME()).url()
                            + ": ElasticMQ 1.7.1 keeps its message store in a JVM-wide connection pool");
                }
                // Scala's default arguments, spelled out: default pool settings, Commons DBCP 2.
                POOLS.singleton(url, "", "", POOLS.singleton$default$4(),
                        POOLS.DEFAULT_CONNECTION_POOL_FACTORY());
                try (Connection connection = POOLS.borrow(POOLS.DEFAULT_NAME())) {
                    connection.isValid(0); // opened: the file is ours (H2 locks it against other processes)
                } catch (SQLException | RuntimeException e) {
                    POOLS.close(POOLS.DEFAULT_NAME());
                    throw new IllegalStateException("cannot open SQS's store in " + directory
                            + " (is another process using it?)", e);
                }
            }
            return new H2(directory, new SqlQueuePersistenceConfig(true, "org.h2.Driver", url, "", "", false));
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
                synchronized (POOL_LOCK) {
                    // Closes the pool's connections, and with the last one H2 closes (and syncs) the database.
                    POOLS.close(POOLS.DEFAULT_NAME());
                }
            }
        }
    }
}
