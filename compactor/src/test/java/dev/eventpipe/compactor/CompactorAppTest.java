package dev.eventpipe.compactor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.jerolba.carpet.CarpetReader;
import dev.eventpipe.shared.json.Json;
import dev.eventpipe.testkit.store.InMemoryObjectStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;
import org.junit.jupiter.api.Test;

class CompactorAppTest {

    private static final String BUCKET = "processed";
    private static final LocalDate DAY = LocalDate.parse("2026-11-25");
    /** 01:15 UTC on the 27th: the 25th and 26th are closed, the 27th is open. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T01:15:00Z"), ZoneOffset.UTC);

    private final InMemoryObjectStore store = new InMemoryObjectStore();

    private CompactorApp app(long targetBytes) {
        return CompactorApp.create(new CompactorConfig(BUCKET, targetBytes, 1024, 7, java.time.Duration.ofHours(1)),
                store, CLOCK);
    }

    @Test
    void compactsAClosedDay_everyRecordReadsBackAsItsJsonInput() {
        List<String> lines = new ArrayList<>();
        lines.addAll(putInput(DAY, "a", 50, 1));
        lines.addAll(putInput(DAY, "b", 30, 2));

        List<DayOutcome> out = app(128L << 20).run(Optional.of(DAY));

        assertThat(out).singleElement().isInstanceOf(DayOutcome.Compacted.class);
        List<CuratedEvent> read = readDay(DAY);
        assertThat(read).hasSize(80);
        for (int i = 0; i < lines.size(); i++) {
            assertSame(lines.get(i), read.get(i));
        }
        JsonNode manifest = json(store.bytes(BUCKET, CuratedLayout.manifestKey(DAY)));
        assertThat(manifest.path("records").asLong()).isEqualTo(80);
        assertThat(manifest.path("inputs")).hasSize(2);
    }

    @Test
    void reRun_replacesWithIdenticalFiles() {
        putInput(DAY, "a", 40, 3);
        app(128L << 20).run(Optional.of(DAY));
        List<String> keys = store.list(BUCKET, CuratedLayout.eventsPrefix(DAY), 100);
        byte[] first = store.bytes(BUCKET, keys.get(0));

        app(128L << 20).run(Optional.of(DAY));

        assertThat(store.list(BUCKET, CuratedLayout.eventsPrefix(DAY), 100)).isEqualTo(keys);
        assertThat(store.bytes(BUCKET, keys.get(0))).isEqualTo(first);
    }

    @Test
    void scheduledRun_recompactsOnlyTheDayALateFileArrivedFor_andLeavesTheOpenDayAlone() {
        LocalDate other = DAY.plusDays(1);
        LocalDate open = DAY.plusDays(2);
        putInput(DAY, "a", 10, 4);
        putInput(other, "b", 10, 5);
        putInput(open, "c", 10, 6);
        List<DayOutcome> first = app(128L << 20).run(Optional.empty());
        assertThat(first).filteredOn(DayOutcome.Compacted.class::isInstance).extracting(DayOutcome::date)
                .containsExactly(DAY, other);
        List<String> oldKeys = store.list(BUCKET, CuratedLayout.eventsPrefix(DAY), 100);
        byte[] otherManifest = store.bytes(BUCKET, CuratedLayout.manifestKey(other));

        putInput(DAY, "late", 5, 7);
        List<DayOutcome> second = app(128L << 20).run(Optional.empty());

        assertThat(second).filteredOn(DayOutcome.Compacted.class::isInstance).extracting(DayOutcome::date)
                .containsExactly(DAY);
        assertThat(readDay(DAY)).hasSize(15);
        assertThat(store.list(BUCKET, CuratedLayout.eventsPrefix(DAY), 100)).doesNotContainAnyElementsOf(oldKeys);
        assertThat(store.bytes(BUCKET, CuratedLayout.manifestKey(other))).isEqualTo(otherManifest);
        assertThat(store.list(BUCKET, CuratedLayout.eventsPrefix(open), 100)).isEmpty();
        assertThat(app(128L << 20).run(Optional.of(open))).singleElement().isInstanceOf(DayOutcome.Open.class);
    }

    @Test
    void sizeBound_rollsFiles_andNoRecordIsLostOrDuplicated() {
        List<String> lines = putInput(DAY, "a", 3000, 8);

        DayOutcome out = app(16 << 10).run(Optional.of(DAY)).get(0);

        List<String> files = ((DayOutcome.Compacted) out).files();
        assertThat(files).hasSizeGreaterThan(2);
        for (String key : files) {
            // one row group (1 KiB here) over the target at most, plus the footer
            assertThat(store.bytes(BUCKET, key).length).isLessThan((16 << 10) + (8 << 10));
        }
        List<CuratedEvent> read = readDay(DAY);
        assertThat(read).hasSize(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            assertSame(lines.get(i), read.get(i));
        }
    }

    @Test
    void handlerInput_emptyObjectIsTheScheduledRun_aDateIsThatDay() {
        assertThat(CompactorHandler.date("{}".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(CompactorHandler.date("{\"date\":\"2026-11-25\"}".getBytes(StandardCharsets.UTF_8))).contains(DAY);
    }

    // --- helpers

    private List<String> putInput(LocalDate day, String name, int rows, long seed) {
        Random r = new Random(seed);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            String amount = r.nextInt(3) == 0 ? "null" : (r.nextInt(100000) + "." + String.format("%02d", r.nextInt(100)));
            String attrs = r.nextBoolean() ? "{}" : "{\"details\":\"comma, \\\"quoted\\\" ü " + r.nextInt() + "\"}";
            lines.add("{\"event_id\":\"" + name + "-" + i + "\",\"event_type\":\"click\",\"user_id\":\"u" + r.nextInt(50)
                    + "\",\"timestamp\":\"" + day + "T" + String.format("%02d", r.nextInt(24)) + ":00:0" + r.nextInt(10)
                    + "." + String.format("%03d", r.nextInt(1000)) + "Z\",\"action\":" + (r.nextBoolean() ? "null" : "\"tap\"")
                    + ",\"amount\":" + amount + ",\"session_id\":null,\"country\":\"DE\",\"device\":\"mobile\",\"attributes\":"
                    + attrs + ",\"_meta\":{\"line\":" + (i + 2) + ",\"file_id\":\"" + name + "\",\"source_bucket\":\"in\","
                    + "\"source_key\":\"incoming/" + name + ".csv\",\"source_version_id\":null,\"source_etag\":\"e\","
                    + "\"ingested_at\":\"" + day + "T10:00:00Z\",\"pipeline_version\":\"0.1.0\"}}");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        store.put(BUCKET, CuratedLayout.inputsPrefix(day) + name + ".jsonl.gz", bytes.toByteArray(), "application/x-ndjson");
        return lines;
    }

    private static void assertSame(String line, CuratedEvent e) {
        JsonNode j = json(line.getBytes(StandardCharsets.UTF_8));
        assertThat(e.event_id()).isEqualTo(j.path("event_id").asText());
        assertThat(e.event_type()).isEqualTo(j.path("event_type").asText());
        assertThat(e.user_id()).isEqualTo(j.path("user_id").asText());
        assertThat(e.timestamp()).isEqualTo(Instant.parse(j.path("timestamp").asText()));
        assertThat(e.action()).isEqualTo(j.path("action").isNull() ? null : j.path("action").asText());
        if (j.path("amount").isNull()) {
            assertThat(e.amount()).isNull();
        } else {
            assertThat(e.amount()).isEqualByComparingTo(new BigDecimal(j.path("amount").asText()));
        }
        assertThat(e.session_id()).isNull();
        assertThat(e.country()).isEqualTo(j.path("country").asText());
        assertThat(e.device()).isEqualTo(j.path("device").asText());
        Map<String, String> attrs = new java.util.LinkedHashMap<>();
        j.path("attributes").fields().forEachRemaining(f -> attrs.put(f.getKey(), f.getValue().asText()));
        assertThat(e.attributes() == null ? Map.of() : e.attributes()).isEqualTo(attrs);
        JsonNode m = j.path("_meta");
        assertThat(e.meta().line()).isEqualTo(m.path("line").asLong());
        assertThat(e.meta().file_id()).isEqualTo(m.path("file_id").asText());
        assertThat(e.meta().source_bucket()).isEqualTo(m.path("source_bucket").asText());
        assertThat(e.meta().source_key()).isEqualTo(m.path("source_key").asText());
        assertThat(e.meta().source_version_id()).isNull();
        assertThat(e.meta().source_etag()).isEqualTo(m.path("source_etag").asText());
        assertThat(e.meta().ingested_at()).isEqualTo(Instant.parse(m.path("ingested_at").asText()));
        assertThat(e.meta().pipeline_version()).isEqualTo(m.path("pipeline_version").asText());
    }

    private List<CuratedEvent> readDay(LocalDate day) {
        JsonNode manifest = json(store.bytes(BUCKET, CuratedLayout.manifestKey(day)));
        List<CuratedEvent> all = new ArrayList<>();
        manifest.path("files").forEach(f -> {
            try {
                all.addAll(new CarpetReader<>(new BytesInputFile(store.bytes(BUCKET, f.path("key").asText())),
                        CuratedEvent.class).toList());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertThat(store.list(BUCKET, CuratedLayout.eventsPrefix(day), 1000)).hasSize(manifest.path("files").size());
        return all;
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Parquet file held in memory. */
    private record BytesInputFile(byte[] bytes) implements InputFile {
        @Override
        public long getLength() {
            return bytes.length;
        }

        @Override
        public SeekableInputStream newStream() {
            SeekableBytes in = new SeekableBytes(bytes);
            return new DelegatingSeekableInputStream(in) {
                @Override
                public long getPos() {
                    return in.pos();
                }

                @Override
                public void seek(long newPos) {
                    in.seek((int) newPos);
                }
            };
        }
    }

    private static final class SeekableBytes extends java.io.ByteArrayInputStream {
        SeekableBytes(byte[] b) {
            super(b);
        }

        int pos() {
            return pos;
        }

        void seek(int p) {
            pos = p;
        }
    }
}
