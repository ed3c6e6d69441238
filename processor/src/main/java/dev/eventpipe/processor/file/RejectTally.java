package dev.eventpipe.processor.file;

import dev.eventpipe.processor.schema.Problem;
import dev.eventpipe.shared.receipt.Receipt;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Counts a file's rejected rows by problem code, keeping the first lines of each as examples: what the
 * receipt carries so that the daily report can name the top reasons without re-reading the rejects.
 * Bounded by the number of distinct codes, which the schema fixes.
 */
final class RejectTally {

    private final TreeMap<String, Tally> byCode = new TreeMap<>();

    /** One rejected row; a code that appears twice in a row counts once. */
    void add(long line, List<Problem> problems) {
        for (int i = 0; i < problems.size(); i++) {
            String code = problems.get(i).code();
            if (!seenEarlier(problems, i, code)) {
                byCode.computeIfAbsent(code, c -> new Tally()).add(line);
            }
        }
    }

    SortedMap<String, Receipt.RejectReason> reasons() {
        SortedMap<String, Receipt.RejectReason> reasons = new TreeMap<>();
        byCode.forEach((code, t) -> reasons.put(code, new Receipt.RejectReason(t.rows, t.examples)));
        return reasons;
    }

    private static boolean seenEarlier(List<Problem> problems, int index, String code) {
        for (int j = 0; j < index; j++) {
            if (problems.get(j).code().equals(code)) {
                return true;
            }
        }
        return false;
    }

    private static final class Tally {
        private long rows;
        private final List<Long> examples = new ArrayList<>(Receipt.RejectReason.EXAMPLES);

        void add(long line) {
            rows++;
            if (examples.size() < Receipt.RejectReason.EXAMPLES) {
                examples.add(line);
            }
        }
    }
}
