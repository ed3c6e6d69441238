package dev.eventpipe.shared.receipt;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What happened to one uploaded file: written last, with {@code If-None-Match: *}, as the commit point of
 * its processing. Its JSON form (snake_case) is documented in {@code docs/storage.md}; the field names
 * are a contract with the reporter and operators' tools.
 *
 * @param schemaVersion   version of this document's shape
 * @param fileId          see {@code FileId}
 * @param source          the object that was read
 * @param status          processed or quarantined
 * @param reasonCode      quarantined only: a stable, machine-readable code
 * @param reason          quarantined only: what was wrong, for a person
 * @param format          the detected format, e.g. {@code csv}, {@code jsonl+gzip}; empty if undetected
 * @param schema          name and version of the record schema applied
 * @param rows            counts of rows read, valid and rejected
 * @param outputs         every key written for this file (events, rejects, manifests)
 * @param eventDates      the UTC dates the valid records fell on
 * @param receivedAt      the S3 event time of the upload
 * @param processedAt     when processing finished
 * @param durationMs      how long processing took
 * @param bytesRead       bytes read from the store (compressed size for gzip)
 * @param pipelineVersion the version of eventpipe that processed it
 * @param rejectReasons   rejected rows by problem code, with the first lines as examples; empty when none
 *                        (and when read from a receipt written before the field existed)
 * @param generation      1 for the first processing; a forced replay ({@code eventpipe replay --force})
 *                        writes the next one, replacing this receipt (absent in receipts written before
 *                        replays existed, which are generation 1)
 * @param supersededOutputs outputs of the previous generation that this one did not rewrite: deleted after
 *                        this receipt is committed, and again by any later delivery (so a crash in between
 *                        leaves nothing behind for good); empty for generation 1
 */
public record Receipt(int schemaVersion, String fileId, Source source, Status status, Optional<String> reasonCode,
                      Optional<String> reason, String format, String schema, Rows rows, List<String> outputs,
                      List<LocalDate> eventDates, Instant receivedAt, Instant processedAt, long durationMs,
                      long bytesRead, String pipelineVersion, SortedMap<String, RejectReason> rejectReasons,
                      int generation, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> supersededOutputs) {

    public static final int SCHEMA_VERSION = 1;
    public static final int FIRST_GENERATION = 1;

    public Receipt {
        // Receipts written before replays existed have neither field: Jackson passes 0 and null.
        generation = generation == 0 ? FIRST_GENERATION : generation;
        supersededOutputs = supersededOutputs == null ? List.of() : List.copyOf(supersededOutputs);
        if (generation < FIRST_GENERATION) {
            throw new IllegalArgumentException("generation must be at least 1: " + generation);
        }
        Objects.requireNonNull(fileId, "fileId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reasonCode, "reasonCode");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(processedAt, "processedAt");
        Objects.requireNonNull(pipelineVersion, "pipelineVersion");
        outputs = List.copyOf(outputs);
        eventDates = List.copyOf(eventDates);
        rejectReasons = rejectReasons == null ? Collections.emptySortedMap()
                : Collections.unmodifiableSortedMap(new TreeMap<>(rejectReasons));
        if ((status == Status.QUARANTINED) != reason.isPresent()) {
            throw new IllegalArgumentException("a reason is given exactly when the file is quarantined");
        }
    }

    /** The uploaded object this receipt is about. */
    public record Source(String bucket, String key,
                         @JsonInclude(JsonInclude.Include.ALWAYS) Optional<String> versionId, // null when unversioned
                         String etag, long size) {
        public Source {
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(versionId, "versionId");
            Objects.requireNonNull(etag, "etag");
        }
    }

    /** Row counts; {@code read == valid + rejected}. */
    public record Rows(long read, long valid, long rejected) {
        public Rows {
            if (read != valid + rejected) {
                throw new IllegalArgumentException("rows read (" + read + ") != valid (" + valid + ") + rejected ("
                        + rejected + ")");
            }
        }
    }

    /**
     * Rows rejected for one problem code. A row with several problems counts under each of its codes, so
     * the counts of a receipt may add up to more than {@code rows.rejected}.
     *
     * @param rows         rows with this problem
     * @param exampleLines the first lines (1-based, as in the rejects output) with it, at most
     *                     {@value #EXAMPLES}
     */
    public record RejectReason(long rows, List<Long> exampleLines) {
        public static final int EXAMPLES = 3;

        public RejectReason {
            exampleLines = List.copyOf(exampleLines);
            if (rows < 1 || exampleLines.isEmpty() || exampleLines.size() > Math.min(rows, EXAMPLES)) {
                throw new IllegalArgumentException("reject reason with " + rows + " rows and examples " + exampleLines);
            }
        }
    }

    /** Terminal states of a file. */
    public enum Status {
        PROCESSED, QUARANTINED;

        @com.fasterxml.jackson.annotation.JsonValue
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        @com.fasterxml.jackson.annotation.JsonCreator
        public static Status fromWire(String value) {
            return valueOf(value.toUpperCase(java.util.Locale.ROOT));
        }
    }
}
