package dev.eventpipe.processor.file;

import dev.eventpipe.processor.ProcessorApp;
import dev.eventpipe.processor.batch.BatchMessage;
import dev.eventpipe.processor.format.Limits;
import dev.eventpipe.processor.output.JsonlUpload;
import dev.eventpipe.processor.schema.Schemas;
import dev.eventpipe.shared.receipt.Receipt;
import dev.eventpipe.shared.receipt.Receipts;
import dev.eventpipe.shared.store.ObjectStore;
import dev.eventpipe.testkit.events.S3Events;
import dev.eventpipe.shared.metrics.CountingMetrics;
import dev.eventpipe.testkit.store.InMemoryObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPInputStream;

/** The processor over an in-memory store with a fixed clock: upload bytes, deliver the event, look. */
public final class Harness {

    public static final String INPUT = "eventpipe-input";
    public static final String PROCESSED = "eventpipe-processed";
    public static final Instant UPLOADED = Instant.parse("2026-11-25T10:00:00Z");

    public final InMemoryObjectStore store = new InMemoryObjectStore();
    public final CountingMetrics metrics = new CountingMetrics();
    public final ProcessorApp app;
    private int messages;

    public Harness() {
        this(Limits.DEFAULTS, JsonlUpload.Compression.GZIP);
    }

    public Harness(Limits limits, JsonlUpload.Compression compression) {
        this(limits, compression, UnaryOperator.identity());
    }

    /** The processor sees {@link #store} through {@code around}: a test can act between its calls. */
    public Harness(UnaryOperator<ObjectStore> around) {
        this(Limits.DEFAULTS, JsonlUpload.Compression.GZIP, around);
    }

    private Harness(Limits limits, JsonlUpload.Compression compression, UnaryOperator<ObjectStore> around) {
        ProcessorSettings settings = new ProcessorSettings(PROCESSED, List.of(INPUT), Schemas.bundledEvents(), compression,
                limits, 0.5, "test");
        app = ProcessorApp.create(settings, around.apply(store), metrics, Clock.fixed(UPLOADED.plusSeconds(2), ZoneOffset.UTC));
    }

    public String upload(String key, byte[] content) {
        store.put(INPUT, key, content, "application/octet-stream");
        return S3Events.created(INPUT, key, content.length, store.head(INPUT, key).orElseThrow().etag(), UPLOADED);
    }

    public String upload(String key, String content) {
        return upload(key, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Uploads and delivers one event; returns the one outcome. */
    public Outcome process(String key, byte[] content) {
        return deliver(upload(key, content)).get(0);
    }

    public Outcome process(String key, String content) {
        return process(key, content.getBytes(StandardCharsets.UTF_8));
    }

    public List<Outcome> deliver(String body) {
        return app.messages().handle(new BatchMessage("m-" + (++messages), body, Optional.empty()));
    }

    public Receipt receipt(Outcome outcome) {
        if (outcome instanceof Outcome.Processed p) {
            return p.receipt();
        }
        if (outcome instanceof Outcome.Quarantined q) {
            return q.receipt();
        }
        throw new AssertionError("no receipt in " + outcome);
    }

    public Receipt storedReceipt(String fileId) {
        return Receipts.fromJson(store.bytes(PROCESSED, "receipts/" + fileId + ".json"));
    }

    /** The lines of a JSON Lines output, gunzipped if need be. */
    public List<String> lines(String key) {
        byte[] bytes = store.bytes(PROCESSED, key);
        try (InputStream in = key.endsWith(".gz") ? new GZIPInputStream(new ByteArrayInputStream(bytes))
                : new ByteArrayInputStream(bytes)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
            if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
                lines.remove(lines.size() - 1);
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<String> keys(String prefix) {
        return store.list(PROCESSED, prefix, 10_000);
    }
}
