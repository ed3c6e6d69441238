package dev.eventpipe.cli.console;

import dev.eventpipe.shared.receipt.Receipt;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What a list row shows of one file: a receipt's summary, kept small so a day of them fits in memory. */
record FileRow(String fileId, String bucket, String key, String status, Optional<String> reasonCode, long read, long valid,
               long rejected, List<LocalDate> eventDates, Instant receivedAt, Instant processedAt) {

    FileRow {
        Objects.requireNonNull(fileId, "fileId");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reasonCode, "reasonCode");
        eventDates = List.copyOf(eventDates);
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(processedAt, "processedAt");
    }

    static FileRow of(Receipt r) {
        return new FileRow(r.fileId(), r.source().bucket(), r.source().key(), r.status().wire(), r.reasonCode(), r.rows().read(),
                r.rows().valid(), r.rows().rejected(), r.eventDates(), r.receivedAt(), r.processedAt());
    }

    /** Upload (the S3 event time) to receipt. */
    Duration latency() {
        Duration d = Duration.between(receivedAt, processedAt);
        return d.isNegative() ? Duration.ZERO : d;
    }

    boolean quarantined() {
        return "quarantined".equals(status);
    }

    /** The event dates as one short string: one date, or the first and last with the count. */
    String eventDatesText() {
        if (eventDates.isEmpty()) {
            return "";
        }
        if (eventDates.size() == 1) {
            return eventDates.get(0).toString();
        }
        return eventDates.get(0) + " … " + eventDates.get(eventDates.size() - 1) + " (" + eventDates.size() + ")";
    }
}
