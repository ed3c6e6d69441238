package dev.eventpipe.processor.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipe.processor.schema.Problem;
import dev.eventpipe.shared.receipt.Receipt;
import java.util.List;
import org.junit.jupiter.api.Test;

class RejectTallyTest {

    @Test
    void countsARowOncePerCode_evenWhenTheCodeRepeatsInIt_andKeepsTheFirstThreeLines() {
        RejectTally tally = new RejectTally();
        Problem noUser = new Problem("user_id", "missing_required", "user_id is required");
        Problem noType = new Problem("event_type", "missing_required", "event_type is required");
        Problem badTime = new Problem("timestamp", "invalid_timestamp", "timestamp 'x' is not a time");

        tally.add(2, List.of(noUser, noType, badTime)); // two missing fields: one missing_required row
        tally.add(5, List.of(noUser));
        tally.add(9, List.of(noType));
        tally.add(11, List.of(noUser));

        assertThat(tally.reasons()).containsOnlyKeys("missing_required", "invalid_timestamp");
        assertThat(tally.reasons().get("missing_required")).isEqualTo(new Receipt.RejectReason(4, List.of(2L, 5L, 9L)));
        assertThat(tally.reasons().get("invalid_timestamp")).isEqualTo(new Receipt.RejectReason(1, List.of(2L)));
    }
}
