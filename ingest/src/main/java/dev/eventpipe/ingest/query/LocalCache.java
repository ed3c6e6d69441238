package dev.eventpipe.ingest.query;

import dev.eventpipe.ingest.Progress;
import dev.eventpipe.shared.store.ListedObject;
import dev.eventpipe.shared.store.ObjectStore;
import dev.eventpipe.shared.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A local copy of the processed bucket's partitions, {@code <root>/<bucket>/<key>} (so DuckDB's hive
 * partitioning reads {@code dt} from the path), fetched through the {@link ObjectStore} port by date range.
 *
 * <p>Per partition directory a hidden {@code .etags} file records the ETag each object had when it was
 * fetched: an object listed with the same ETag is not downloaded again; one with another ETag (rewritten,
 * e.g. by {@code replay --force}) is; a cached file whose key is no longer listed is deleted, so a fetched
 * day is always exactly what the bucket lists. Days outside the range are left as they are (and not read).
 * Downloads go to {@code <root>/<bucket>/.partial/} and are renamed into place, so an interrupted run leaves
 * no half file where a view reads; the index is written after its directory's downloads.
 */
public final class LocalCache {

    static final String INDEX = ".etags";
    private static final String PARTIAL = ".partial";
    /** An S3 bucket name (3–63 of a-z, 0-9, '.', '-'): safe as one directory name. */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,62}");
    /** A file name the processor (or the compaction job) writes; anything else is not cached. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._=-]{0,254}");

    private final ObjectStore store;
    private final Path root;
    private final ExecutorService pool;

    /**
     * @param root the cache directory (every bucket gets a directory in it)
     * @param pool runs the listings and downloads (its size is the number of concurrent requests)
     */
    public LocalCache(ObjectStore store, Path root, ExecutorService pool) {
        this.store = store;
        this.root = root;
        this.pool = pool;
    }

    /** The bucket's directory in the cache. */
    public Path directory(String bucket) {
        if (!BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException("not an S3 bucket name: '" + bucket + "'");
        }
        return root.resolve(bucket);
    }

    /**
     * Brings the cache up to date with the bucket for every day of {@code range} and each of {@code tables};
     * reports each object done to {@code progress} (totals once everything is listed).
     *
     * @throws StoreException when a listing or a download fails (what was downloaded before stays cached)
     */
    public CacheSummary fetch(String bucket, DateRange range, List<Table> tables, Progress progress) {
        Path dir = directory(bucket);
        List<Partition> partitions = new ArrayList<>();
        for (Table t : tables) {
            for (LocalDate day : range.days()) {
                partitions.add(new Partition(t, day, t.prefix() + "dt=" + day + "/"));
            }
        }
        List<Future<List<ListedObject>>> listings = new ArrayList<>();
        for (Partition p : partitions) {
            listings.add(pool.submit(() -> store.listWithEtags(bucket, p.prefix, Integer.MAX_VALUE).stream()
                    .filter(o -> p.table.holds(o.key()) && NAME.matcher(o.key().substring(p.prefix.length())).matches())
                    .toList()));
        }
        Map<Partition, List<ListedObject>> listed = new HashMap<>();
        long total = 0;
        for (int i = 0; i < partitions.size(); i++) {
            List<ListedObject> objects = await(listings.get(i));
            listed.put(partitions.get(i), objects);
            total += objects.size();
        }
        progress.total(total, 0);

        Map<Table, Counts> counts = new EnumMap<>(Table.class);
        tables.forEach(t -> counts.put(t, new Counts()));
        List<Runnable> indexWrites = new ArrayList<>();
        List<Future<?>> downloads = new ArrayList<>();
        try {
            Files.createDirectories(dir.resolve(PARTIAL));
            for (Partition p : partitions) {
                List<ListedObject> objects = listed.get(p);
                Path partitionDir = dir.resolve(p.prefix);
                Counts c = counts.get(p.table);
                c.removed.addAndGet(removeUnlisted(partitionDir, objects, p.prefix));
                if (objects.isEmpty()) {
                    continue;
                }
                c.days.add(p.day);
                c.objects.addAndGet(objects.size());
                Files.createDirectories(partitionDir);
                Map<String, String> known = readIndex(partitionDir);
                // Only what is on disk with its ETag: reused objects now, downloads as each one lands.
                Map<String, String> index = new ConcurrentSkipListMap<>();
                for (ListedObject o : objects) {
                    String name = o.key().substring(p.prefix.length());
                    if (o.etag().equals(known.get(name)) && Files.isRegularFile(partitionDir.resolve(name))) {
                        index.put(name, o.etag());
                        c.reused.incrementAndGet();
                        progress.addItems(1);
                    } else {
                        downloads.add(pool.submit(() -> {
                            long n = download(bucket, o.key(), dir, partitionDir.resolve(name));
                            if (n < 0) {
                                c.objects.decrementAndGet(); // deleted since the listing: not part of the day any more
                            } else {
                                index.put(name, o.etag());
                                c.fetched.incrementAndGet();
                                c.bytes.addAndGet(n);
                                progress.addBytes(n);
                            }
                            progress.addItems(1);
                            return null;
                        }));
                    }
                }
                indexWrites.add(() -> writeIndex(dir, partitionDir, index));
            }
            downloads.forEach(LocalCache::await);
        } catch (IOException e) {
            throw new UncheckedIOException("cache " + dir + ": " + e.getMessage(), e);
        } finally {
            // Also after a failure: what did land is kept for the next run.
            downloads.forEach(f -> f.cancel(true));
            indexWrites.forEach(Runnable::run);
        }

        Map<Table, CacheSummary.Part> parts = new EnumMap<>(Table.class);
        counts.forEach((t, c) -> parts.put(t, new CacheSummary.Part(c.days, c.objects.get(), c.fetched.get(), c.reused.get(),
                c.removed.get(), c.bytes.get())));
        return new CacheSummary(bucket, range, dir, parts);
    }

    private static final class Counts {
        final List<LocalDate> days = new ArrayList<>();
        final AtomicLong objects = new AtomicLong();
        final AtomicLong fetched = new AtomicLong();
        final AtomicLong reused = new AtomicLong();
        final AtomicLong removed = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
    }

    private record Partition(Table table, LocalDate day, String prefix) {
    }

    /** Downloads one object into place; its size, or -1 when it no longer exists. */
    private long download(String bucket, String key, Path dir, Path target) throws IOException {
        Optional<InputStream> in = store.open(bucket, key, Optional.empty());
        if (in.isEmpty()) {
            Files.deleteIfExists(target);
            return -1;
        }
        Path partial = dir.resolve(PARTIAL).resolve(UUID.randomUUID() + ".part");
        try (InputStream s = in.get()) {
            long n = Files.copy(s, partial);
            move(partial, target);
            return n;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes the cached data files of a partition that the listing no longer has; how many. */
    private static long removeUnlisted(Path partitionDir, List<ListedObject> listed, String prefix) throws IOException {
        if (!Files.isDirectory(partitionDir)) {
            return 0;
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        listed.forEach(o -> names.add(o.key().substring(prefix.length())));
        long removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(partitionDir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (!name.equals(INDEX) && !names.contains(name) && Files.isRegularFile(f)) {
                    Files.delete(f);
                    removed++;
                }
            }
        }
        if (listed.isEmpty()) {
            Files.deleteIfExists(partitionDir.resolve(INDEX));
        }
        return removed;
    }

    /** name TAB etag per line. */
    static Map<String, String> readIndex(Path partitionDir) throws IOException {
        Path index = partitionDir.resolve(INDEX);
        Map<String, String> known = new HashMap<>();
        if (Files.isRegularFile(index)) {
            for (String line : Files.readAllLines(index, StandardCharsets.UTF_8)) {
                int tab = line.indexOf('\t');
                if (tab > 0) {
                    known.put(line.substring(0, tab), line.substring(tab + 1));
                }
            }
        }
        return known;
    }

    private static void writeIndex(Path dir, Path partitionDir, Map<String, String> index) {
        StringBuilder b = new StringBuilder();
        index.forEach((name, etag) -> b.append(name).append('\t').append(etag).append('\n'));
        Path tmp = dir.resolve(PARTIAL).resolve(UUID.randomUUID() + ".etags");
        try {
            Files.writeString(tmp, b, StandardCharsets.UTF_8);
            move(tmp, partitionDir.resolve(INDEX));
        } catch (IOException e) {
            throw new UncheckedIOException("cache index " + partitionDir + ": " + e.getMessage(), e);
        }
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof IOException io) {
                throw new UncheckedIOException(io.getMessage(), io);
            }
            throw new IllegalStateException(c);
        }
    }
}
