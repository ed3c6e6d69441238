package dev.eventpipe.processor.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipe.shared.metrics.Metric;
import dev.eventpipe.shared.receipt.Receipt;
import dev.eventpipe.testkit.events.S3Events;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Records that are acknowledged without processing, and deliveries of files already done. */
class IgnoredAndDuplicateTest {

    private static final String CSV = "event_id,event_type,user_id,timestamp\ne1,click,u1,2026-11-25T10:00:00Z\n";

    private final Harness h = new Harness();

    @Test
    void refusesEvent_whenBucketIsNotAnInputBucket() {
        List<Outcome> outcomes = h.deliver(S3Events.created("someone-elses-bucket", "a.csv", 10, "etag", Harness.UPLOADED));

        assertThat(outcomes).singleElement().isInstanceOf(Outcome.Ignored.class);
        assertThat(((Outcome.Ignored) outcomes.get(0)).why()).contains("someone-elses-bucket");
        assertThat(h.metrics.total(Metric.FOREIGN_BUCKET_REFUSED)).isEqualTo(1);
        assertThat(h.keys("")).isEmpty();
    }

    @Test
    void ignoresDeletion() {
        String body = S3Events.message(List.of(S3Events.record("ObjectRemoved:Delete", Harness.INPUT, "a.csv", 0, "",
                Optional.empty(), Harness.UPLOADED)));

        assertThat(h.deliver(body)).singleElement().isEqualTo(new Outcome.Ignored("ObjectRemoved:Delete is not an object creation"));
        assertThat(h.metrics.total(Metric.RECORDS_IGNORED)).isEqualTo(1);
        assertThat(h.keys("")).isEmpty();
    }

    @Test
    void ignoresObject_whenItWasDeletedBeforeProcessing() {
        List<Outcome> outcomes = h.deliver(S3Events.created(Harness.INPUT, "gone.csv", 10, "etag", Harness.UPLOADED));

        assertThat(outcomes).singleElement().isEqualTo(new Outcome.Ignored("the object (or this version of it) no longer exists"));
        assertThat(h.keys("receipts/")).isEmpty();
    }

    @Test
    void skipsDuplicate_andRepairsAMissingIndexEntry() {
        String body = h.upload("dup.csv", CSV);
        Receipt r = h.receipt(h.deliver(body).get(0));
        String index = "processed-on/dt=2026-11-25/" + r.fileId() + ".json";
        h.store.delete(Harness.PROCESSED, index); // a crash between the receipt and its index entry

        List<Outcome> again = h.deliver(body);

        assertThat(again).singleElement().isInstanceOf(Outcome.Duplicate.class);
        assertThat(h.keys("processed-on/")).containsExactly(index);
        assertThat(h.metrics.total(Metric.DUPLICATES_SKIPPED)).isEqualTo(1);
        assertThat(h.metrics.total(Metric.FILES_PROCESSED)).isEqualTo(1);
    }
}
