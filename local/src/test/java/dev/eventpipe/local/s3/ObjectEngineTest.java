package dev.eventpipe.local.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store on its own directory, without the protocol in front: what a crash leaves, and what a start removes. */
class ObjectEngineTest {

    private static ObjectEngine open(Path dir) {
        return ObjectEngine.open(dir, ObjectEngine.Durability.PROCESS_CRASH, ObjectCreatedListener.none(), Clock.systemUTC());
    }

    @Test
    void start_removesWhatAnInterruptedWriteLeft_andKeepsEveryStoredObject(@TempDir Path dir) throws IOException {
        byte[] large = new byte[ObjectEngine.INLINE_LIMIT + 1];
        try (ObjectEngine engine = open(dir)) {
            engine.createBucket("bkt");
            engine.put("bkt", "big", ObjectMeta.of(null, null), large, WriteCondition.NONE);
            engine.put("bkt", "small", ObjectMeta.of(null, null), new byte[] {1, 2}, WriteCondition.NONE);
        }
        // what a kill -9 can leave: bytes being received, a published file no version names, a stray part
        Files.writeString(dir.resolve("tmp/receiving"), "half");
        Files.createDirectories(dir.resolve("objects/zz"));
        Files.writeString(dir.resolve("objects/zz/zz-uncommitted"), "orphan");
        Files.createDirectories(dir.resolve("parts/gone-upload"));
        Files.writeString(dir.resolve("parts/gone-upload/1-x"), "part");

        try (ObjectEngine engine = open(dir)) {
            assertThat(files(dir)).noneMatch(p -> p.endsWith("receiving") || p.endsWith("zz-uncommitted") || p.endsWith("1-x"));
            assertThat(files(dir.resolve("objects"))).hasSize(1); // the large object's file
            try (ObjectEngine.Read big = engine.get("bkt", "big", null, null);
                 ObjectEngine.Read small = engine.get("bkt", "small", null, null)) {
                assertThat(big.body().readAllBytes()).isEqualTo(large);
                assertThat(small.body().readAllBytes()).containsExactly(1, 2);
            }
        }
    }

    private static java.util.List<Path> files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void refusesBytesWhoseAssertedCrc_doesNotMatch_andStoresNothing(@TempDir Path dir) {
        try (ObjectEngine engine = open(dir)) {
            engine.createBucket("bkt");
            byte[] body = "event_id\n1\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(body);
            String right = java.util.Base64.getEncoder().encodeToString(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
            ObjectMeta wrong = new ObjectMeta(null, null, null, null, null, null, java.util.Map.of(), java.util.Map.of("CRC32", "AAAAAA=="));

            assertThatThrownBy(() -> engine.put("bkt", "k", wrong, new java.io.ByteArrayInputStream(body), body.length,
                    WriteCondition.NONE, null))
                    .isInstanceOfSatisfying(ObjectEngineException.class, e -> assertThat(e.code()).isEqualTo(ObjectEngineException.Code.BAD_DIGEST))
                    .hasMessageContaining("CRC32");
            assertThat(engine.head("bkt", "k", null)).isEmpty();

            Multipart.Upload upload = engine.initiate("bkt", "m", ObjectMeta.of(null, null));
            assertThatThrownBy(() -> engine.uploadPart(upload.uploadId(), 1, new java.io.ByteArrayInputStream(body), body.length,
                    java.util.Map.of("CRC32", "AAAAAA==")))
                    .isInstanceOfSatisfying(ObjectEngineException.class, e -> assertThat(e.code()).isEqualTo(ObjectEngineException.Code.BAD_DIGEST));
            assertThat(engine.parts(upload.uploadId())).isEmpty();

            ObjectMeta asserted = new ObjectMeta(null, null, null, null, null, null, java.util.Map.of(), java.util.Map.of("CRC32", right));
            assertThat(engine.put("bkt", "k", asserted, new java.io.ByteArrayInputStream(body), body.length, WriteCondition.NONE, null)
                    .meta().checksums()).containsEntry("CRC32", right);
        }
    }
}
