package dev.eventpipe.ingest.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipe.ingest.Progress;
import dev.eventpipe.shared.layout.FileId;
import dev.eventpipe.shared.receipt.Receipt;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** How many requests following an upload costs: each receipt read once; a listing a round for a large upload. */
class ReceiptWatchTest {

    private static final Instant START = Instant.parse("2026-11-30T23:59:58Z"); // the watch crosses midnight UTC

    private final AtomicReference<Instant> now = new AtomicReference<>(START);
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    /** Receipts that appear, a batch a round, each under the processing date of the moment it appears. */
    private final class Appearing implements ReceiptWatch.Receipts {
        final Map<String, LocalDate> written = new HashMap<>();
        final List<String> finds = new ArrayList<>();
        final List<LocalDate> listings = new ArrayList<>();

        void write(String id) {
            written.put(id, now.get().atZone(ZoneOffset.UTC).toLocalDate());
        }

        @Override
        public Optional<Receipt> find(FileId fileId) {
            finds.add(fileId.value());
            return written.containsKey(fileId.value()) ? Optional.of(receipt(fileId.value())) : Optional.empty();
        }

        @Override
        public Set<String> indexedOn(LocalDate date) {
            listings.add(date);
            Set<String> ids = new java.util.HashSet<>();
            written.forEach((id, d) -> {
                if (d.equals(date)) {
                    ids.add(id);
                }
            });
            return ids;
        }
    }

    private static Receipt receipt(String id) {
        return new Receipt(Receipt.SCHEMA_VERSION, id, new Receipt.Source("in", "k/" + id, Optional.empty(), "e", 10),
                Receipt.Status.PROCESSED, Optional.empty(), Optional.empty(), "csv", "events v1", new Receipt.Rows(1, 1, 0),
                List.of(), List.of(), START, START, 1, 10, "test", new TreeMap<>(), Receipt.FIRST_GENERATION, List.of());
    }

    private static Map<String, String> files(int n) {
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            files.put("k/f" + i, String.format(java.util.Locale.ROOT, "%032x", i));
        }
        return files;
    }

    @Test
    void aLargeUpload_isFollowedByListings_andEachReceiptIsReadOnce() throws InterruptedException {
        Appearing receipts = new Appearing();
        Map<String, String> files = files(1_000);
        List<String> ids = new ArrayList<>(files.values());
        int[] round = {0};
        ReceiptWatch watch = new ReceiptWatch(receipts, clock, d -> {
            // between rounds a second passes and the next 250 files get their receipts
            now.set(now.get().plus(d));
            for (int i = round[0] * 250; i < Math.min(ids.size(), (round[0] + 1) * 250); i++) {
                receipts.write(ids.get(i));
            }
            round[0]++;
        }, Duration.ofSeconds(1));

        List<ReceiptWatch.Outcome> outcomes = watch.await(files, Duration.ofMinutes(1), Progress.silent(clock));

        assertThat(outcomes).hasSize(1_000).allMatch(ReceiptWatch.Outcome::ok);
        assertThat(outcomes).extracting(ReceiptWatch.Outcome::key).containsExactlyElementsOf(files.keySet());
        // Rounds with more than FIND_EACH_AT_MOST pending list the index (both days once the clock passed
        // midnight); below that each pending receipt is read; every receipt found is read exactly once.
        assertThat(receipts.listings).contains(LocalDate.parse("2026-11-30"), LocalDate.parse("2026-12-01"));
        assertThat(receipts.finds.stream().distinct().count()).isEqualTo(1_000);
        assertThat(receipts.finds).hasSizeLessThan(1_000 + ReceiptWatch.FIND_EACH_AT_MOST * 2);
    }

    @Test
    void reportsWhatHasNoReceiptByTheDeadline_asPending() throws InterruptedException {
        Appearing receipts = new Appearing();
        receipts.write(String.format(java.util.Locale.ROOT, "%032x", 0));
        ReceiptWatch watch = new ReceiptWatch(receipts, clock, d -> now.set(now.get().plus(d)), Duration.ofSeconds(1));

        List<ReceiptWatch.Outcome> outcomes = watch.await(files(2), Duration.ofSeconds(3), Progress.silent(clock));

        assertThat(outcomes).extracting(ReceiptWatch.Outcome::status).containsExactly("processed", "pending");
        assertThat(outcomes.get(1).reason()).contains("no receipt within 3 s");
        assertThat(receipts.listings).isEmpty(); // two files: a GET each, never a listing
    }
}
