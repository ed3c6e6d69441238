package dev.eventpipe.compactor;

import dev.eventpipe.shared.aws.AwsClients;
import dev.eventpipe.shared.aws.S3ObjectStore;
import dev.eventpipe.shared.store.ListedObject;
import dev.eventpipe.shared.store.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compactor's composition root and its use case. A scheduled run checks the last
 * {@link CompactorConfig#lookbackDays()} closed UTC days and recompacts those whose {@code events/}
 * listing (keys and ETags, one ListObjectsV2 per day, as the reporter's roll-ups record coverage) differs
 * from what their manifest covers; a run for a given date compacts that day whatever its manifest says.
 *
 * <p>Order of writes, so the {@code curated/events/dt=D/} prefix never lacks a record: (1) the new files
 * (new keys, or the same keys with the same bytes when the inputs did not change); (2) the manifest;
 * (3) deletion of the files the manifest no longer names. Between (1) and (3) a reader of the bare prefix
 * (the Glue table) may see the old and the new files together, i.e. duplicates, for the seconds a
 * recompaction takes; a reader that wants an exact view reads the files the manifest lists.
 */
public final class CompactorApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CompactorApp.class);
    private static final int LIST_LIMIT = Integer.MAX_VALUE;

    private final CompactorConfig config;
    private final ObjectStore store;
    private final Clock clock;
    private final List<AutoCloseable> owned;

    private CompactorApp(CompactorConfig config, ObjectStore store, Clock clock, List<AutoCloseable> owned) {
        this.config = config;
        this.store = store;
        this.clock = clock;
        this.owned = List.copyOf(owned);
    }

    /** Lambda: configuration and clients from the environment. */
    public static CompactorApp fromEnvironment(Map<String, String> env) {
        CompactorConfig config = CompactorConfig.fromEnv(env);
        AwsClients clients = AwsClients.fromEnvironment(env);
        return new CompactorApp(config, new S3ObjectStore(clients.s3(), S3ObjectStore.MIN_PART_SIZE),
                Clock.systemUTC(), List.of(clients));
    }

    /** Every collaborator given: tests and the local stack. */
    public static CompactorApp create(CompactorConfig config, ObjectStore store, Clock clock) {
        return new CompactorApp(config, store, clock, List.of());
    }

    /** Re-resolves credentials after a SnapStart restore. */
    public void refreshCredentials() {
        owned.stream().filter(AwsClients.class::isInstance).map(AwsClients.class::cast).forEach(AwsClients::refreshCredentials);
    }

    /**
     * @param date empty: the scheduled run over the lookback window; a date: compact that day now
     */
    public List<DayOutcome> run(Optional<LocalDate> date) {
        if (date.isPresent()) {
            LocalDate d = date.get();
            return List.of(isClosed(d) ? compact(d, inputs(d)) : new DayOutcome.Open(d));
        }
        List<DayOutcome> outcomes = new ArrayList<>();
        LocalDate last = lastClosedDay();
        for (LocalDate d = last.minusDays(config.lookbackDays() - 1L); !d.isAfter(last); d = d.plusDays(1)) {
            List<ListedObject> inputs = inputs(d);
            Optional<DayManifest> manifest = manifest(d);
            boolean unchanged = manifest.map(m -> m.inputs().equals(inputs)).orElse(inputs.isEmpty());
            outcomes.add(unchanged ? new DayOutcome.Unchanged(d) : compact(d, inputs));
        }
        return outcomes;
    }

    /** The newest UTC day whose end plus the grace period has passed. */
    LocalDate lastClosedDay() {
        return clock.instant().minus(config.grace()).atZone(ZoneOffset.UTC).toLocalDate().minusDays(1);
    }

    private boolean isClosed(LocalDate d) {
        return !d.isAfter(lastClosedDay());
    }

    private List<ListedObject> inputs(LocalDate d) {
        return store.listWithEtags(config.processedBucket(), CuratedLayout.inputsPrefix(d), LIST_LIMIT).stream()
                .filter(o -> o.key().endsWith(".jsonl.gz") || o.key().endsWith(".jsonl"))
                .toList();
    }

    private Optional<DayManifest> manifest(LocalDate d) {
        return store.open(config.processedBucket(), CuratedLayout.manifestKey(d), Optional.empty()).map(in -> {
            try (in) {
                return DayManifest.parse(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private DayOutcome.Compacted compact(LocalDate day, List<ListedObject> inputs) {
        String bucket = config.processedBucket();
        List<ParquetParts.Part> files;
        String inputSet = CuratedLayout.inputSet(inputs);
        try (ParquetParts parts = new ParquetParts(store, bucket, n -> CuratedLayout.partKey(day, inputSet, n),
                config.targetFileBytes(), config.rowGroupBytes())) {
            for (ListedObject input : inputs) {
                copy(bucket, input, parts);
            }
            files = parts.finish();
        } catch (IOException e) {
            throw new CompactionException("compacting " + day + " failed", e);
        }
        DayManifest manifest = new DayManifest(day, inputs, files);
        store.put(bucket, CuratedLayout.manifestKey(day), manifest.toJson(), "application/json");
        Set<String> current = new HashSet<>();
        files.forEach(p -> current.add(p.key()));
        int deleted = 0;
        for (String key : store.list(bucket, CuratedLayout.eventsPrefix(day), LIST_LIMIT)) {
            if (!current.contains(key)) {
                store.delete(bucket, key);
                deleted++;
            }
        }
        List<String> keys = files.stream().map(ParquetParts.Part::key).toList();
        LOG.info("compacted day={} inputs={} records={} files={} deleted={}", day, inputs.size(), manifest.records(),
                keys.size(), deleted);
        return new DayOutcome.Compacted(day, inputs.size(), manifest.records(), keys, deleted);
    }

    private void copy(String bucket, ListedObject input, ParquetParts parts) throws IOException {
        Optional<InputStream> opened = store.open(bucket, input.key(), Optional.empty());
        if (opened.isEmpty()) {
            // deleted since the listing (a replay's superseded output): the next run sees the new listing
            return;
        }
        try (InputStream raw = opened.get();
             InputStream in = input.key().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
            EventLines.read(in, e -> {
                try {
                    parts.write(e);
                } catch (IOException | RuntimeException x) {
                    throw new CompactionException("cannot write a record of " + input.key() + " line "
                            + (e.meta() == null ? "?" : e.meta().line()), x);
                }
            });
        }
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : owned) {
            c.close();
        }
    }
}
