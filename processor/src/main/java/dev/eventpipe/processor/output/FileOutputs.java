package dev.eventpipe.processor.output;

import dev.eventpipe.shared.lifecycle.DaemonThreads;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.eventpipe.processor.format.QuarantineException;
import dev.eventpipe.shared.manifest.ManifestBuilder;
import dev.eventpipe.processor.schema.Problem;
import dev.eventpipe.processor.schema.Schema;
import dev.eventpipe.processor.schema.Standardized;
import dev.eventpipe.shared.layout.Layout;
import dev.eventpipe.shared.store.ObjectStore;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Everything one file writes to the processed bucket, streamed as rows arrive: one events object per
 * event date, one rejects object, and one manifest per event date at the end. Until {@link #commit()}
 * nothing is visible; {@link #abort()} leaves nothing behind.
 */
public final class FileOutputs {

    /** Rejected rows keep at most this much of their raw text. */
    static final int MAX_RAW_CHARS = 64 * 1024;

    private static final JsonFactory JSON = new JsonFactoryBuilder()
            .rootValueSeparator((String) null) // records end with our own '\n'
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    private final ObjectStore store;
    private final String bucket;
    private final Meta meta;
    private final LocalDate receivedDate;
    private final JsonlUpload.Compression compression;
    private final int maxPartitions;
    private final EventEncoder encoder;
    private final int eventType;
    private final int action;
    private final int user;
    private final int amount;
    private final Map<Long, Partition> partitions = new TreeMap<>();
    /** Deflates gzip outputs beside the encoding thread; one thread, so each output's chunks keep their order. */
    private final ExecutorService compressor;
    private Partition last;
    private JsonlUpload rejects;

    public FileOutputs(ObjectStore store, String bucket, Meta meta, LocalDate receivedDate, Schema schema,
                       JsonlUpload.Compression compression, int maxPartitions) {
        this.store = store;
        this.bucket = bucket;
        this.meta = meta;
        this.receivedDate = receivedDate;
        this.compression = compression;
        this.maxPartitions = maxPartitions;
        this.encoder = new EventEncoder(schema, meta);
        this.eventType = schema.indexOf("event_type").orElse(-1);
        this.action = schema.indexOf("action").orElse(-1);
        this.user = schema.indexOf("user_id").orElse(-1);
        this.amount = schema.indexOf("amount").orElse(-1);
        this.compressor = Executors.newSingleThreadExecutor(DaemonThreads.named("eventpipe-gzip"));
    }

    /** Writes a valid record to its event date's partition and adds it to that date's manifest. */
    public void accept(Standardized s, long line) throws IOException {
        long day = s.epochDay();
        Partition p = last != null && last.day == day ? last : partition(day);
        encoder.write(p.events.generator(), s, line);
        p.events.endRecord();
        p.manifest.add(s.epochSecond() * 1000 + s.nano() / 1_000_000, value(s, eventType), value(s, action),
                value(s, user), value(s, amount));
        last = p;
    }

    /** Writes a rejected row with every reason. */
    public void reject(long line, List<Problem> problems, String raw) throws IOException {
        if (rejects == null) {
            rejects = new JsonlUpload(store, bucket, Layout.rejectsKey(meta.fileId(), receivedDate, compression.gzip()), JSON,
                    compression, compressor);
        }
        JsonGenerator g = rejects.generator();
        g.writeStartObject();
        g.writeNumberField("line", line);
        g.writeArrayFieldStart("reasons");
        for (Problem p : problems) {
            g.writeStartObject();
            if (p.field() != null) {
                g.writeStringField("field", p.field());
            }
            g.writeStringField("code", p.code());
            g.writeStringField("message", p.message());
            g.writeEndObject();
        }
        g.writeEndArray();
        boolean truncated = raw.length() > MAX_RAW_CHARS;
        g.writeStringField("raw", truncated ? raw.substring(0, MAX_RAW_CHARS) : raw);
        if (truncated) {
            g.writeBooleanField("raw_truncated", true);
        }
        encoder.writeMeta(g, line);
        g.writeEndObject();
        rejects.endRecord();
    }

    public List<LocalDate> eventDates() {
        return partitions.keySet().stream().map(LocalDate::ofEpochDay).toList();
    }

    /**
     * Completes every events object, writes the manifests, completes the rejects.
     *
     * @return every key written
     */
    public List<String> commit() {
        try {
            return commitAll();
        } finally {
            compressor.shutdown();
        }
    }

    private List<String> commitAll() {
        List<String> keys = new ArrayList<>();
        for (Partition p : partitions.values()) {
            p.events.complete();
            keys.add(p.events.key());
        }
        for (Partition p : partitions.values()) {
            String key = Layout.manifestKey(meta.fileId(), LocalDate.ofEpochDay(p.day));
            store.put(bucket, key, p.manifest.toJson(), "application/json");
            keys.add(key);
        }
        keys.addAll(commitRejects());
        return keys;
    }

    /** For a quarantined file: discards the events, keeps the rejected rows (they explain the verdict). */
    public List<String> commitRejectsOnly() {
        try {
            partitions.values().forEach(p -> p.events.abort());
            return commitRejects();
        } finally {
            compressor.shutdown();
        }
    }

    private List<String> commitRejects() {
        if (rejects == null) {
            return List.of();
        }
        rejects.complete();
        return List.of(rejects.key());
    }

    /** Discards everything. Safe after a failure anywhere. */
    public void abort() {
        try {
            partitions.values().forEach(p -> p.events.abort());
            if (rejects != null) {
                rejects.abort();
            }
        } finally {
            compressor.shutdown();
        }
    }

    private Partition partition(long day) {
        Partition p = partitions.get(day);
        if (p == null) {
            if (partitions.size() == maxPartitions) {
                throw new QuarantineException(QuarantineException.Reason.TOO_MANY_PARTITIONS, "records fall on more than "
                        + maxPartitions + " distinct dates");
            }
            LocalDate date = LocalDate.ofEpochDay(day);
            p = new Partition(day, new JsonlUpload(store, bucket, Layout.eventsKey(meta.fileId(), date, compression.gzip()),
                    JSON, compression, compressor), new ManifestBuilder(meta.fileId().value(), date));
            partitions.put(day, p);
        }
        return p;
    }

    private static String value(Standardized s, int field) {
        return field < 0 ? null : s.value(field);
    }

    private record Partition(long day, JsonlUpload events, ManifestBuilder manifest) {
    }

}
