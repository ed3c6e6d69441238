package dev.eventpipe.processor.file;

import dev.eventpipe.processor.format.Limits;
import dev.eventpipe.processor.output.JsonlUpload;
import dev.eventpipe.processor.schema.Schema;
import java.util.List;
import java.util.Objects;

/**
 * What the file processor needs to know, already validated.
 *
 * @param processedBucket  where outputs go
 * @param inputBuckets     the buckets whose events are accepted; empty accepts any
 * @param schema           the record schema
 * @param compression      of the JSON Lines outputs
 * @param limits           reading limits
 * @param maxRejectRate    a file with a larger share of rejected rows is quarantined (0..1)
 * @param pipelineVersion  written into every record and receipt
 */
public record ProcessorSettings(String processedBucket, List<String> inputBuckets, Schema schema,
                                JsonlUpload.Compression compression, Limits limits, double maxRejectRate,
                                String pipelineVersion) {
    public ProcessorSettings {
        Objects.requireNonNull(processedBucket, "processedBucket");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(pipelineVersion, "pipelineVersion");
        inputBuckets = List.copyOf(inputBuckets);
        if (!(maxRejectRate >= 0 && maxRejectRate <= 1)) {
            throw new IllegalArgumentException("maxRejectRate must be within 0..1: " + maxRejectRate);
        }
    }

    public boolean acceptsBucket(String bucket) {
        return inputBuckets.isEmpty() || inputBuckets.contains(bucket);
    }
}
