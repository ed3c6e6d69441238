package dev.eventpipe.processor.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.eventpipe.shared.layout.FileId;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The metadata every output record carries about where it came from.
 *
 * <p>{@code ingested_at} is the S3 event time of the upload, not the wall clock at processing, so that
 * processing the same file again writes byte-identical outputs (the moment of processing is in the
 * receipt).
 */
public record Meta(FileId fileId, String bucket, String key, Optional<String> versionId, String etag, Instant ingestedAt,
                   String pipelineVersion) {

    public Meta {
        Objects.requireNonNull(fileId, "fileId");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(versionId, "versionId");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(ingestedAt, "ingestedAt");
        Objects.requireNonNull(pipelineVersion, "pipelineVersion");
    }

    /** The fields after {@code "line":N}, JSON-escaped once: {@code ,"file_id":"…",…}. */
    String jsonTail() {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("file_id", fileId.value());
            g.writeStringField("source_bucket", bucket);
            g.writeStringField("source_key", key);
            if (versionId.isPresent()) {
                g.writeStringField("source_version_id", versionId.get());
            } else {
                g.writeNullField("source_version_id");
            }
            g.writeStringField("source_etag", etag);
            g.writeStringField("ingested_at", ingestedAt.toString());
            g.writeStringField("pipeline_version", pipelineVersion);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String object = w.toString();
        return "," + object.substring(1, object.length() - 1);
    }
}
