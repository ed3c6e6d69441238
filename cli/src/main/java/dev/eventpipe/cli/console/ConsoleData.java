package dev.eventpipe.cli.console;

import dev.eventpipe.shared.lifecycle.DaemonThreads;
import dev.eventpipe.ingest.dlq.DeadLetterQueue;
import dev.eventpipe.ingest.receipt.FileInspector;
import dev.eventpipe.ingest.receipt.FileReport;
import dev.eventpipe.ingest.receipt.ReceiptLookup;
import dev.eventpipe.shared.layout.FileId;
import dev.eventpipe.shared.layout.Layout;
import dev.eventpipe.shared.receipt.Receipt;
import dev.eventpipe.shared.receipt.Receipts;
import dev.eventpipe.shared.store.ObjectInfo;
import dev.eventpipe.shared.store.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Everything the console reads and does, through the ingest services ({@link ReceiptLookup},
 * {@link FileInspector}, {@link DeadLetterQueue}) and the processed bucket's processing-date index.
 *
 * <p>Costs, so pages stay fast at 100,000 files a day: a day's index is one paged listing (1,000 keys a
 * page, sixteen prefixes at once) kept for {@link #INDEX_TTL}; a receipt summary is read once per index ETag (a new receipt
 * generation has a new ETag) and kept; a request reads at most {@link #READS_PER_REQUEST} receipts it has
 * not seen, eight at a time, and the pages say how much of the day they cover.
 */
final class ConsoleData implements AutoCloseable {

    static final Duration INDEX_TTL = Duration.ofSeconds(5);
    static final Duration PAST_DAY_TTL = Duration.ofMinutes(1);
    static final int READS_PER_REQUEST = 2_000;
    private static final int MAX_CACHED_ROWS = 500_000;
    private static final Duration LINK_VALIDITY = Duration.ofMinutes(15);
    private static final Pattern REPORT_KEY = Pattern.compile("daily/(\\d{4})/(\\d{2})/(\\d{2})/report\\.html");

    private final ConsoleConfig config;
    private final S3Client s3;
    private final S3Presigner presigner;
    private final ObjectStore store;
    private final ReceiptLookup receipts;
    private final Optional<DeadLetterQueue> dlq;
    private final FileInspector inspector;
    private final Clock clock;
    private final ExecutorService readers = Executors.newFixedThreadPool(8, DaemonThreads.named("console-read"));
    private final Map<LocalDate, Listing> days = new ConcurrentHashMap<>();
    private final Map<String, CachedRow> rows = new ConcurrentHashMap<>();

    private record Listing(Instant at, List<IndexEntry> entries) {
    }

    private record CachedRow(String etag, FileRow row) {
    }

    ConsoleData(ConsoleConfig config, S3Client s3, S3Presigner presigner, ObjectStore store, Optional<DeadLetterQueue> dlq,
                Clock clock) {
        this.config = config;
        this.s3 = s3;
        this.presigner = presigner;
        this.store = store;
        this.receipts = new ReceiptLookup(store, config.processedBucket());
        this.dlq = dlq;
        this.inspector = new FileInspector(s3, receipts, dlq, config.queueUrl(), 200);
        this.clock = clock;
    }

    ConsoleConfig config() {
        return config;
    }

    LocalDate today() {
        return clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
    }

    Instant now() {
        return clock.instant();
    }

    /**
     * The day's index entries, newest first, kept for {@link #INDEX_TTL} (today) or {@link #PAST_DAY_TTL}.
     * File ids are hex, so the day is listed as sixteen prefixes at once: a 100,000-file day is some seven
     * pages per prefix instead of a hundred pages in a row.
     */
    List<IndexEntry> day(LocalDate date) {
        Instant now = clock.instant();
        Listing cached = days.get(date);
        Duration ttl = date.isBefore(today().minusDays(1)) ? PAST_DAY_TTL : INDEX_TTL;
        if (cached != null && Duration.between(cached.at(), now).compareTo(ttl) < 0) {
            return cached.entries();
        }
        String prefix = Layout.processedOnPrefix(date);
        List<Future<List<IndexEntry>>> parts = new ArrayList<>();
        for (char c : "0123456789abcdef".toCharArray()) {
            parts.add(readers.submit(() -> list(prefix, prefix + c)));
        }
        List<IndexEntry> entries = new ArrayList<>();
        for (Future<List<IndexEntry>> part : parts) {
            entries.addAll(join(part));
        }
        entries.sort(Comparator.comparing(IndexEntry::lastModified).reversed().thenComparing(IndexEntry::fileId));
        List<IndexEntry> list = List.copyOf(entries);
        if (days.size() > 31) {
            days.clear();
        }
        days.put(date, new Listing(now, list));
        return list;
    }

    private List<IndexEntry> list(String dayPrefix, String prefix) {
        List<IndexEntry> entries = new ArrayList<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(config.processedBucket()).prefix(prefix)).contents()) {
            String key = o.key();
            if (key.endsWith(".json")) {
                entries.add(new IndexEntry(key.substring(dayPrefix.length(), key.length() - 5), key, o.lastModified(),
                        o.eTag() == null ? "" : o.eTag()));
            }
        }
        return entries;
    }

    /** Summaries of the entries: cached ones, and at most {@link #READS_PER_REQUEST} read now. */
    RowSource rows() {
        int[] budget = {READS_PER_REQUEST};
        return entries -> {
            Map<String, FileRow> out = new HashMap<>();
            List<IndexEntry> missing = new ArrayList<>();
            for (IndexEntry e : entries) {
                CachedRow c = rows.get(e.fileId());
                if (c != null && c.etag().equals(e.etag())) {
                    out.put(e.fileId(), c.row());
                } else if (budget[0] > 0) {
                    budget[0]--;
                    missing.add(e);
                }
            }
            List<Future<Optional<FileRow>>> reads = new ArrayList<>();
            for (IndexEntry e : missing) {
                reads.add(readers.submit(() -> readRow(e)));
            }
            for (int i = 0; i < reads.size(); i++) {
                Optional<FileRow> row = join(reads.get(i));
                IndexEntry e = missing.get(i);
                row.ifPresent(r -> {
                    if (rows.size() > MAX_CACHED_ROWS) {
                        rows.clear();
                    }
                    rows.put(e.fileId(), new CachedRow(e.etag(), r));
                    out.put(e.fileId(), r);
                });
            }
            return out;
        };
    }

    private Optional<FileRow> readRow(IndexEntry e) {
        Optional<InputStream> in = store.open(config.processedBucket(), e.key(), Optional.empty());
        if (in.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream s = in.get()) {
            return Optional.of(FileRow.of(Receipts.fromJson(s.readAllBytes())));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static <T> T join(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /** A file by its id: its receipt and first rejected rows, or empty when it has none. */
    Optional<FileReport> byId(String fileId, int maxRejects) {
        Optional<Receipt> receipt = receipts.find(new FileId(fileId));
        return receipt.map(r -> {
            boolean ok = r.status() == Receipt.Status.PROCESSED;
            String explanation = ok ? r.rows().valid() + " valid and " + r.rows().rejected() + " rejected row(s)"
                    : "quarantined (" + r.reasonCode().orElse("?") + "): " + r.reason().orElse("");
            return new FileReport(r.source().bucket(), r.source().key(), r.source().versionId(), Optional.of(r.source().etag()),
                    ok ? FileReport.State.PROCESSED : FileReport.State.QUARANTINED, Optional.of(r.fileId()), receipt,
                    receipts.firstRejects(r, maxRejects), List.of(), explanation);
        });
    }

    /** A file by its key in the input bucket: what {@code eventpipe receipt} says. */
    FileReport byKey(String bucket, String key, int maxRejects) {
        return inspector.inspect(bucket, key, Optional.empty(), maxRejects);
    }

    Map<String, Long> sizes(List<String> keys) {
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (String key : keys) {
            store.head(config.processedBucket(), key).map(ObjectInfo::size).ifPresent(s -> sizes.put(key, s));
        }
        return sizes;
    }

    Map<String, URI> links(List<String> keys) {
        Map<String, URI> links = new LinkedHashMap<>();
        for (String key : keys) {
            links.put(key, URI.create(presigner.presignGetObject(b -> b.signatureDuration(LINK_VALIDITY)
                    .getObjectRequest(g -> g.bucket(config.processedBucket()).key(key))).url().toString()));
        }
        return links;
    }

    Optional<DeadLetterQueue> dlq() {
        return dlq;
    }

    /** The dates with a daily HTML report, newest first. */
    List<LocalDate> reportDates() {
        if (config.reportsBucket().isEmpty()) {
            return List.of();
        }
        TreeSet<LocalDate> dates = new TreeSet<>(Comparator.reverseOrder());
        for (String key : store.list(config.reportsBucket().get(), "daily/", Integer.MAX_VALUE)) {
            Matcher m = REPORT_KEY.matcher(key);
            if (m.matches()) {
                dates.add(LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
            }
        }
        return List.copyOf(dates);
    }

    Optional<byte[]> reportHtml(LocalDate date) {
        if (config.reportsBucket().isEmpty()) {
            return Optional.empty();
        }
        String key = dev.eventpipe.reporter.ReportKeys.html(date);
        return store.open(config.reportsBucket().get(), key, Optional.empty()).map(in -> {
            try (InputStream s = in) {
                return s.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    public void close() {
        readers.shutdownNow();
    }
}
