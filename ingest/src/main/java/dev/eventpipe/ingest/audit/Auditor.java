package dev.eventpipe.ingest.audit;

import dev.eventpipe.ingest.ObjectRef;
import dev.eventpipe.ingest.Progress;
import dev.eventpipe.ingest.dlq.DeadLetterQueue;
import dev.eventpipe.ingest.dlq.PeekedMessage;
import dev.eventpipe.ingest.dlq.QueueDepth;
import dev.eventpipe.ingest.receipt.ReceiptLookup;
import dev.eventpipe.shared.layout.FileId;
import dev.eventpipe.shared.audit.AuditResult;
import dev.eventpipe.shared.audit.Reconciliation;
import dev.eventpipe.shared.audit.Upload;
import dev.eventpipe.shared.receipt.Receipt;
import dev.eventpipe.shared.rollup.Covered;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Reconciles the objects created in the input bucket in a window with what became of them:
 *
 * <ol>
 *   <li>one listing of the input bucket (of its versions when it is versioned: every version is an upload);</li>
 *   <li>one listing of the processing-date index per day from the window's first day to today (a receipt is
 *       indexed under the UTC date it was written, never before the upload), which tells which files have a
 *       receipt without a request per file, and of that day's roll-ups (written hourly by the reporter), which
 *       say each covered entry's status, quarantine reason and generation; only the entries no roll-up covers
 *       yet (the last hour's, or rewritten since) are read, in parallel;</li>
 *   <li>the files queue's depth, and the DLQ peeked whole without consuming it (each message made visible
 *       again at once; each peek counts as a receive of a DLQ message, which has no redrive of its own).</li>
 * </ol>
 *
 * <p>The files queue itself is never received from: that would count toward its messages'
 * {@code maxReceiveCount} and could push them into the DLQ.
 */
public final class Auditor {

    private final S3Client s3;
    private final ReceiptLookup receipts;
    private final DeadLetterQueue dlq;
    private final String queueUrl;
    private final String dlqUrl;
    private final Clock clock;
    private final ExecutorService reads;

