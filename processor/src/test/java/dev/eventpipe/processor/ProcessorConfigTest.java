package dev.eventpipe.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventpipe.processor.output.JsonlUpload;
import dev.eventpipe.shared.config.ConfigException;
import dev.eventpipe.testkit.store.InMemoryObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessorConfigTest {

    private static final String SCHEMA = """
            {"name":"clicks","version":3,"fields":[{"name":"at","type":"timestamp","required":true,"partition":true}]}
            """;

    private final InMemoryObjectStore store = new InMemoryObjectStore();

    @Test
    void failsAtStart_namingTheMissingVariable() {
        assertThatThrownBy(() -> ProcessorConfig.fromEnv(Map.of(), store))
                .isInstanceOf(ConfigException.class).hasMessage("EVENTPIPE_PROCESSED_BUCKET is required but not set");
    }

    @Test
    void usesTheBundledSchemaAndDefaults_whenOnlyTheBucketIsSet() {
        ProcessorConfig c = ProcessorConfig.fromEnv(Map.of("EVENTPIPE_PROCESSED_BUCKET", "out"), store);

        assertThat(c.settings().schema().label()).isEqualTo("events v1");
        assertThat(c.settings().compression()).isEqualTo(JsonlUpload.Compression.GZIP);
        assertThat(c.settings().inputBuckets()).isEmpty();
        assertThat(c.metricsNamespace()).isEqualTo("eventpipe");
    }

    @Test
    void readsSchema_fromAFileOrFromS3(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("clicks.json"), SCHEMA);
        store.putText("config", "schemas/clicks.json", SCHEMA);

        ProcessorConfig fromFile = ProcessorConfig.fromEnv(Map.of("EVENTPIPE_PROCESSED_BUCKET", "out",
                "EVENTPIPE_SCHEMA", file.toString()), store);
        ProcessorConfig fromS3 = ProcessorConfig.fromEnv(Map.of("EVENTPIPE_PROCESSED_BUCKET", "out",
                "EVENTPIPE_SCHEMA", "s3://config/schemas/clicks.json"), store);

        assertThat(fromFile.settings().schema().label()).isEqualTo("clicks v3");
        assertThat(fromS3.settings().schema()).isEqualTo(fromFile.settings().schema());
    }

    @Test
    void failsAtStart_whenTheSchemaIsMissingOrInvalid() {
        store.putText("config", "bad.json", "{\"name\":\"x\",\"fields\":[]}");

        assertThatThrownBy(() -> ProcessorConfig.fromEnv(Map.of("EVENTPIPE_PROCESSED_BUCKET", "out",
                "EVENTPIPE_SCHEMA", "s3://config/missing.json"), store)).hasMessageStartingWith("EVENTPIPE_SCHEMA");
        assertThatThrownBy(() -> ProcessorConfig.fromEnv(Map.of("EVENTPIPE_PROCESSED_BUCKET", "out",
                "EVENTPIPE_SCHEMA", "s3://config/bad.json"), store))
                .isInstanceOf(ConfigException.class).hasMessageContaining("has no fields");
    }

    @Test
    void readsChoicesAndSizes() {
        ProcessorConfig c = ProcessorConfig.fromEnv(Map.of("EVENTPIPE_PROCESSED_BUCKET", "out",
                "EVENTPIPE_INPUT_BUCKETS", "a, b", "EVENTPIPE_OUTPUT_COMPRESSION", "none",
                "EVENTPIPE_MAX_OBJECT_BYTES", "1GiB", "EVENTPIPE_PART_SIZE", "16MiB"), store);

        assertThat(c.settings().inputBuckets()).containsExactly("a", "b");
        assertThat(c.settings().compression()).isEqualTo(JsonlUpload.Compression.NONE);
        assertThat(c.settings().limits().maxObjectBytes()).isEqualTo(1L << 30);
        assertThat(c.partSize()).isEqualTo(16 << 20);
        assertThatThrownBy(() -> ProcessorConfig.fromEnv(Map.of("EVENTPIPE_PROCESSED_BUCKET", "out",
                "EVENTPIPE_PART_SIZE", "1MiB"), store)).hasMessageStartingWith("EVENTPIPE_PART_SIZE must be between");
    }
}
