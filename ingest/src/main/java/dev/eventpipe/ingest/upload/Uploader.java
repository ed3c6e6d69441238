package dev.eventpipe.ingest.upload;

import dev.eventpipe.shared.lifecycle.DaemonThreads;
import dev.eventpipe.shared.layout.FileId;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.StandardOpenOption;
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
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

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
 * <p><b>Large files</b> go in a multipart upload whose parts are read once each, in order, into memory
 * (within the same budget) and sent in parallel by the same client, each with its CRC32, which S3 verifies.
 * The whole file's CRC32, read just before, is kept as metadata {@value #CRC32_METADATA} for the next
 * plan; the upload is completed only if the bytes sent have that CRC32 and the file's size and time did not
 * change meanwhile. A file that changes while it is sent is aborted: nothing is stored, and it is
 * reported failed saying so ({@link #CHANGED_WHILE_SENT}). The SDK's Transfer Manager did the same work
 * at half the speed (docs/benchmarks.md): its asynchronous client frames each part in aws-chunked
 * encoding and hands every buffer between threads.
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

    /** S3's limit on the parts of one upload. */
    private static final long MAX_PARTS = 10_000;

    private static final int READ_SLICE = 1 << 20;

    /**
     * Parts sent at once, at most. Large bodies fill a link with few connections; more only add contention
     * (measured on 2 cores: 32 parts in flight cost the server half as much CPU again as 8, and were slower).
     */
    private static final int PARTS_IN_FLIGHT = 8;

    /**
     * Large files read and sent at once, at most: enough to keep {@link #PARTS_IN_FLIGHT} parts busy, few
     * enough that their reads and checksums do not all compete with the parts being sent.
     */
    private static final int LARGE_FILES_IN_FLIGHT = 3;

    private final S3Client s3;
    private final Settings settings;
    private final Clock clock;

    /**
     * @param s3 for every request; its HTTP client should keep {@code concurrency} connections alive (twice that
     *           serves large files' parts too) and send bodies as they are, not in aws-chunked frames
     */
    public Uploader(S3Client s3, Settings settings, Clock clock) {
        this.s3 = Objects.requireNonNull(s3, "s3");
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
        Semaphore largeFiles = new Semaphore(LARGE_FILES_IN_FLIGHT);
        PartBuffers buffers = new PartBuffers((int) settings.multipartThreshold());
        ExecutorService workers = Executors.newFixedThreadPool(settings.concurrency(), DaemonThreads.named("eventpipe-upload"));
        // Parts have their own threads: a file's thread waits for its parts, so they cannot queue behind it.
        ExecutorService parts = Executors.newFixedThreadPool(Math.min(settings.concurrency(), PARTS_IN_FLIGHT),
                DaemonThreads.named("eventpipe-upload-part"));
        try {
            for (int n = 0; n < items.size(); n++) {
                int index = n;
                Item item = items.get(n);
                slots.acquireUninterruptibly();
                Runnable done = () -> slots.release();
                try {
                    if (item.file().size() > settings.multipartThreshold()) {
                        workers.execute(() -> {
                            largeFiles.acquireUninterruptibly();
                            try {
                                finish(results, index, sendLarge(plan.bucket(), item, memory, buffers, parts, listener), listener, done);
                            } finally {
                                largeFiles.release();
                            }
                        });
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
            parts.shutdownNow();
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
            return uploaded(bucket, f.key(), bytes.length, r.eTag(), r.versionId());
        } catch (IOException e) {
            return new FileResult.Failed(f.key(), "cannot read " + f.path() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            return new FileResult.Failed(f.key(), reason(e));
        } finally {
            memory.release(permits);
        }
    }

    /**
     * A large file in parts of {@link #partSize}, read in order by this thread (each into memory within the
     * budget, its CRC32 computed from those bytes) and sent in parallel on {@code parts}. The object is completed
     * only if the file did not change: the CRC32 of the bytes sent matches the one read first (and kept as
     * metadata), and its size and time are as before. Otherwise the upload is aborted and nothing is stored.
     */
    private FileResult sendLarge(String bucket, Item item, Semaphore memory, PartBuffers buffers, ExecutorService parts,
                                 UploadListener listener) {
        LocalFile f = item.file();
        String uploadId = null;
        try {
            Stat before = Stat.of(f.path());
            String crc;
            if (item.existing().isPresent()) {
                Checksums.Both sums = Checksums.both(f.path());
                if (unchanged(bucket, f.key(), item.existing().get().etag(), sums::md5Hex, sums::crc32)) {
                    return skipped(bucket, f);
                }
                crc = sums.crc32();
            } else {
                crc = Checksums.crc32(f.path());
            }
            uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(f.key()).metadata(Map.of(CRC32_METADATA, crc))
                    .checksumAlgorithm(ChecksumAlgorithm.CRC32)).uploadId();
            List<CompletedPart> sent = sendParts(bucket, f, uploadId, crc, memory, buffers, parts, listener);
            if (!before.equals(Stat.of(f.path()))) {
                throw new ChangedException();
            }
            String id = uploadId;
            CompleteMultipartUploadResponse r = s3.completeMultipartUpload(b -> b.bucket(bucket).key(f.key()).uploadId(id)
                    .multipartUpload(m -> m.parts(sent)));
            return uploaded(bucket, f.key(), f.size(), r.eTag(), r.versionId());
        } catch (ChangedException e) {
            abort(bucket, f.key(), uploadId);
            return new FileResult.Failed(f.key(), CHANGED_WHILE_SENT + "; nothing was stored: upload it again once it is complete");
        } catch (IOException e) {
            abort(bucket, f.key(), uploadId);
            return new FileResult.Failed(f.key(), "cannot read " + f.path() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            abort(bucket, f.key(), uploadId);
            return new FileResult.Failed(f.key(), reason(e));
        }
    }

    private List<CompletedPart> sendParts(String bucket, LocalFile f, String uploadId, String crc, Semaphore memory,
                                          PartBuffers buffers, ExecutorService parts, UploadListener listener) throws IOException {
        long size = f.size();
        long partSize = partSize(size);
        List<Future<CompletedPart>> pending = new ArrayList<>();
        CRC32 whole = new CRC32();
        try {
            try (FileChannel channel = FileChannel.open(f.path(), StandardOpenOption.READ)) {
                for (int number = 1; (number - 1) * partSize < size; number++) {
                    long offset = (number - 1) * partSize;
                    int length = (int) Math.min(partSize, size - offset);
                    int permits = Math.min(kib(length), kib(settings.memoryBudget()));
                    memory.acquireUninterruptibly(permits);
                    byte[] buffer = partSize == settings.multipartThreshold() ? buffers.take() : new byte[(int) partSize];
                    try {
                        readFully(channel, offset, buffer, length);
                    } catch (IOException | RuntimeException e) {
                        buffers.give(buffer);
                        memory.release(permits);
                        throw e;
                    }
                    whole.update(buffer, 0, length);
                    int partNumber = number;
                    pending.add(parts.submit(() -> {
                        try {
                            String partCrc = Checksums.crc32(buffer, length);
                            UploadPartResponse r = s3.uploadPart(b -> b.bucket(bucket).key(f.key()).uploadId(uploadId)
                                    .partNumber(partNumber).checksumCRC32(partCrc), RequestBody.fromContentProvider(
                                    () -> new ByteArrayInputStream(buffer, 0, length), length, "application/octet-stream"));
                            listener.bytesSent(length);
                            return CompletedPart.builder().partNumber(partNumber).eTag(r.eTag()).checksumCRC32(partCrc).build();
                        } finally {
                            buffers.give(buffer);
                            memory.release(permits);
                        }
                    }));
                }
                if (channel.size() != size || !Checksums.base64(whole.getValue()).equals(crc)) {
                    throw new ChangedException();
                }
            }
            List<CompletedPart> done = new ArrayList<>(pending.size());
            for (Future<CompletedPart> part : pending) {
                done.add(part.get());
            }
            return done;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending " + f.key(), e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            settle(pending);
        }
    }

    /**
     * Cancels parts not yet started and waits for those being sent, so an abort that follows comes after
     * them: S3 may keep a part that is still arriving when its upload is aborted.
     */
    private static void settle(List<Future<CompletedPart>> pending) {
        pending.forEach(p -> p.cancel(false));
        for (Future<CompletedPart> p : pending) {
            try {
                p.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | CancellationException e) {
                // reported by the caller, or never started
            }
        }
    }

    /** The threshold, or more for a file that would otherwise need more parts than S3 allows. */
    private long partSize(long size) {
        return Math.max(settings.multipartThreshold(), (size + MAX_PARTS - 1) / MAX_PARTS);
    }

    /** Reads a part in slices, so the JDK's temporary direct buffer for a heap read stays small. */
    private static void readFully(FileChannel channel, long offset, byte[] into, int length) throws IOException {
        int done = 0;
        while (done < length) {
            ByteBuffer slice = ByteBuffer.wrap(into, done, Math.min(length - done, READ_SLICE));
            int n = channel.read(slice, offset + done);
            if (n < 0) {
                throw new ChangedException(); // shorter than when it was listed
            }
            done += n;
        }
    }

    /** Best effort: an upload left open is invisible and costs only its parts' storage until a lifecycle rule ends it. */
    private void abort(String bucket, String key, String uploadId) {
        if (uploadId == null) {
            return;
        }
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (RuntimeException ignored) {
            // the failure already reported is the one to act on
        }
    }

    /**
     * Part-sized buffers used again: fresh 16 MiB arrays cost a page fault per 4 KiB on first touch, about a
     * second of system time per GiB sent. As many are kept as the memory budget lets be in flight at once.
     */
    private static final class PartBuffers {
        private final int size;
        private final ConcurrentLinkedQueue<byte[]> spare = new ConcurrentLinkedQueue<>();

        PartBuffers(int size) {
            this.size = size;
        }

        byte[] take() {
            byte[] b = spare.poll();
            return b != null ? b : new byte[size];
        }

        void give(byte[] buffer) {
            if (buffer.length == size) {
                spare.offer(buffer);
            }
        }
    }

    /** The file is not what it was when its checksum was taken. */
    private static final class ChangedException extends RuntimeException {
        ChangedException() {
            super(CHANGED_WHILE_SENT, null, false, false);
        }
    }

    private static FileResult.Uploaded uploaded(String bucket, String key, long size, String eTag, String versionId) {
        String etag = FileId.plainETag(eTag);
        Optional<String> version = FileId.version(versionId);
        return new FileResult.Uploaded(key, size, etag, version, FileId.of(bucket, key, version, etag).value());
    }

    private static FileResult.Skipped skipped(String bucket, LocalFile f) {
        return new FileResult.Skipped(f.key(), f.size(), "unchanged: same size and checksum as s3://" + bucket + "/" + f.key());
    }

    /** Whether the object under {@code key} holds these bytes: by its ETag when that is an MD5, else by a CRC32. */
    private boolean unchanged(String bucket, String key, String etag, Supplier<String> md5,
                              Supplier<String> crc32) {
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
