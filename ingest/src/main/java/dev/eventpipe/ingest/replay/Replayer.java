package dev.eventpipe.ingest.replay;

import dev.eventpipe.ingest.Progress;
import dev.eventpipe.ingest.ReceiptSource;
import dev.eventpipe.ingest.dlq.DeadLetterQueue;
import dev.eventpipe.shared.layout.FileId;
import dev.eventpipe.shared.notification.S3EventMessages;
import dev.eventpipe.shared.receipt.Receipt;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Sends the files queue the notifications S3 would send for objects already in the bucket.
 *
 * <p>Each message is the JSON S3 sends ({@link S3EventMessages}), one record per message, with the
 * object's key, size, ETag and — in a versioned bucket — version id, so the processor derives the same
 * file id as for the original upload. A file with a receipt is skipped (replaying is idempotent), unless
 * {@code force}: then the message carries the replay mark with the receipt's next generation, and its
 * event time is the receipt's {@code received_at}, so the new outputs are filed under the same dates
 * and carry the same ingestion time as the first ones. Design: {@code docs/replay.md}.
 */
public final class Replayer {

    /** The {@code configurationId} of replayed records, so they can be told from S3's own in logs. */
    public static final String CONFIGURATION_ID = "eventpipe-replay";

    private final S3Client s3;
    private final SqsClient sqs;
    private final ReceiptSource receipts;
    private final String region;
    private final Clock clock;
    private final DeadLetterQueue.Sleeper sleeper;

    public Replayer(S3Client s3, SqsClient sqs, ReceiptSource receipts, String region, Clock clock,
                    DeadLetterQueue.Sleeper sleeper) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.receipts = Objects.requireNonNull(receipts, "receipts");
        this.region = Objects.requireNonNull(region, "region");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /**
     * What to replay.
     *
     * @param since        objects modified at or after this, if given
     * @param until        objects modified before this, if given
     * @param maxPerSecond notifications a second at most (0: no limit)
     */
    public record Request(String bucket, String prefix, Optional<Instant> since, Optional<Instant> until, boolean force,
                          boolean dryRun, String queueUrl, int maxPerSecond) {
        public Request {
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(since, "since");
            Objects.requireNonNull(until, "until");
            Objects.requireNonNull(queueUrl, "queueUrl");
            if (since.isPresent() && until.isPresent() && !since.get().isBefore(until.get())) {
                throw new IllegalArgumentException("--since must be before --until");
            }
        }
    }

    /** One listed object: the latest version. */
    record Listed(String key, long size, String etag, Optional<String> versionId, Instant lastModified) {
    }

    public ReplayResult replay(Request request, Progress progress) throws InterruptedException {
        List<Listed> objects = list(request);
        progress.total(objects.size(), 0);
        List<ReplayResult.Item> items = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        List<String[]> batch = new ArrayList<>(); // key, body
        long sent = 0;
        long skipped = 0;
        Instant windowStart = clock.instant();
        long inWindow = 0;
        for (Listed o : objects) {
            FileId id = FileId.of(request.bucket(), o.key(), o.versionId(), o.etag());
            Optional<Receipt> receipt = receipts.find(id);
            ReplayResult.Item item;
            String body;
            if (receipt.isEmpty()) {
                item = new ReplayResult.Item(o.key(), id.value(), "send", Receipt.FIRST_GENERATION, "no receipt");
                body = S3EventMessages.message(List.of(record(request.bucket(), o, o.lastModified())));
            } else if (!request.force()) {
                item = new ReplayResult.Item(o.key(), id.value(), "skip", receipt.get().generation(),
                        "has a " + receipt.get().status().wire() + " receipt");
                body = null;
            } else {
                int next = receipt.get().generation() + 1;
                item = new ReplayResult.Item(o.key(), id.value(), "force", next, "replaces generation "
                        + receipt.get().generation() + " (" + receipt.get().status().wire() + ")");
                body = S3EventMessages.forcedReplay(List.of(record(request.bucket(), o, receipt.get().receivedAt())), next);
            }
            items.add(item);
            if (body == null) {
                skipped++;
                progress.addItems(1);
            } else if (!request.dryRun()) {
                batch.add(new String[] {o.key(), body});
                if (batch.size() == 10) {
                    sent += send(request.queueUrl(), batch, failed, progress);
                    inWindow += 10;
                }
            } else {
                progress.addItems(1);
            }
            if (request.maxPerSecond() > 0 && inWindow >= request.maxPerSecond()) {
                Duration spent = Duration.between(windowStart, clock.instant());
                if (spent.compareTo(Duration.ofSeconds(1)) < 0) {
                    sleeper.sleep(Duration.ofSeconds(1).minus(spent));
                }
                windowStart = clock.instant();
                inWindow = 0;
            }
            progress.tick();
        }
        if (!batch.isEmpty()) {
            sent += send(request.queueUrl(), batch, failed, progress);
        }
        return new ReplayResult(request.dryRun(), request.force(), objects.size(), sent, skipped, failed, items);
    }

    private long send(String queueUrl, List<String[]> batch, List<String> failed, Progress progress) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            entries.add(SendMessageBatchRequestEntry.builder().id("r" + i).messageBody(batch.get(i)[1]).build());
        }
        SendMessageBatchResponse r = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
        r.failed().forEach(f -> failed.add(batch.get(Integer.parseInt(f.id().substring(1)))[0] + ": " + f.code() + " "
                + f.message()));
        progress.addItems(batch.size());
        batch.clear();
        return r.successful().size();
    }

    private String record(String bucket, Listed o, Instant eventTime) {
        String sequencer = HexFormat.of().withUpperCase().toHexDigits(o.lastModified().toEpochMilli());
        return S3EventMessages.record(new S3EventMessages.ObjectRecord("ObjectCreated:Put", bucket, o.key(), o.size(),
                o.etag(), o.versionId(), sequencer, eventTime), region, CONFIGURATION_ID);
    }

    /** The latest version of every object under the prefix, in the time window, folder markers left out. */
    List<Listed> list(Request r) {
        BucketVersioningStatus versioning = s3.getBucketVersioning(b -> b.bucket(r.bucket())).status();
        List<Listed> out = new ArrayList<>();
        if (versioning == BucketVersioningStatus.ENABLED || versioning == BucketVersioningStatus.SUSPENDED) {
            for (ObjectVersion v : s3.listObjectVersionsPaginator(b -> b.bucket(r.bucket()).prefix(r.prefix())).versions()) {
                if (Boolean.TRUE.equals(v.isLatest())) {
                    Optional<String> version = FileId.version(v.versionId());
                    add(out, r, new Listed(v.key(), v.size(), FileId.plainETag(v.eTag()), version, v.lastModified()));
                }
            }
        } else {
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(r.bucket()).prefix(r.prefix())).contents()) {
                add(out, r, new Listed(o.key(), o.size(), FileId.plainETag(o.eTag()), Optional.empty(), o.lastModified()));
            }
        }
        return out;
    }

    private static void add(List<Listed> out, Request r, Listed o) {
        boolean folder = o.key().endsWith("/") && o.size() == 0;
        boolean inWindow = r.since().map(s -> !o.lastModified().isBefore(s)).orElse(true)
                && r.until().map(u -> o.lastModified().isBefore(u)).orElse(true);
        if (!folder && inWindow) {
            out.add(o);
        }
    }
}