    /**
     * @param dlq   peeks the DLQ; build it with {@code ReceiptSource.NONE}, the audit matches receipts itself
     * @param reads runs the reads of index entries; its size is the number of concurrent GETs
     */
    public Auditor(S3Client s3, ReceiptLookup receipts, DeadLetterQueue dlq, String queueUrl, String dlqUrl, Clock clock,
                   ExecutorService reads) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.receipts = Objects.requireNonNull(receipts, "receipts");
        this.dlq = Objects.requireNonNull(dlq, "dlq");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
        this.dlqUrl = Objects.requireNonNull(dlqUrl, "dlqUrl");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.reads = Objects.requireNonNull(reads, "reads");
    }

    /** What to audit: objects under {@code prefix} created at or after {@code since} and before {@code until}. */
    public record Request(String bucket, String prefix, Instant since, Instant until) {
        public Request {
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(since, "since");
            Objects.requireNonNull(until, "until");
            if (!since.isBefore(until)) {
                throw new IllegalArgumentException("--since must be before --until");
            }
        }

        /** The UTC day {@code date}. */
        public static Request day(String bucket, String prefix, LocalDate date) {
            return new Request(bucket, prefix, date.atStartOfDay(ZoneOffset.UTC).toInstant(),
                    date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        }
    }

    public AuditResult audit(Request request, Progress progress) throws InterruptedException {
        List<Upload> uploads = list(request);
        progress.total(uploads.size(), 0);
        Map<String, Entries> indexed = indexDays(request, uploads);
        Map<String, Reconciliation.Indexed> found = read(indexed, progress);
        QueueDepth queue = dlq.depth(queueUrl);
        QueueDepth dead = dlq.depth(dlqUrl);
        List<Reconciliation.DlqMessage> messages = new ArrayList<>();
        if (dead.total() > 0) {
            for (PeekedMessage m : dlq.peek((int) Math.min(Integer.MAX_VALUE, dead.total()))) {
                messages.add(new Reconciliation.DlqMessage(m.messageId(), m.objects().stream().map(ObjectRef::fileId).toList()));
            }
        }
        return Reconciliation.reconcile(request.bucket(), request.prefix(), request.since(), request.until(), uploads, found,
                messages, new AuditResult.Queue(queue.visible(), queue.inFlight(), queue.delayed()));
    }

    /** Every object version created in the window, folder markers and delete markers left out. */
    List<Upload> list(Request r) {
        BucketVersioningStatus versioning = s3.getBucketVersioning(b -> b.bucket(r.bucket())).status();
        List<Upload> out = new ArrayList<>();
        if (versioning == BucketVersioningStatus.ENABLED || versioning == BucketVersioningStatus.SUSPENDED) {
            for (ObjectVersion v : s3.listObjectVersionsPaginator(b -> b.bucket(r.bucket()).prefix(r.prefix())).versions()) {
                add(out, r, Upload.of(r.bucket(), v.key(), FileId.version(v.versionId()), FileId.plainETag(v.eTag()), v.size(),
                        v.lastModified()));
            }
        } else {
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(r.bucket()).prefix(r.prefix())).contents()) {
                add(out, r, Upload.of(r.bucket(), o.key(), Optional.empty(), FileId.plainETag(o.eTag()), o.size(),
                        o.lastModified()));
            }
        }
        return out;
    }

    private static void add(List<Upload> out, Request r, Upload u) {
        boolean folder = u.key().endsWith("/") && u.size() == 0;
        if (!folder && !u.lastModified().isBefore(r.since()) && u.lastModified().isBefore(r.until())) {
            out.add(u);
        }
    }

    /** Where a file is indexed: the processing dates, oldest first, and what the newest entry's roll-up says. */
    private static final class Entries {
        final List<LocalDate> days = new ArrayList<>(1);
        Optional<Covered.Outcome> newest = Optional.empty();
    }

    /** File id → its index entries, for the window's files only. */
    private Map<String, Entries> indexDays(Request r, List<Upload> uploads) {
        Map<String, Entries> entries = new HashMap<>();
        if (uploads.isEmpty()) {
            return entries;
        }
        uploads.forEach(u -> entries.put(u.fileId(), new Entries()));
        LocalDate first = r.since().atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate today = clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
        // One listing per day, empty days included: a file may be processed (or replayed) any day after its upload.
        for (LocalDate d = first; !d.isAfter(today); d = d.plusDays(1)) {
            for (Map.Entry<String, Optional<Covered.Outcome>> e : receipts.indexEntries(d).entrySet()) {
                Entries on = entries.get(e.getKey());
                if (on != null) {
                    on.days.add(d);
                    on.newest = e.getValue();
                }
            }
        }
        entries.values().removeIf(e -> e.days.isEmpty());
        return entries;
    }

    /**
     * What the newest index entry of each file says: from its day's roll-up when one covers it, else read (in
     * parallel).
     */
    private Map<String, Reconciliation.Indexed> read(Map<String, Entries> indexed, Progress progress)
            throws InterruptedException {
        Map<String, Reconciliation.Indexed> out = new HashMap<>();
        Map<String, Future<Optional<Receipt>>> pending = new HashMap<>();
        indexed.forEach((id, e) -> {
            if (e.newest.isPresent()) {
                Covered.Outcome o = e.newest.get();
                out.put(id, new Reconciliation.Indexed(o.status(), Optional.ofNullable(o.reason()), o.generation(), e.days));
                progress.addItems(1);
            } else {
                pending.put(id, reads.submit(() -> {
                    Optional<Receipt> r = receipts.indexed(new FileId(id), e.days.get(e.days.size() - 1));
                    progress.addItems(1);
                    return r;
                }));
            }
        });
        try {
            for (Map.Entry<String, Future<Optional<Receipt>>> e : pending.entrySet()) {
                Optional<Receipt> r = e.getValue().get();
                // Gone since the listing (deleted by hand): the file is not accounted for, say so.
                r.ifPresent(receipt -> out.put(e.getKey(), new Reconciliation.Indexed(receipt.status().wire(),
                        receipt.reasonCode(), receipt.generation(), indexed.get(e.getKey()).days)));
            }
        } catch (ExecutionException e) {
            pending.values().forEach(f -> f.cancel(true));
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("reading the index failed", e.getCause());
        }
        return out;
    }
}
