package dev.eventpipe.processor.file;

import com.fasterxml.jackson.core.JsonFactory;
import dev.eventpipe.processor.format.CsvSource;
import dev.eventpipe.processor.format.Format;
import dev.eventpipe.processor.format.JsonSources;
import dev.eventpipe.processor.format.OpenedInput;
import dev.eventpipe.processor.format.QuarantineException;
import dev.eventpipe.processor.format.RowSource;
import dev.eventpipe.processor.output.FileOutputs;
import dev.eventpipe.processor.output.Meta;
import dev.eventpipe.processor.schema.Problem;
import dev.eventpipe.processor.schema.RecordValidator;
import dev.eventpipe.processor.schema.Standardized;
import dev.eventpipe.shared.layout.FileId;
import dev.eventpipe.shared.layout.Layout;
import dev.eventpipe.shared.metrics.Metric;
import dev.eventpipe.shared.metrics.Metrics;
import dev.eventpipe.shared.notification.Notification;
import dev.eventpipe.shared.notification.S3ObjectEvent;
import dev.eventpipe.shared.receipt.Receipt;
import dev.eventpipe.shared.receipt.Receipts;
import dev.eventpipe.shared.store.ObjectInfo;
import dev.eventpipe.shared.store.ObjectStore;
import dev.eventpipe.shared.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Processes one uploaded object: read → detect → validate → convert → write, then the receipt.
 *
 * <p>Idempotent: every key it writes derives from the {@link FileId}, outputs are byte-identical when
 * the same object is processed again, and the receipt is written last with {@code If-None-Match: *}, so
 * a retry after a crash anywhere before the receipt rewrites the same objects and commits once.
 *
 * <p>A forced replay ({@link Notification.Replay}, sent by {@code eventpipe replay --force}) processes a file
 * that has a receipt again when the receipt's generation is older than the one asked for: the outputs are
 * rewritten at their deterministic keys, the new receipt replaces the old one only if the old one is still
 * there unchanged ({@code If-Match}), and then the old generation's outputs that the new one did not
 * rewrite are deleted. The new receipt lists them ({@code superseded_outputs}), so any later delivery
 * finishes a deletion a crash interrupted. Design: {@code docs/replay.md}.
 *
 * <p>Failures split in two. Content problems of the whole file are a {@link QuarantineException} and
 * end in a {@code quarantined} receipt; content problems of one row are rejected rows. Store failures
 * throw {@link StoreException} out of {@link #process}, for SQS to retry.
 */
public final class FileProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(FileProcessor.class);

    private final ObjectStore store;
    private final ProcessorSettings settings;
    private final Metrics metrics;
    private final Clock clock;
    private final JsonFactory json;

    public FileProcessor(ObjectStore store, ProcessorSettings settings, Metrics metrics, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
        this.json = JsonSources.factory(settings.limits());
    }

    /**
     * Processes an object as S3 notified it: skipped when it has a receipt.
     *
     * @throws StoreException when the store fails; nothing is committed and a retry is safe
     */
    public Outcome process(S3ObjectEvent event) {
        return process(event, Optional.empty());
    }

    /**
     * @param replay present for a forced replay: process again unless the receipt is of that generation
     *               or a later one
     * @throws StoreException when the store fails; nothing is committed and a retry is safe
     */
    public Outcome process(S3ObjectEvent event, Optional<Notification.Replay> replay) {
        if (!settings.acceptsBucket(event.bucket())) {
            metrics.add(Metric.FOREIGN_BUCKET_REFUSED, 1);
            return new Outcome.Ignored("bucket " + event.bucket() + " is not in EVENTPIPE_INPUT_BUCKETS");
        }
        if (!event.isObjectCreated()) {
            metrics.add(Metric.RECORDS_IGNORED, 1);
            return new Outcome.Ignored(event.eventName() + " is not an object creation");
        }
        if (event.isFolderMarker()) {
            metrics.add(Metric.RECORDS_IGNORED, 1);
            return new Outcome.Ignored("folder marker");
        }
        FileId fileId = FileId.of(event.bucket(), event.key(), event.versionId(), event.etag());
        try (MDC.MDCCloseable f = MDC.putCloseable("fileId", fileId.value())) {
            Optional<Committed> existing = readReceipt(fileId, replay.isPresent());
            if (existing.isPresent() && (replay.isEmpty() || existing.get().receipt().generation() >= replay.get().generation())) {
                ensureIndexed(existing.get().receipt());
                deleteSuperseded(existing.get().receipt());
                metrics.add(Metric.DUPLICATES_SKIPPED, 1);
                return new Outcome.Duplicate(fileId);
            }
            int generation = replay.map(Notification.Replay::generation).orElse(Receipt.FIRST_GENERATION);
            return new Attempt(event, fileId, clock.instant(), existing, generation).run();
        }
    }

    /** A receipt as read, with the ETag it had when read (known only when a replay may replace it). */
    private record Committed(Receipt receipt, Optional<String> etag) {
    }

    /**
     * @param forReplacement also learn the ETag, by a HEAD before the GET: a receipt replaced in between
     *                       then fails the compare-and-swap instead of being overwritten unseen
     */
    private Optional<Committed> readReceipt(FileId fileId, boolean forReplacement) {
        Optional<String> etag = Optional.empty();
        if (forReplacement) {
            Optional<ObjectInfo> info = store.head(settings.processedBucket(), Layout.receiptKey(fileId));
            if (info.isEmpty()) {
                return Optional.empty();
            }
            etag = Optional.of(info.get().etag());
        }
        Optional<String> read = etag;
        return Receipts.read(store, settings.processedBucket(), fileId).map(r -> new Committed(r, read));
    }

    /**
     * Deletes what a replayed file's previous generation wrote and this one did not; idempotent, so a
     * crash between the receipt and the deletions is repaired by the next delivery.
     */
    private void deleteSuperseded(Receipt receipt) {
        for (String key : receipt.supersededOutputs()) {
            store.delete(settings.processedBucket(), key);
        }
    }

    /** The processed-on index entry follows the receipt; a crash between the two is repaired here. */
    private void ensureIndexed(Receipt receipt) {
        if (store.head(settings.processedBucket(), indexKey(receipt)).isEmpty()) {
            index(receipt);
        }
    }

    private void index(Receipt receipt) {
        store.put(settings.processedBucket(), indexKey(receipt), Receipts.toJson(receipt), "application/json");
    }

    private static String indexKey(Receipt receipt) {
        return Layout.processedOnKey(new FileId(receipt.fileId()), receipt.processedAt().atOffset(ZoneOffset.UTC).toLocalDate());
    }

    /** One attempt at one file: the state that lives as long as the processing. */
    private final class Attempt {
        private final S3ObjectEvent event;
        private final FileId fileId;
        private final Instant started;
        private final Optional<Committed> previous;
        private final int generation;
        private String format = "";
        private long read;
        private long rejected;
        private final RejectTally rejectReasons = new RejectTally();
        private long bytesRead;

        Attempt(S3ObjectEvent event, FileId fileId, Instant started, Optional<Committed> previous, int generation) {
            this.event = event;
            this.fileId = fileId;
            this.started = started;
            this.previous = previous;
            this.generation = generation;
        }

        Outcome run() {
            if (event.size() > settings.limits().maxObjectBytes()) {
                return quarantine(new QuarantineException(QuarantineException.Reason.OBJECT_TOO_LARGE, "the object has "
                        + event.size() + " bytes, more than the limit of " + settings.limits().maxObjectBytes()), List.of());
            }
            Optional<InputStream> object = store.open(event.bucket(), event.key(), event.versionId());
            if (object.isEmpty()) {
                metrics.add(Metric.RECORDS_IGNORED, 1);
                return new Outcome.Ignored("the object (or this version of it) no longer exists");
            }
            Meta meta = new Meta(fileId, event.bucket(), event.key(), event.versionId(), event.etag(), event.eventTime(),
                    settings.pipelineVersion());
            FileOutputs outputs = new FileOutputs(store, settings.processedBucket(), meta, receivedDate(),
                    settings.schema(), settings.compression(), settings.limits().maxPartitionsPerFile());
            try (OpenedInput input = OpenedInput.open(object.get(), event.key(), Optional.empty(), settings.limits())) {
                try {
                    format = input.format().label();
                    convert(input, outputs);
                    bytesRead = input.bytesRead();
                    checkRejectRate();
                } catch (QuarantineException e) {
                    bytesRead = input.bytesRead();
                    throw e;
                }
                List<String> keys = outputs.commit();
                return commit(processedReceipt(keys, outputs.eventDates()));
            } catch (QuarantineException e) {
                List<String> kept = e.reason() == QuarantineException.Reason.REJECT_RATE ? outputs.commitRejectsOnly() : abort(outputs);
                return quarantine(e, kept);
            } catch (IOException e) {
                // Content problems became QuarantineExceptions where they arose (gzip, decoding, parsing):
                // an IOException here is the store's (StoreReadException) or the connection's.
                abort(outputs);
                throw new StoreException("GetObject", event.bucket(), event.key(), e);
            } catch (RuntimeException | Error e) {
                abort(outputs);
                throw e;
            } finally {
                try {
                    object.get().close();
                } catch (IOException ignored) {
                    // the stream is done with; a failed close changes nothing that was committed
                }
            }
        }

        private void convert(OpenedInput input, FileOutputs outputs) throws IOException {
            RecordValidator validator = new RecordValidator(settings.schema(), settings.limits().maxFieldChars());
            try (RowSource rows = rows(input, validator)) {
                int[] slots = rows instanceof CsvSource csv ? validator.bind(csv.header()) : null;
                long maxRows = settings.limits().maxRowsPerFile();
                while (rows.next()) {
                    if (++read > maxRows) {
                        throw new QuarantineException(QuarantineException.Reason.TOO_MANY_ROWS, "the file has more than "
                                + maxRows + " rows");
                    }
                    if (rows.rowError() != null) {
                        reject(outputs, rows, List.of(new Problem(null, rows.rowErrorCode(), rows.rowError())));
                        continue;
                    }
                    String[] names = rows.names();
                    Standardized s = validator.validate(names, rows.values(), slots != null ? slots : validator.bindRow(names, rows.count()),
                            rows.count());
                    if (s.isValid()) {
                        outputs.accept(s, rows.line());
                    } else {
                        reject(outputs, rows, s.problems());
                    }
                }
            }
        }

        private void reject(FileOutputs outputs, RowSource rows, List<Problem> problems) throws IOException {
            rejected++;
            rejectReasons.add(rows.line(), problems);
            outputs.reject(rows.line(), problems, rows.raw());
        }

        private RowSource rows(OpenedInput input, RecordValidator validator) throws IOException {
            Format f = input.format();
            if (f.kind() != Format.Kind.DELIMITED) {
                return JsonSources.of(f, input.content(), json, settings.limits(), input.linesSkipped());
            }
            CsvSource csv = new CsvSource(input.content(), f.delimiter(), settings.limits().maxRowChars(), input.linesSkipped());
            List<String> problems = validator.headerProblems(csv.header());
            if (!problems.isEmpty()) {
                csv.close();
                throw new QuarantineException(QuarantineException.Reason.BAD_HEADER, "header (line " + csv.headerLine()
                        + "): " + String.join("; ", problems));
            }
            return csv;
        }

        private void checkRejectRate() {
            if (read > 0 && (double) rejected / read > settings.maxRejectRate()) {
                throw new QuarantineException(QuarantineException.Reason.REJECT_RATE, String.format(java.util.Locale.ROOT,
                        "%d of %d rows rejected (%.1f%%), more than the limit of %.1f%%; see the rejects output",
                        rejected, read, 100.0 * rejected / read, 100 * settings.maxRejectRate()));
            }
        }

        private Outcome quarantine(QuarantineException e, List<String> kept) {
            Receipt receipt = receipt(Receipt.Status.QUARANTINED, Optional.of(e.reason().code()), Optional.of(e.getMessage()),
                    kept, List.of(), Math.min(read, settings.limits().maxRowsPerFile()) - rejected, rejected);
            return commit(receipt);
        }

        private Receipt processedReceipt(List<String> keys, List<LocalDate> dates) {
            return receipt(Receipt.Status.PROCESSED, Optional.empty(), Optional.empty(), keys, dates, read - rejected, rejected);
        }

        /**
         * Rows of a quarantined file are counted as far as reading got: {@code valid} then means "passed
         * validation", though nothing of a quarantined file is written to the events partitions.
         */
        private Receipt receipt(Receipt.Status status, Optional<String> code, Optional<String> reason, List<String> outputs,
                                List<LocalDate> dates, long valid, long rejectedRows) {
            Instant now = clock.instant();
            return new Receipt(Receipt.SCHEMA_VERSION, fileId.value(),
                    new Receipt.Source(event.bucket(), event.key(), event.versionId(), event.etag(), event.size()),
                    status, code, reason, format, settings.schema().label(),
                    new Receipt.Rows(valid + rejectedRows, valid, rejectedRows), outputs, dates,
                    event.eventTime(), now, Duration.between(started, now).toMillis(), bytesRead, settings.pipelineVersion(),
                    rejectReasons.reasons(), generation, superseded(outputs));
        }

        /**
         * What the previous generation wrote (or had still to delete) that this one did not rewrite. The
         * previous generation's leftovers are carried on, so a crash never leaves one behind for good.
         */
        private List<String> superseded(List<String> written) {
            if (previous.isEmpty()) {
                return List.of();
            }
            Set<String> old = new LinkedHashSet<>(previous.get().receipt().outputs());
            old.addAll(previous.get().receipt().supersededOutputs());
            old.removeAll(written);
            return List.copyOf(old);
        }

        private Outcome commit(Receipt receipt) {
            String key = Layout.receiptKey(fileId);
            byte[] json = Receipts.toJson(receipt);
            boolean committed = previous.isEmpty()
                    ? store.putIfAbsent(settings.processedBucket(), key, json, "application/json")
                    : store.putIfMatch(settings.processedBucket(), key, json, "application/json",
                            previous.get().etag().orElseThrow());
            if (!committed) {
                Optional<Committed> winner = readReceipt(fileId, false);
                if (winner.isEmpty() || winner.get().receipt().generation() < generation) {
                    // A replay of another generation replaced the receipt while this one ran: start again.
                    throw new StoreException("PutObject(If-Match)", settings.processedBucket(), key,
                            new IOException("the receipt changed while generation " + generation + " was being written"));
                }
                // Another delivery of the same file (and generation) committed first; its outputs are the same as ours.
                // Or this very write did, and its answer was lost (a connection reset after S3 stored it, then a
                // retried PUT that got 412): either way the index entry may not exist yet, and no other delivery
                // is left to repair it.
                ensureIndexed(winner.get().receipt());
                deleteSuperseded(winner.get().receipt());
                metrics.add(Metric.DUPLICATES_SKIPPED, 1);
                return new Outcome.Duplicate(fileId);
            }
            index(receipt); // fresh receipt (or generation): its entry is new, or an older generation's to replace
            deleteSuperseded(receipt);
            metrics.add(Metric.BYTES_READ, receipt.bytesRead());
            if (receipt.status() == Receipt.Status.PROCESSED) {
                metrics.add(Metric.RECORDS_VALID, receipt.rows().valid());
            }
            metrics.add(Metric.RECORDS_REJECTED, receipt.rows().rejected());
            metrics.add(Metric.PROCESSING_LATENCY, Math.max(0, Duration.between(event.eventTime(), receipt.processedAt()).toMillis()));
            if (receipt.status() == Receipt.Status.PROCESSED) {
                metrics.add(Metric.FILES_PROCESSED, 1);
                return new Outcome.Processed(receipt);
            }
            metrics.add(Metric.FILES_QUARANTINED, 1);
            return new Outcome.Quarantined(receipt);
        }

        /** The date rejects are filed under: when the file arrived, which a retry cannot change. */
        private LocalDate receivedDate() {
            return event.eventTime().atOffset(ZoneOffset.UTC).toLocalDate();
        }

        private List<String> abort(FileOutputs outputs) {
            try {
                outputs.abort();
            } catch (RuntimeException e) {
                LOG.warn("could not abort partial outputs; the bucket's lifecycle rule removes incomplete uploads", e);
            }
            return List.of();
        }
    }

}
