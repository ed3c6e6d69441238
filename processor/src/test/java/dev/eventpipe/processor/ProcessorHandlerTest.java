package dev.eventpipe.processor;

import dev.eventpipe.local.esm.LocalContext;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import dev.eventpipe.processor.file.Harness;
import dev.eventpipe.shared.metrics.Metric;
import org.junit.jupiter.params.ParameterizedTest;

/** The handler fed SQS events as Lambda delivers them (fixtures under {@code src/test/resources/events}). */
class ProcessorHandlerTest {

    private static final String CSV = "event_id,timestamp,event_type,user_id\ne1,2026-11-25T10:00:00Z,click,u1\n";

    @ParameterizedTest
    @Event(value = "events/sqs-batch-mixed.json", type = SQSEvent.class)
    void reportsOnlyThePoisonMessage_andProcessesTheRest(SQSEvent event) {
        Harness h = new Harness();
        h.upload("incoming/my file+1.csv", CSV); // the key the fixture's first record names, URL-encoded
        ProcessorHandler handler = new ProcessorHandler(h.app);

        SQSBatchResponse response = handler.handleRequest(event, LocalContext.of("eventpipe-processor"));

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("poison-2");
        assertThat(h.metrics.total(Metric.FILES_PROCESSED)).isEqualTo(1);
        assertThat(h.metrics.total(Metric.TEST_EVENTS_SKIPPED)).isEqualTo(1);
        assertThat(h.metrics.flushes()).isEqualTo(1);
        assertThat(h.keys("receipts/")).hasSize(1);
    }
}
