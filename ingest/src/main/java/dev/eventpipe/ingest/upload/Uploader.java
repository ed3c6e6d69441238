package dev.eventpipe.ingest.upload;

import dev.eventpipe.shared.layout.FileId;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
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
 * Uploads local files to a bucket with the S3 Transfer Manager, skipping what is already there unchanged.
 *
 * <p><b>Plan.</b> One listing of the destination prefix gives every existing key's size and ETag. A file
 * whose key is absent or whose size differs is sent. For the same size the content decides: the file's MD5
 * against the ETag (which is the MD5 of a single-part object without SSE-KMS), else the CRC32 S3 stored
 * (a HEAD with checksum mode) or the one this tool wrote into the object's metadata. So a second run of
 * the same command sends only what the first did not finish.
 *
 * <p><b>Send.</b> At most {@code concurrency} files at once, each through the Transfer Manager (multipart
 * above the client's threshold). The SDK sends a CRC32 of what it reads (per part for multipart), which S3
 * verifies, so a corrupted transfer is refused. The whole file's CRC32, computed from disk when planning,
 * is compared with the one S3 stored for a single-part upload (a file that changed while it was uploaded
 * is reported as failed) and kept as metadata {@value #CRC32_METADATA} for the next plan. The
 * SDK retries throttling and 5xx with backoff (the standard retry mode of {@code AwsClients}).
 */
public final class Uploader {

    /** User metadata holding the whole file's CRC32 (Base64), whatever the upload's part layout. */
    public static final String CRC32_METADATA = "eventpipe-crc32";

    private final S3Client s3;
    private final S3TransferManager transfers;
    private final int concurrency;
    private final Clock clock;

    /**
     * @param s3                 for the listing and HEADs of the plan
     * @param transfers          for the uploads; built on an asynchronous S3 client with multipart enabled
     * @param concurrency        files in flight at most
     */
    public Uploader(S3Client s3, S3TransferManager transfers, int concurrency, Clock clock) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
        }
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.transfers = Objects.requireNonNull(transfers, "transfers");
        this.concurrency = concurrency;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** One file of a plan: sent with this CRC32, or skipped. */
    public record Item(LocalFile file, Optional<String> crc32, Optional<String> skipBecause) {
        public Item {
            Objects.requireNonNull(file, "file");
            if (crc32.isPresent() == skipBecause.isPresent()) {
                throw new IllegalArgumentException("an item is either sent (with its checksum) or skipped (with a reason)");
            }
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
     * Decides, per file, whether to send it; reads every file to be sent once, for its CRC32.
     *
     * @param prefix the common prefix of the keys: the one listing
     */
    public Plan plan(String bucket, String prefix, List<LocalFile> files) {
        Instant started = clock.instant();
        Map<String, S3Object> existing = new HashMap<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
            existing.put(o.key(), o);
        }
        List<Item> items = new ArrayList<>(files.size());
        for (LocalFile f : files) {
            S3Object there = existing.get(f.key());
            if (there != null && there.size() == f.size() && unchanged(bucket, f, FileId.plainETag(there.eTag()))) {
                items.add(new Item(f, Optional.empty(), Optional.of("unchanged: same size and checksum as s3://" + bucket + "/"
                        + f.key())));
            } else {
                items.add(new Item(f, Optional.of(Checksums.crc32(f.path())), Optional.empty()));
            }
        }
        return new Plan(bucket, items, started);
    }

    private boolean unchanged(String bucket, LocalFile f, String etag) {
        if (!etag.contains("-") && etag.equalsIgnoreCase(Checksums.md5Hex(f.path()))) {
            return true;
        }
        // Multipart (ETag "md5-of-md5s-N") or SSE-KMS (ETag not an MD5): ask for the CRC32 S3 or we stored.
        HeadObjectResponse head;
        try {
            head = s3.headObject(b -> b.bucket(bucket).key(f.key()).checksumMode(ChecksumMode.ENABLED));
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
        String crc = Checksums.crc32(f.path());
        String stored = head.metadata().get(CRC32_METADATA);
        String full = head.checksumCRC32() != null && !head.checksumCRC32().contains("-") ? head.checksumCRC32() : null;
        return crc.equals(stored) || crc.equals(full);
    }

    /** Sends what the plan says, at most {@code concurrency} files at once; waits for all of them. */
    public UploadSummary send(Plan plan, UploadListener listener) {
        long bytesToSend = plan.items().stream().filter(i -> i.crc32().isPresent()).mapToLong(i -> i.file().size()).sum();
        int toSend = (int) plan.items().stream().filter(i -> i.crc32().isPresent()).count();
        listener.planned(toSend, bytesToSend, plan.items().size() - toSend);
        Map<String, FileResult> results = new ConcurrentHashMap<>();
        Semaphore slots = new Semaphore(concurrency);
        for (Item item : plan.items()) {
            if (item.skipBecause().isPresent()) {
                FileResult skipped = new FileResult.Skipped(item.file().key(), item.file().size(), item.skipBecause().get());
                results.put(item.file().key(), skipped);
                listener.finished(skipped);
                continue;
            }
            slots.acquireUninterruptibly();
            try {
                start(plan.bucket(), item, listener).whenComplete((result, e) -> {
                    FileResult r = e == null ? result : new FileResult.Failed(item.file().key(), reason(e));
                    results.put(item.file().key(), r);
                    slots.release();
                    listener.finished(r);
                });
            } catch (RuntimeException e) {
                slots.release();
                FileResult failed = new FileResult.Failed(item.file().key(), reason(e));
                results.put(item.file().key(), failed);
                listener.finished(failed);
            }
        }
        slots.acquireUninterruptibly(concurrency); // every upload has finished
        slots.release(concurrency);
        List<FileResult> ordered = plan.items().stream().map(i -> results.get(i.file().key())).toList();
        return new UploadSummary(plan.bucket(), ordered, Duration.between(plan.started(), clock.instant()));
    }

    private java.util.concurrent.CompletableFuture<FileResult> start(String bucket, Item item, UploadListener listener) {
        LocalFile f = item.file();
        String crc = item.crc32().orElseThrow();
        PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(bucket).key(f.key())
                .metadata(Map.of(CRC32_METADATA, crc));
        // The SDK computes the CRC32 of what it sends (each part's, for multipart) and S3 verifies it on arrival.
        // A precomputed value (checksumCRC32) would be better still, but the asynchronous client does not
        // pass it on (tested against the local S3): the plan's CRC32 is compared with the one S3 stored instead.
        put.checksumAlgorithm(ChecksumAlgorithm.CRC32);
        AtomicLong reported = new AtomicLong();
        UploadFileRequest request = UploadFileRequest.builder().source(f.path()).putObjectRequest(put.build())
                .addTransferListener(new TransferListener() {
                    @Override
                    public void bytesTransferred(Context.BytesTransferred context) {
                        long now = context.progressSnapshot().transferredBytes();
                        long before = reported.getAndSet(now);
                        if (now > before) {
                            listener.bytesSent(now - before);
                        }
                    }
                }).build();
        return transfers.uploadFile(request).completionFuture().thenApply(done -> {
            PutObjectResponse r = done.response();
            if (r.checksumCRC32() != null && !r.checksumCRC32().contains("-") && !r.checksumCRC32().equals(crc)) {
                return new FileResult.Failed(f.key(), "checksum mismatch: the file changed while it was uploaded (S3 stored "
                        + "CRC32 " + r.checksumCRC32() + ", the file had " + crc + " when read first); upload it again");
            }
            String etag = FileId.plainETag(r.eTag());
            Optional<String> version = FileId.version(r.versionId());
            return new FileResult.Uploaded(f.key(), f.size(), etag, version,
                    FileId.of(bucket, f.key(), version, etag).value());
        });
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
            return checksum ? "checksum mismatch (did the file change while it was uploaded?) - " + text : text;
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
