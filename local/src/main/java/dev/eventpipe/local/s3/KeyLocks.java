package dev.eventpipe.local.s3;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Striped locks by bucket and key. Writes to one key hold its lock from the request until the listener
 * returned, so the size read back after a copy belongs to the version that copy wrote, and events of one
 * key reach the listener in the order of the writes. Two keys may share a stripe: that only serialises
 * their writes, and a holder never waits for another request, so it cannot deadlock.
 */
final class KeyLocks {

    private final ReentrantLock[] stripes;

    KeyLocks(int stripes) {
        this.stripes = new ReentrantLock[stripes];
        for (int i = 0; i < stripes; i++) {
            this.stripes[i] = new ReentrantLock();
        }
    }

    ReentrantLock forKey(String bucket, String key) {
        int hash = 31 * bucket.hashCode() + key.hashCode();
        return stripes[Math.floorMod(hash, stripes.length)];
    }
}
