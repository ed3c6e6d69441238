package dev.eventpipe.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipe.shared.store.ObjectStore;
import dev.eventpipe.shared.store.ObjectUpload;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ObjectStore} must do, run against each implementation (in memory, and S3 through
 * the emulator), so the fast tests and the real adapter cannot drift apart.
 */
public abstract class ObjectStoreContract {

    /** A store with an empty bucket of the given name. */
    protected abstract ObjectStore store(String bucket);

    /** A bucket name no other test uses. */
    protected abstract String freshBucket();

    /** The part size the implementation uses, so a test can write more than one part. */
    protected abstract int partSize();

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] read(Optional<InputStream> in) throws IOException {
        try (InputStream s = in.orElseThrow()) {
            return s.readAllBytes();
        }
    }

    @Test
    void readsBackWhatItWrote_withHead() throws IOException {
        String bucket = freshBucket();
        ObjectStore store = store(bucket);

        store.put(bucket, "a/b c+é.json", text("{\"x\":1}"), "application/json");

        assertThat(read(store.open(bucket, "a/b c+é.json", Optional.empty()))).isEqualTo(text("{\"x\":1}"));
        assertThat(store.head(bucket, "a/b c+é.json")).hasValueSatisfying(info -> {
            assertThat(info.size()).isEqualTo(7);
            assertThat(info.etag()).isNotBlank().doesNotContain("\"");
        });
    }

    @Test
    void answersEmpty_forMissingKey() {
        String bucket = freshBucket();
        ObjectStore store = store(bucket);

        assertThat(store.head(bucket, "missing")).isEmpty();
        assertThat(store.open(bucket, "missing", Optional.empty())).isEmpty();
    }

    @Test
    void writesOnlyOnce_withPutIfAbsent() throws IOException {
        String bucket = freshBucket();
        ObjectStore store = store(bucket);

        assertThat(store.putIfAbsent(bucket, "receipt", text("first"), "text/plain")).isTrue();
        assertThat(store.putIfAbsent(bucket, "receipt", text("second"), "text/plain")).isFalse();
        assertThat(read(store.open(bucket, "receipt", Optional.empty()))).isEqualTo(text("first"));
    }

    @Test
    void replacesOnlyTheVersionRead_whenPutIfMatch() throws IOException {
        String bucket = freshBucket();
        ObjectStore store = store(bucket);
        store.put(bucket, "receipt", text("first"), "text/plain");
        String seen = store.head(bucket, "receipt").orElseThrow().etag();

        assertThat(store.putIfMatch(bucket, "receipt", text("second"), "text/plain", seen)).isTrue();
        assertThat(store.putIfMatch(bucket, "receipt", text("third"), "text/plain", seen)).isFalse();
        assertThat(store.putIfMatch(bucket, "absent", text("x"), "text/plain", seen)).isFalse();

        assertThat(read(store.open(bucket, "receipt", Optional.empty()))).isEqualTo(text("second"));
        assertThat(store.head(bucket, "absent")).isEmpty();
    }

    @Test
    void showsUploadOnlyWhenCompleted_andNothingWhenAborted() throws IOException {
        String bucket = freshBucket();
        ObjectStore store = store(bucket);

        try (ObjectUpload kept = store.startUpload(bucket, "kept", "text/plain", null)) {
            kept.stream().write(text("hello"));
            assertThat(store.head(bucket, "kept")).isEmpty();
            kept.complete();
        }
        try (ObjectUpload dropped = store.startUpload(bucket, "dropped", "text/plain", null)) {
            dropped.stream().write(text("bye"));
            // closed without complete(): aborted
        }

        assertThat(read(store.open(bucket, "kept", Optional.empty()))).isEqualTo(text("hello"));
        assertThat(store.head(bucket, "dropped")).isEmpty();
    }

    @Test
    void writesObjectsLargerThanOnePart() throws IOException {
        String bucket = freshBucket();
        ObjectStore store = store(bucket);
        byte[] content = new byte[partSize() * 2 + 12_345];
        new Random(7).nextBytes(content);

        try (ObjectUpload upload = store.startUpload(bucket, "big", "application/octet-stream", null)) {
            OutputStream out = upload.stream();
            for (int i = 0; i < content.length; i += 100_000) {
                out.write(content, i, Math.min(100_000, content.length - i));
            }
            upload.complete();
        }

        assertThat(read(store.open(bucket, "big", Optional.empty()))).isEqualTo(content);
    }

    @Test
    void listsKeysUnderPrefix_inOrder_upToLimit() {
        String bucket = freshBucket();
        ObjectStore store = store(bucket);
        for (String k : new String[] {"p/dt=2/b", "p/dt=1/a", "p/dt=1/c", "q/x"}) {
            store.put(bucket, k, text(k), "text/plain");
        }

        assertThat(store.list(bucket, "p/", 10)).containsExactly("p/dt=1/a", "p/dt=1/c", "p/dt=2/b");
        assertThat(store.list(bucket, "p/", 2)).containsExactly("p/dt=1/a", "p/dt=1/c");
        assertThat(store.list(bucket, "none/", 10)).isEmpty();
    }

    @Test
    void listsEtagsEqualToHead_andANewOneAfterARewrite() {
        String bucket = freshBucket();
        ObjectStore store = store(bucket);
        store.put(bucket, "p/a", text("one"), "text/plain");
        store.put(bucket, "p/b", text("two"), "text/plain");
        store.put(bucket, "q/c", text("three"), "text/plain");

        var listed = store.listWithEtags(bucket, "p/", 10);
        assertThat(listed).extracting(dev.eventpipe.shared.store.ListedObject::key).containsExactly("p/a", "p/b");
        assertThat(listed.get(0).etag()).isEqualTo(store.head(bucket, "p/a").orElseThrow().etag());
        assertThat(store.listWithEtags(bucket, "p/", 1)).hasSize(1);

        store.put(bucket, "p/a", text("changed"), "text/plain");
        assertThat(store.listWithEtags(bucket, "p/", 10).get(0).etag()).isNotEqualTo(listed.get(0).etag())
                .isEqualTo(store.head(bucket, "p/a").orElseThrow().etag());
    }

    @Test
    void deletes_andToleratesMissingKey() {
        String bucket = freshBucket();
        ObjectStore store = store(bucket);
        store.put(bucket, "k", text("v"), "text/plain");

        store.delete(bucket, "k");
        store.delete(bucket, "never-was");

        assertThat(store.head(bucket, "k")).isEmpty();
    }
}
