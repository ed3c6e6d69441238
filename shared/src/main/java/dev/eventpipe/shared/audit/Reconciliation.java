package dev.eventpipe.shared.audit;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Matches a window's uploads to what became of them, by file id: a receipt, a DLQ message, or neither.
 * Pure: {@link Auditor} gathers the inputs.
 *
 * <p>An upload without a receipt nor a DLQ message may still be in the files queue, which cannot be read
 * without taking messages from the pollers (and counting toward their {@code maxReceiveCount}). So while
 * the queue holds {@code N} messages, up to {@code N} such uploads — the newest, the likeliest to be
 * waiting — count as still queued and the rest as unaccounted; either way each is listed.
 */
public final class Reconciliation {

    /** What the processing-date index says of one file: its newest receipt and every date it was indexed on. */
    public record Indexed(String status, Optional<String> reasonCode, int generation, List<LocalDate> indexedOn) {
        public Indexed {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(reasonCode, "reasonCode");
            indexedOn = List.copyOf(indexedOn);
        }
    }

    /** A DLQ message and the file ids in its notification (none when it is not an S3 notification). */
    public record DlqMessage(String messageId, List<String> fileIds) {
        public DlqMessage {
            Objects.requireNonNull(messageId, "messageId");
            fileIds = List.copyOf(fileIds);
        }
    }

    private Reconciliation() {
    }

    public static AuditResult reconcile(String bucket, String prefix, Instant since, Instant until, List<Upload> uploads,
                                        Map<String, Indexed> receipts, List<DlqMessage> dlq, AuditResult.Queue queue) {
        Map<String, Upload> byId = new HashMap<>();
        uploads.forEach(u -> byId.put(u.fileId(), u));
        Map<String, String> dlqById = new HashMap<>();
        long matched = 0;
        for (DlqMessage m : dlq) {
            boolean ours = false;
            for (String id : m.fileIds()) {
                if (byId.containsKey(id)) {
                    dlqById.putIfAbsent(id, m.messageId());
                    ours = true;
                }
            }
            matched += ours ? 1 : 0;
        }
        long processed = 0;
        TreeMap<String, Long> quarantined = new TreeMap<>();
        List<AuditResult.Item> attention = new ArrayList<>();
        List<Upload> unmatched = new ArrayList<>();
        List<AuditResult.Generations> generations = new ArrayList<>();
        for (Upload u : uploads) {
            Indexed r = receipts.get(u.fileId());
            if (r != null) {
                if ("quarantined".equals(r.status())) {
                    quarantined.merge(r.reasonCode().orElse("unknown"), 1L, Long::sum);
                } else {
                    processed++;
                }
                if (r.generation() > 1 || r.indexedOn().size() > 1) {
                    generations.add(new AuditResult.Generations(u.key(), u.versionId(), u.fileId(), r.generation(),
                            r.indexedOn().stream().map(LocalDate::toString).toList(), r.status(), receiptCommand(u)));
                }
            } else if (dlqById.containsKey(u.fileId())) {
                attention.add(item("in_dlq", u, Optional.of(dlqById.get(u.fileId())),
                        "eventpipe dlq redrive (after fixing the cause: eventpipe dlq peek shows it)"));
            } else {
                unmatched.add(u);
            }
        }
        unmatched.sort(Comparator.comparing(Upload::lastModified).reversed().thenComparing(Upload::key));
        long queued = Math.min(unmatched.size(), queue.total());
        for (int i = 0; i < unmatched.size(); i++) {
            Upload u = unmatched.get(i);
            attention.add(i < queued
                    ? item("still_queued", u, Optional.empty(), "wait for the pollers, then audit again (the files queue holds "
                            + queue.total() + " message(s))")
                    : item("unaccounted", u, Optional.empty(), replayCommand(u)));
        }
        attention.sort(Comparator.comparing(AuditResult.Item::outcome).thenComparing(AuditResult.Item::key));
        generations.sort(Comparator.comparing(AuditResult.Generations::key));
        AuditResult.Totals totals = new AuditResult.Totals(uploads.size(), processed, quarantined, dlqById.size(), queued,
                unmatched.size() - queued);
        return new AuditResult(bucket, prefix, since, until, totals, queue,
                new AuditResult.Dlq(dlq.size(), matched, dlq.size() - matched), attention, generations);
    }

    private static AuditResult.Item item(String outcome, Upload u, Optional<String> messageId, String fix) {
        return new AuditResult.Item(outcome, u.key(), u.versionId(), u.etag(), u.size(), u.lastModified(), u.fileId(),
                messageId, fix);
    }

    /**
     * Replays just this object: its key as the prefix and a one-second window around its time (a replay
     * skips every file that has a receipt, so a wider match sends nothing twice).
     */
    static String replayCommand(Upload u) {
        Instant t = u.lastModified().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        return "eventpipe replay --bucket " + u.bucket() + " --prefix " + quote(u.key()) + " --since " + t
                + " --until " + t.plusSeconds(1);
    }

    static String receiptCommand(Upload u) {
        return "eventpipe receipt " + quote("s3://" + u.bucket() + "/" + u.key())
                + u.versionId().map(v -> " --version-id " + v).orElse("");
    }

    /** Single-quoted for a POSIX shell when the text needs it. */
    static String quote(String s) {
        return s.matches("[A-Za-z0-9_./:=@%+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
