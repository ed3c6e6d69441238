package dev.eventpipe.ingest.upload;

import dev.eventpipe.shared.layout.FileId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.transfer.s3.S3TransferManager;
import software.amazon.awssdk.transfer.s3.model.UploadFileRequest;
import software.amazon.awssdk.transfer.s3.progress.TransferListener;

/**
 * Uploads local files to a bucket, skipping what is already there unchanged: one request per new file.
 *
 * <p><b>Plan.</b> One listing of the destination prefix gives every existing key's size and ETag; nothing
 * is read from disk. A file whose key is absent or whose size differs is sent. For a key of the same size
 * the content decides, when the file is read to be sent: its MD5 against the ETag (the MD5 of a single-part
 * object without SSE-KMS), else its CRC32 against the one S3 stored (a HEAD with checksum mode) or the one
 * this tool wrote into the object's metadata. So a second run of the same command sends only what the
 * first did not finish.
 *
 * <p><b>Small files</b> (up to {@link Settings#multipartThreshold}) are the bulk of a bulk upload, so they take
 * the cheapest path there is: read once into memory (within a byte budget), hashed from those bytes, and
 * sent in one PUT by a synchronous client with the CRC32 in a header, which S3 verifies against what it
 * receives ({@code BadDigest} otherwise, and nothing is stored). The bytes sent are the bytes hashed, so
 * a file that changes on disk meanwhile is stored as it was read, consistently.
 *
 * <p><b>Large files</b> go through the S3 Transfer Manager in parallel parts, each part's CRC32 computed
 * by the SDK and verified by S3; the whole file's CRC32, read just before, is kept as metadata
 * {@value #CRC32_METADATA} for the next plan. A file that changes while it is sent fails the upload
 * before it completes (nothing is stored); one that changed between its checksum and its sending is
 * stored as the SDK read it and reported failed, saying so (see {@link #CHANGED_WHILE_SENT}).
 *
 * <p>The SDK retries throttling and 5xx with backoff (the standard retry mode of {@code AwsClients}).
 */
public final class Uploader {

    /** User metadata holding the whole file's CRC32 (Base64) of a multipart upload, whose own CRC32 is per part. */
    public static final String CRC32_METADATA = "eventpipe-crc32";

    /** How a failed large file that is nevertheless in the bucket is reported: the reason starts with this. */
    public static final String CHANGED_WHILE_SENT = "changed while it was uploaded";

    /**
     * @param concurrency        files in flight at most
     * @param multipartThreshold bytes above which a file goes in parts through the Transfer Manager
     * @param memoryBudget       bytes of small files held in memory at once, at most (at least the threshold)
     */
    public record Settings(int concurrency, long multipartThreshold, long memoryBudget) {
        public Settings {
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
            }
            if (multipartThreshold < 1 || memoryBudget < multipartThreshold) {
                throw new IllegalArgumentException("the memory budget must hold one file of the threshold size: "
                        + memoryBudget + " < " + multipartThreshold);
            }
        }

