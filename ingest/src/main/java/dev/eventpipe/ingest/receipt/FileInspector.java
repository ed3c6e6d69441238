package dev.eventpipe.ingest.receipt;

import dev.eventpipe.ingest.ObjectRef;
import dev.eventpipe.ingest.dlq.DeadLetterQueue;
import dev.eventpipe.ingest.dlq.PeekedMessage;
import dev.eventpipe.ingest.dlq.QueueDepth;
import dev.eventpipe.shared.layout.FileId;
import dev.eventpipe.shared.receipt.Receipt;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Answers "what happened to my file?": HEADs the object for the version or ETag its file id needs, reads
 * the receipt and the first rejected rows, and without a receipt looks for a message about it in the DLQ
 * (peeked, nothing consumed) and at the files queue's depth (counted, never received from: a receive
 * there would count toward its {@code maxReceiveCount}).
 */
public final class FileInspector {

    private final S3Client s3;
    private final ReceiptLookup receipts;
    private final Supplier<Optional<DeadLetterQueue>> queues;
    private final Optional<String> queueUrl;
    private final int dlqScan;

    /**
     * @param queues   the DLQ to search and the files queue to count, when configured
     * @param queueUrl the files queue
     * @param dlqScan  at most this many DLQ messages looked at
     */
    public FileInspector(S3Client s3, ReceiptLookup receipts, Optional<DeadLetterQueue> queues, Optional<String> queueUrl,
                         int dlqScan) {
        this(s3, receipts, constant(Objects.requireNonNull(queues, "queues")), queueUrl, dlqScan);
    }

    /**
     * As the other constructor, with the queues made on demand: asked for only when the file has no receipt, so a
     * command that finds one never builds an SQS client (about 50 ms of {@code eventpipe receipt}'s start).
     */
    public FileInspector(S3Client s3, ReceiptLookup receipts, Supplier<Optional<DeadLetterQueue>> queues,
                         Optional<String> queueUrl, int dlqScan) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.receipts = Objects.requireNonNull(receipts, "receipts");
        this.queues = Objects.requireNonNull(queues, "queues");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
        this.dlqScan = dlqScan;
    }

    public FileReport inspect(String bucket, String key, Optional<String> versionId, int maxRejects) {
        HeadObjectResponse head;
        try {
            head = s3.headObject(b -> {
                b.bucket(bucket).key(key);
                versionId.ifPresent(b::versionId);
            });
        } catch (NoSuchKeyException e) {
            return missing(bucket, key, versionId);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return missing(bucket, key, versionId);
            }
            throw e;
        }
        String etag = FileId.plainETag(head.eTag());
        Optional<String> version = FileId.version(head.versionId());
        FileId id = FileId.of(bucket, key, version, etag);
        Optional<Receipt> receipt = receipts.find(id);
        if (receipt.isPresent()) {
            Receipt r = receipt.get();
            FileReport.State state = r.status() == Receipt.Status.PROCESSED ? FileReport.State.PROCESSED
                    : FileReport.State.QUARANTINED;
            String explanation = state == FileReport.State.PROCESSED
                    ? r.rows().valid() + " valid and " + r.rows().rejected() + " rejected row(s), processed at " + r.processedAt()
                    : "quarantined (" + r.reasonCode().orElse("?") + "): " + r.reason().orElse("");
            return new FileReport(bucket, key, version, Optional.of(etag), state, Optional.of(id.value()), receipt,
                    receipts.firstRejects(r, maxRejects), List.of(), explanation);
        }
        Optional<DeadLetterQueue> queues = this.queues.get();
        List<String> inDlq = queues.map(q -> q.peek(dlqScan).stream()
                .filter(m -> m.objects().stream().map(ObjectRef::fileId).anyMatch(id.value()::equals))
                .map(PeekedMessage::messageId).toList()).orElse(List.of());
        if (!inDlq.isEmpty()) {
            return new FileReport(bucket, key, version, Optional.of(etag), FileReport.State.IN_DLQ, Optional.of(id.value()),
                    Optional.empty(), List.of(), inDlq, "no receipt; its notification is in the dead-letter queue "
                    + "(processing failed maxReceiveCount times): see 'eventpipe dlq peek', then 'eventpipe dlq redrive'");
        }
        Optional<QueueDepth> depth = queues.flatMap(q -> queueUrl.map(q::depth));
        if (depth.isPresent() && depth.get().total() > 0) {
            return new FileReport(bucket, key, version, Optional.of(etag), FileReport.State.PENDING, Optional.of(id.value()),
                    Optional.empty(), List.of(), List.of(), "no receipt yet; the files queue holds " + depth.get().visible()
                    + " message(s) waiting and " + depth.get().inFlight() + " in flight: it is probably among them");
        }
        String where = queues.isEmpty() ? "no queue URLs given, so the queues were not searched"
                : "no message about it in the DLQ (first " + dlqScan + " looked at) and the files queue is empty";
        return new FileReport(bucket, key, version, Optional.of(etag), FileReport.State.UNKNOWN, Optional.of(id.value()),
                Optional.empty(), List.of(), List.of(), "no receipt; " + where + ". Was it uploaded under the notification's "
                + "prefix/suffix? 'eventpipe replay --bucket " + bucket + " --prefix " + key + "' sends its notification again");
    }

    private static Supplier<Optional<DeadLetterQueue>> constant(Optional<DeadLetterQueue> queues) {
        return () -> queues;
    }

    private static FileReport missing(String bucket, String key, Optional<String> versionId) {
        return new FileReport(bucket, key, versionId, Optional.empty(), FileReport.State.NO_SUCH_OBJECT, Optional.empty(),
                Optional.empty(), List.of(), List.of(), "s3://" + bucket + "/" + key
                + versionId.map(v -> " (version " + v + ")").orElse("") + " does not exist");
    }
}
