package dev.eventpipe.ingest.audit;

import dev.eventpipe.ingest.ObjectRef;
import dev.eventpipe.ingest.Progress;
import dev.eventpipe.ingest.dlq.DeadLetterQueue;
import dev.eventpipe.ingest.dlq.PeekedMessage;
import dev.eventpipe.ingest.dlq.QueueDepth;
import dev.eventpipe.shared.audit.AuditResult;
import dev.eventpipe.shared.audit.IndexedReceipts;
import dev.eventpipe.shared.audit.Reconciliation;
import dev.eventpipe.shared.audit.Upload;
import dev.eventpipe.shared.audit.UploadListing;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Reconciles the objects created in the input bucket in a window with what became of them:
 *
 * <ol>
 *   <li>one listing of the input bucket ({@link UploadListing});</li>
 *   <li>the processing-date index from the window's first day to today, through its listings and roll-ups
 *       ({@link IndexedReceipts}): a request per file only for entries no roll-up covers yet;</li>
 *   <li>the files queue's depth, and the DLQ peeked whole without consuming it (each message made visible
 *       again at once; each peek counts as a receive of a DLQ message, which has no redrive of its own).</li>
 * </ol>
 *
 * <p>The files queue itself is never received from: that would count toward its messages'
 * {@code maxReceiveCount} and could push them into the DLQ.
 */
public final class Auditor {

    private final UploadListing uploadListing;
    private final IndexedReceipts index;
    private final DeadLetterQueue dlq;
    private final String queueUrl;
    private final String dlqUrl;
    private final Clock clock;

    /**
     * @param s3    lists the input bucket
     * @param index the processed bucket's processing-date index
     * @param dlq   peeks the DLQ; build it with {@code ReceiptSource.NONE}, the audit matches receipts itself
     */
    public Auditor(S3Client s3, IndexedReceipts index, DeadLetterQueue dlq, String queueUrl, String dlqUrl, Clock clock) {
        this.uploadListing = new UploadListing(s3);
        this.index = Objects.requireNonNull(index, "index");
        this.dlq = Objects.requireNonNull(dlq, "dlq");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
        this.dlqUrl = Objects.requireNonNull(dlqUrl, "dlqUrl");
        this.clock = Objects.requireNonNull(clock, "clock");
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
        List<Upload> uploads = uploadListing.created(request.bucket(), request.prefix(), request.since(), request.until());
        progress.total(uploads.size(), 0);
        Map<String, Reconciliation.Indexed> found = index.find(uploads.stream().map(Upload::fileId).toList(),
                request.since().atZone(ZoneOffset.UTC).toLocalDate(), clock.instant().atZone(ZoneOffset.UTC).toLocalDate(),
                () -> progress.addItems(1));
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
}
