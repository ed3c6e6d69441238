package dev.eventpipe.testkit.store;

import dev.eventpipe.shared.store.ObjectStore;
import dev.eventpipe.testkit.contract.ObjectStoreContract;

class InMemoryObjectStoreTest extends ObjectStoreContract {

    private final InMemoryObjectStore store = new InMemoryObjectStore();
    private int buckets;

    @Override
    protected ObjectStore store(String bucket) {
        return store;
    }

    @Override
    protected String freshBucket() {
        return "bucket-" + (++buckets);
    }

    @Override
    protected int partSize() {
        return 64 * 1024;
    }
}
