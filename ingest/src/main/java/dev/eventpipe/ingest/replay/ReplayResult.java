package dev.eventpipe.ingest.replay;

import java.util.List;
import java.util.Objects;

/**
 * What a replay did.
 *
 * @param listed  objects under the prefix within the time window (folder markers left out)
 * @param sent    notifications the files queue accepted
 * @param skipped objects left alone because they have a receipt (without {@code --force})
 * @param failed  notifications SQS refused (after the SDK's retries), by key
 * @param items   per object what was (or, in a dry run, would be) done, in key order
 */
public record ReplayResult(boolean dryRun, boolean force, long listed, long sent, long skipped, List<String> failed,
                           List<Item> items) {
    public ReplayResult {
        failed = List.copyOf(failed);
        items = List.copyOf(items);
    }

    /** One object: {@code send} (first processing), {@code force} (generation N), or {@code skip}. */
    public record Item(String key, String fileId, String action, int generation, String why) {
        public Item {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(action, "action");
        }
    }
}
