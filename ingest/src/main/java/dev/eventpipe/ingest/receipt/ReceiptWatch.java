package dev.eventpipe.ingest.receipt;

import dev.eventpipe.ingest.Progress;
import dev.eventpipe.ingest.ReceiptSource;
import dev.eventpipe.ingest.dlq.DeadLetterQueue;
import dev.eventpipe.shared.layout.FileId;
import dev.eventpipe.shared.receipt.Receipt;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Follows files to their receipts: {@code eventpipe ingest --wait}. */
public final class ReceiptWatch {

    /** One file's outcome, or {@code pending} when it had no receipt by the deadline. */
    public record Outcome(String key, String fileId, String status, Optional<String> reasonCode, Optional<String> reason,
                          long rowsValid, long rowsRejected) {
        public boolean ok() {
            return "processed".equals(status);
        }
    }

    private final ReceiptSource receipts;
    private final Clock clock;
    private final DeadLetterQueue.Sleeper sleeper;
    private final Duration poll;

    public ReceiptWatch(ReceiptSource receipts, Clock clock, DeadLetterQueue.Sleeper sleeper, Duration poll) {
        this.receipts = Objects.requireNonNull(receipts, "receipts");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.poll = Objects.requireNonNull(poll, "poll");
    }

    /**
     * Polls each file's receipt until all have one or {@code timeout} passes.
     *
     * @param files key → file id, in the order to report
     */
    public List<Outcome> await(Map<String, String> files, Duration timeout, Progress progress) throws InterruptedException {
        Instant deadline = clock.instant().plus(timeout);
        Map<String, Outcome> done = new LinkedHashMap<>();
        progress.total(files.size(), 0);
        while (true) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                if (!done.containsKey(f.getKey())) {
                    Optional<Receipt> r = receipts.find(new FileId(f.getValue()));
                    if (r.isPresent()) {
                        done.put(f.getKey(), outcome(f.getKey(), r.get()));
                        progress.addItems(1);
                    }
                }
            }
            progress.tick();
            if (done.size() == files.size() || !clock.instant().isBefore(deadline)) {
                break;
            }
            sleeper.sleep(poll);
        }
        return files.entrySet().stream().map(f -> done.getOrDefault(f.getKey(), new Outcome(f.getKey(), f.getValue(),
                "pending", Optional.empty(), Optional.of("no receipt within " + timeout.toSeconds() + " s"), 0, 0))).toList();
    }

    private static Outcome outcome(String key, Receipt r) {
        return new Outcome(key, r.fileId(), r.status().wire(), r.reasonCode(), r.reason(), r.rows().valid(), r.rows().rejected());
    }
}
