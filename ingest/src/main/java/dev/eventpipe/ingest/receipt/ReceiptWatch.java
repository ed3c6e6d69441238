package dev.eventpipe.ingest.receipt;

import dev.eventpipe.ingest.Progress;
import dev.eventpipe.ingest.ReceiptSource;
import dev.eventpipe.ingest.dlq.DeadLetterQueue;
import dev.eventpipe.shared.layout.FileId;
import dev.eventpipe.shared.receipt.Receipt;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Follows files to their receipts: {@code eventpipe ingest --wait}.
 *
 * <p>A round costs what the fewer of two ways costs: a GET of each pending file's receipt while few are
 * pending, else one listing of the processing-date index of every day since the watch began (a receipt is
 * indexed under the UTC date it was written, never earlier) and a GET of only the receipts that listing
 * shows are new. A receipt is read once; a 10,000-file upload is followed with about ten listing pages a
 * round instead of 10,000 GETs.
 */
public final class ReceiptWatch {

    /** Pending files at or below which a round GETs each receipt rather than listing the index. */
    static final int FIND_EACH_AT_MOST = 200;

    /** One file's outcome, or {@code pending} when it had no receipt by the deadline. */
    public record Outcome(String key, String fileId, String status, Optional<String> reasonCode, Optional<String> reason,
                          long rowsValid, long rowsRejected) {
        public boolean ok() {
            return "processed".equals(status);
        }
    }

    /** Where receipts are: each by its file id, and which exist by the date they were written. */
    public interface Receipts extends ReceiptSource {
        /** The file ids indexed under the processing date {@code date} (UTC). */
        Set<String> indexedOn(LocalDate date);
    }

    private final Receipts receipts;
    private final Clock clock;
    private final DeadLetterQueue.Sleeper sleeper;
    private final Duration poll;

    public ReceiptWatch(Receipts receipts, Clock clock, DeadLetterQueue.Sleeper sleeper, Duration poll) {
        this.receipts = Objects.requireNonNull(receipts, "receipts");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.poll = Objects.requireNonNull(poll, "poll");
    }

    /**
     * Polls until every file has a receipt or {@code timeout} passes.
     *
     * @param files key → file id, in the order to report
     */
    public List<Outcome> await(Map<String, String> files, Duration timeout, Progress progress) throws InterruptedException {
        Instant started = clock.instant();
        Instant deadline = started.plus(timeout);
        LocalDate firstDay = started.atZone(ZoneOffset.UTC).toLocalDate();
        Map<String, String> pending = new HashMap<>(); // file id -> key
        files.forEach((key, id) -> pending.put(id, key));
        Map<String, Outcome> done = new HashMap<>();
        progress.total(files.size(), 0);
        while (true) {
            for (String id : candidates(pending, firstDay)) {
                Optional<Receipt> r = receipts.find(new FileId(id));
                if (r.isPresent()) {
                    String key = pending.remove(id);
                    done.put(key, outcome(key, r.get()));
                    progress.addItems(1);
                }
            }
            progress.tick();
            if (pending.isEmpty() || !clock.instant().isBefore(deadline)) {
                break;
            }
            sleeper.sleep(poll);
        }
        return files.entrySet().stream().map(f -> done.getOrDefault(f.getKey(), new Outcome(f.getKey(), f.getValue(),
                "pending", Optional.empty(), Optional.of("no receipt within " + timeout.toSeconds() + " s"), 0, 0))).toList();
    }

    /** The pending file ids worth a GET this round. */
    private List<String> candidates(Map<String, String> pending, LocalDate firstDay) {
        if (pending.size() <= FIND_EACH_AT_MOST) {
            return new ArrayList<>(pending.keySet());
        }
        LocalDate today = clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
        List<String> found = new ArrayList<>();
        for (LocalDate d = firstDay; !d.isAfter(today); d = d.plusDays(1)) {
            for (String id : receipts.indexedOn(d)) {
                if (pending.containsKey(id)) {
                    found.add(id);
                }
            }
        }
        return found;
    }

    private static Outcome outcome(String key, Receipt r) {
        return new Outcome(key, r.fileId(), r.status().wire(), r.reasonCode(), r.reason(), r.rows().valid(), r.rows().rejected());
    }
}