        /** A budget of a quarter of the heap, at least one threshold-sized file. */
        public static Settings of(int concurrency, long multipartThreshold) {
            long quarterHeap = Runtime.getRuntime().maxMemory() / 4;
            return new Settings(concurrency, multipartThreshold, Math.max(multipartThreshold, Math.min(quarterHeap, 256L << 20)));
        }
    }

    private final S3Client s3;
    private final Supplier<S3TransferManager> transfers;
    private final Settings settings;
    private final Clock clock;

    /**
     * @param s3        for the listing, HEADs and small files' PUTs; its HTTP client should keep
     *                  {@code concurrency} connections alive
     * @param transfers for large files, asked for on the first one; built on an asynchronous S3 client with
     *                  multipart enabled
     */
    public Uploader(S3Client s3, Supplier<S3TransferManager> transfers, Settings settings, Clock clock) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.transfers = Objects.requireNonNull(transfers, "transfers");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What the bucket holds under a file's key, when that has the file's size (else it is simply sent). */
    public record Existing(long size, String etag) {
        public Existing {
            Objects.requireNonNull(etag, "etag");
        }
    }

    /** One file of a plan, with what the bucket holds under its key when the size matches. */
    public record Item(LocalFile file, Optional<Existing> existing) {
        public Item {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(existing, "existing");
        }
    }

    /** What {@link #send} will do. */
    public record Plan(String bucket, List<Item> items, Instant started) {
        public Plan {
            items = List.copyOf(items);
        }
    }

    /** Plans and sends. */
    public UploadSummary upload(String bucket, String prefix, List<LocalFile> files, UploadListener listener) {
        return send(plan(bucket, prefix, files), listener);
    }

    /**
     * One listing of {@code prefix}; reads no file.
     *
     * @param prefix the common prefix of the keys
     */
    public Plan plan(String bucket, String prefix, List<LocalFile> files) {
        Instant started = clock.instant();
        Map<String, Existing> existing = new HashMap<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
            existing.put(o.key(), new Existing(o.size(), FileId.plainETag(o.eTag())));
        }
        List<Item> items = new ArrayList<>(files.size());
        for (LocalFile f : files) {
            Existing there = existing.get(f.key());
            items.add(new Item(f, there != null && there.size() == f.size() ? Optional.of(there) : Optional.empty()));
        }
        return new Plan(bucket, items, started);
    }

    /** Sends what the plan says, at most {@code concurrency} files at once; waits for all of them. */
    public UploadSummary send(Plan plan, UploadListener listener) {
        List<Item> items = plan.items();
        listener.planned(items.size(), items.stream().mapToLong(i -> i.file().size()).sum());
        AtomicReferenceArray<FileResult> results = new AtomicReferenceArray<>(items.size());
        Semaphore slots = new Semaphore(settings.concurrency());
        Semaphore memory = new Semaphore(kib(settings.memoryBudget()));
        ExecutorService workers = Executors.newFixedThreadPool(settings.concurrency(), r -> {
            Thread t = new Thread(r, "eventpipe-upload");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int n = 0; n < items.size(); n++) {
                int index = n;
                Item item = items.get(n);
                slots.acquireUninterruptibly();
                Runnable done = () -> slots.release();
                try {
                    if (item.file().size() > settings.multipartThreshold()) {
                        workers.execute(() -> sendLarge(plan.bucket(), item, listener, r -> finish(results, index, r, listener, done)));
                    } else {
                        workers.execute(() -> finish(results, index, sendSmall(plan.bucket(), item, memory, listener), listener, done));
                    }
                } catch (RuntimeException e) {
                    finish(results, index, new FileResult.Failed(item.file().key(), reason(e)), listener, done);
                }
            }
            slots.acquireUninterruptibly(settings.concurrency()); // every file has finished
        } finally {
            workers.shutdownNow();
        }
        List<FileResult> ordered = new ArrayList<>(items.size());
        for (int n = 0; n < items.size(); n++) {
            ordered.add(results.get(n));
        }
        return new UploadSummary(plan.bucket(), ordered, Duration.between(plan.started(), clock.instant()));
    }

    private static void finish(AtomicReferenceArray<FileResult> results, int index, FileResult result, UploadListener listener,
                               Runnable done) {
        results.set(index, result);
        try {
            listener.finished(result);
        } finally {
            done.run();
        }
    }

    private FileResult sendSmall(String bucket, Item item, Semaphore memory, UploadListener listener) {
        LocalFile f = item.file();
        int permits = Math.min(kib(f.size()), kib(settings.memoryBudget()));
        memory.acquireUninterruptibly(permits);
        try {
            byte[] bytes = Files.readAllBytes(f.path());
            String crc = Checksums.crc32(bytes);
            if (item.existing().isPresent() && item.existing().get().size() == bytes.length
                    && unchanged(bucket, f.key(), item.existing().get().etag(), () -> Checksums.md5Hex(bytes), () -> crc)) {
                return skipped(bucket, f);
            }
            PutObjectRequest put = PutObjectRequest.builder().bucket(bucket).key(f.key()).checksumCRC32(crc).build();
            PutObjectResponse r = s3.putObject(put, RequestBody.fromBytes(bytes));
            listener.bytesSent(bytes.length);
            return uploaded(bucket, f.key(), bytes.length, r);
        } catch (IOException e) {
            return new FileResult.Failed(f.key(), "cannot read " + f.path() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            return new FileResult.Failed(f.key(), reason(e));
        } finally {
            memory.release(permits);
        }
    }

    private void sendLarge(String bucket, Item item, UploadListener listener, java.util.function.Consumer<FileResult> done) {
        LocalFile f = item.file();
        try {
            Stat before = Stat.of(f.path());
            Checksums.Both sums = Checksums.both(f.path());
            if (item.existing().isPresent() && unchanged(bucket, f.key(), item.existing().get().etag(), sums::md5Hex, sums::crc32)) {
                done.accept(skipped(bucket, f));
                return;
            }
            PutObjectRequest put = PutObjectRequest.builder().bucket(bucket).key(f.key())
                    .metadata(Map.of(CRC32_METADATA, sums.crc32())).checksumAlgorithm(ChecksumAlgorithm.CRC32).build();
            AtomicLong reported = new AtomicLong();
            UploadFileRequest request = UploadFileRequest.builder().source(f.path()).putObjectRequest(put)
                    .addTransferListener(new TransferListener() {
                        @Override
                        public void bytesTransferred(Context.BytesTransferred context) {
                            long now = context.progressSnapshot().transferredBytes();
                            long earlier = reported.getAndSet(now);
                            if (now > earlier) {
                                listener.bytesSent(now - earlier);
                            }
                        }
                    }).build();
            transfers.get().uploadFile(request).completionFuture().whenComplete((result, e) -> {
                if (e != null) {
                    done.accept(new FileResult.Failed(f.key(), reason(e)));
                    return;
                }
                PutObjectResponse r = result.response();
                if (!before.equals(Stat.of(f.path()))) {
                    // S3 verified every part, so the object is the file as the SDK read it: not torn, but perhaps
                    // not the content whose checksum the metadata holds, nor the file's final content.
                    done.accept(new FileResult.Failed(f.key(), CHANGED_WHILE_SENT + ": s3://" + bucket + "/" + f.key()
                            + FileId.version(r.versionId()).map(v -> " (version " + v + ")").orElse("")
                            + " holds it as it was read and will be processed; upload it again once it is complete"));
                    return;
                }
                done.accept(uploaded(bucket, f.key(), f.size(), r));
            });
        } catch (RuntimeException e) {
            done.accept(new FileResult.Failed(f.key(), reason(e)));
        }
    }

    private static FileResult.Uploaded uploaded(String bucket, String key, long size, PutObjectResponse r) {
        String etag = FileId.plainETag(r.eTag());
        Optional<String> version = FileId.version(r.versionId());
        return new FileResult.Uploaded(key, size, etag, version, FileId.of(bucket, key, version, etag).value());
    }

    private static FileResult.Skipped skipped(String bucket, LocalFile f) {
        return new FileResult.Skipped(f.key(), f.size(), "unchanged: same size and checksum as s3://" + bucket + "/" + f.key());
    }

    /** Whether the object under {@code key} holds these bytes: by its ETag when that is an MD5, else by a CRC32. */
    private boolean unchanged(String bucket, String key, String etag, java.util.function.Supplier<String> md5,
                              java.util.function.Supplier<String> crc32) {
        if (!etag.contains("-") && etag.equalsIgnoreCase(md5.get())) {
            return true;
        }
        // Multipart (ETag "md5-of-md5s-N") or SSE-KMS (ETag not an MD5): ask for the CRC32 S3 or we stored.
        HeadObjectResponse head;
        try {
            head = s3.headObject(b -> b.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED));
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
        String crc = crc32.get();
        String stored = head.metadata().get(CRC32_METADATA);
        String full = head.checksumCRC32() != null && !head.checksumCRC32().contains("-") ? head.checksumCRC32() : null;
        return crc.equals(stored) || crc.equals(full);
    }

    /** Size and modification time: what tells that a file changed without reading it. */
    private record Stat(long size, FileTime modified) {
        static Stat of(Path p) {
            try {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                return new Stat(a.size(), a.lastModifiedTime());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the attributes of " + p, e);
            }
        }
    }

    private static int kib(long bytes) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (bytes + 1023) / 1024));
    }

    /** The cause a person can act on: S3's error code and message, with a hint for checksum refusals. */
    static String reason(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof S3Exception s3e && s3e.awsErrorDetails() != null) {
            String code = s3e.awsErrorDetails().errorCode();
            String text = code + ": " + s3e.awsErrorDetails().errorMessage();
            boolean checksum = "BadDigest".equals(code) || String.valueOf(text).toLowerCase(java.util.Locale.ROOT).contains("checksum");
            return checksum ? "checksum mismatch: S3 refused the bytes it received (damaged in transit?); nothing was stored - "
                    + text : text;
        }
        if (t instanceof UncheckedIOException io && io.getCause() != null) {
            return io.getMessage() + ": " + io.getCause().getMessage();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
