package dev.eventpipe.testkit.contract;

import dev.eventpipe.shared.aws.S3ObjectStore;
import dev.eventpipe.shared.store.ObjectStore;
import dev.eventpipe.testkit.emulators.Emulators;
import dev.eventpipe.testkit.emulators.EmulatorsExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** The S3 adapter against the local S3 (over HTTP): multipart, conditional writes, pagination, as S3 speaks them. */
@ExtendWith(EmulatorsExtension.class)
class S3ObjectStoreIT extends ObjectStoreContract {

    private final Emulators emulators;

    S3ObjectStoreIT(Emulators emulators) {
        this.emulators = emulators;
    }

    @Override
    protected ObjectStore store(String bucket) {
        return new S3ObjectStore(emulators.s3(), partSize());
    }

    @Override
    protected String freshBucket() {
        String bucket = emulators.uniqueName("contract");
        emulators.createBucket(bucket);
        return bucket;
    }

    @Override
    protected int partSize() {
        return S3ObjectStore.MIN_PART_SIZE;
    }
}
