package dev.eventpipe.compactor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventpipe.shared.json.Json;
import dev.eventpipe.shared.store.ListedObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code curated/events/_manifests/dt=D.json}: the current Parquet files of a day and the {@code events/}
 * inputs (keys and listed ETags) they cover. Written after the files and before the superseded ones are
 * deleted; a day is recompacted when its listing differs from {@link #inputs()}.
 */
record DayManifest(LocalDate date, List<ListedObject> inputs, List<ParquetParts.Part> files) {

    DayManifest {
        inputs = List.copyOf(inputs);
        files = List.copyOf(files);
    }

    long records() {
        return files.stream().mapToLong(ParquetParts.Part::records).sum();
    }

    byte[] toJson() {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("schema_version", 1);
        root.put("date", date.toString());
        root.put("records", records());
        ArrayNode f = root.putArray("files");
        files.forEach(p -> f.addObject().put("key", p.key()).put("records", p.records()));
        ArrayNode in = root.putArray("inputs");
        inputs.forEach(o -> in.addObject().put("key", o.key()).put("etag", o.etag()));
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DayManifest parse(byte[] json) {
        try {
            JsonNode root = Json.mapper().readTree(json);
            List<ListedObject> inputs = new ArrayList<>();
            root.path("inputs").forEach(n -> inputs.add(new ListedObject(n.path("key").asText(), n.path("etag").asText())));
            List<ParquetParts.Part> files = new ArrayList<>();
            root.path("files").forEach(n -> files.add(new ParquetParts.Part(n.path("key").asText(), n.path("records").asLong())));
            return new DayManifest(LocalDate.parse(root.path("date").asText()), inputs, files);
        } catch (IOException | RuntimeException e) {
            throw new CompactionException("unreadable compaction manifest", e);
        }
    }
}
