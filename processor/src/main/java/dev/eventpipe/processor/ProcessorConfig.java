package dev.eventpipe.processor;

import dev.eventpipe.processor.file.ProcessorSettings;
import dev.eventpipe.processor.format.Limits;
import dev.eventpipe.processor.output.JsonlUpload;
import dev.eventpipe.processor.schema.Schema;
import dev.eventpipe.processor.schema.Schemas;
import dev.eventpipe.shared.aws.S3ObjectStore;
import dev.eventpipe.shared.config.ConfigException;
import dev.eventpipe.shared.config.Env;
import dev.eventpipe.shared.config.PipelineVersion;
import dev.eventpipe.shared.metrics.Metric;
import dev.eventpipe.shared.store.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The processor's configuration, read once from environment variables. The names are a contract with
 * the Terraform module, the command-line tool and operators' scripts; the README lists every one.
 *
 * @param settings         what the file processor needs
 * @param partSize         multipart part size for outputs
 * @param metricsNamespace {@code POWERTOOLS_METRICS_NAMESPACE}
 * @param serviceName      {@code POWERTOOLS_SERVICE_NAME}
 */
public record ProcessorConfig(ProcessorSettings settings, int partSize, String metricsNamespace, String serviceName) {

    public static final String PROCESSED_BUCKET = "EVENTPIPE_PROCESSED_BUCKET";
    public static final String INPUT_BUCKETS = "EVENTPIPE_INPUT_BUCKETS";
    public static final String SCHEMA = "EVENTPIPE_SCHEMA";
    public static final String OUTPUT_COMPRESSION = "EVENTPIPE_OUTPUT_COMPRESSION";

    /**
     * @param env   the environment
     * @param store where an {@code s3://} schema is read from
     * @throws ConfigException naming the first bad variable
     */
    public static ProcessorConfig fromEnv(Map<String, String> env, ObjectStore store) {
        Env e = Env.of(env);
        Limits d = Limits.DEFAULTS;
        Limits limits = new Limits(
                e.bytes("EVENTPIPE_MAX_OBJECT_BYTES", d.maxObjectBytes(), 1, Long.MAX_VALUE),
                e.bytes("EVENTPIPE_MAX_DECOMPRESSED_BYTES", d.maxDecompressedBytes(), 1, Long.MAX_VALUE),
                e.intValue("EVENTPIPE_MAX_COMPRESSION_RATIO", d.maxCompressionRatio(), 2, 100_000),
                (int) e.bytes("EVENTPIPE_MAX_ROW_CHARS", d.maxRowChars(), 1, 256L << 20),
                (int) e.bytes("EVENTPIPE_MAX_FIELD_CHARS", d.maxFieldChars(), 1, 256L << 20),
                e.longValue("EVENTPIPE_MAX_ROWS_PER_FILE", d.maxRowsPerFile(), 1, Long.MAX_VALUE),
                e.intValue("EVENTPIPE_MAX_JSON_DEPTH", d.maxNestingDepth(), 1, 10_000),
                e.intValue("EVENTPIPE_MAX_PARTITIONS_PER_FILE", d.maxPartitionsPerFile(), 1, 100_000));
        ProcessorSettings settings = new ProcessorSettings(
                e.required(PROCESSED_BUCKET),
                e.list(INPUT_BUCKETS),
                schema(e.optional(SCHEMA), store),
                e.choice(OUTPUT_COMPRESSION, JsonlUpload.Compression.class, JsonlUpload.Compression.GZIP),
                limits,
                e.doubleValue("EVENTPIPE_MAX_REJECT_RATE", 0.5, 0, 1),
                PipelineVersion.get());
        return new ProcessorConfig(settings,
                (int) e.bytes("EVENTPIPE_PART_SIZE", 8L << 20, S3ObjectStore.MIN_PART_SIZE, 512L << 20),
                e.string("POWERTOOLS_METRICS_NAMESPACE", "eventpipe"),
                e.string("POWERTOOLS_SERVICE_NAME", Metric.Emitter.PROCESSOR.defaultService()));
    }

    private static Schema schema(Optional<String> location, ObjectStore store) {
        if (location.isEmpty()) {
            return Schemas.bundledEvents();
        }
        String where = location.get();
        try {
            if (where.startsWith("s3://")) {
                String path = where.substring(5);
                int slash = path.indexOf('/');
                if (slash <= 0 || slash == path.length() - 1) {
                    throw new ConfigException(SCHEMA, "must be s3://bucket/key or a file path, not '" + where + "'");
                }
                try (InputStream in = store.open(path.substring(0, slash), path.substring(slash + 1), Optional.empty())
                        .orElseThrow(() -> new ConfigException(SCHEMA, "names " + where + ", which does not exist"))) {
                    return Schemas.parse(in.readAllBytes());
                }
            }
            return Schemas.parse(Files.readAllBytes(Path.of(where)));
        } catch (IOException ex) {
            throw new ConfigException(SCHEMA, "could not be read from " + where + ": " + ex.getMessage());
        } catch (dev.eventpipe.processor.schema.InvalidSchemaException ex) {
            throw new ConfigException(SCHEMA, "(" + where + ") is not a valid schema: " + ex.getMessage());
        }
    }
}
