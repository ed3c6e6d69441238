package dev.eventpipe.ingest;

import dev.eventpipe.shared.layout.FileId;
import dev.eventpipe.shared.notification.S3ObjectEvent;
import dev.eventpipe.shared.receipt.Receipt;
import java.util.Objects;
import java.util.Optional;

/**
 * An object a queue message is about, with its receipt's status if it has one.
 *
 * @param receiptStatus {@code processed}, {@code quarantined} (with the reason code), or {@code none}
 */
public record ObjectRef(String bucket, String key, Optional<String> versionId, String fileId, String receiptStatus) {

    public ObjectRef {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(versionId, "versionId");
        Objects.requireNonNull(fileId, "fileId");
        Objects.requireNonNull(receiptStatus, "receiptStatus");
    }

    public static ObjectRef of(S3ObjectEvent e, ReceiptSource receipts) {
        FileId id = FileId.of(e.bucket(), e.key(), e.versionId(), e.etag());
        return new ObjectRef(e.bucket(), e.key(), e.versionId(), id.value(), receipts.find(id).map(ObjectRef::describe)
                .orElse("none"));
    }

    static String describe(Receipt r) {
        String status = r.status().wire();
        return r.reasonCode().map(code -> status + " (" + code + ")").orElse(status);
    }
}
