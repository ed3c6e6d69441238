package dev.eventpipe.testkit.contract;

import dev.eventpipe.local.s3.LocalS3;
import dev.eventpipe.local.s3.ObjectEngine;
import dev.eventpipe.shared.store.ObjectStore;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-process port on the local S3's store ({@link LocalS3#objectStore()}), which the local stack's
 * processor and reporter use instead of HTTP: it must keep the same contract as the S3 adapter.
 */
class EngineObjectStoreIT extends ObjectStoreContract {

    @TempDir
    static Path dataDir;

    private static LocalS3 s3;
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    @BeforeAll
    static void start() {
        s3 = LocalS3.start(LocalS3.Settings.of(0, dataDir.resolve("s3")));
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    @Override
    protected ObjectStore store(String bucket) {
        return s3.objectStore();
    }

    @Override
    protected String freshBucket() {
        String bucket = "contract-" + BUCKETS.incrementAndGet();
        if (!s3.engine().createBucket(bucket)) {
            throw new IllegalStateException("bucket " + bucket + " existed already");
        }
        return bucket;
    }

    /**
     * The store writes in one piece, not in parts; S3's minimum part size puts the large-object test well past
     * the size kept inside the index, so it goes through the store's content files.
     */
    @Override
    protected int partSize() {
        return (int) ObjectEngine.MIN_PART_SIZE;
    }
}
