package dev.eventpipe.processor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.eventpipe.processor.batch.BatchMessage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The Lambda entry point for the files queue. It only adapts: SQS messages in, one call into the
 * domain, the ids of failed messages out as a partial batch response.
 *
 * <p>Needs {@code ReportBatchItemFailures} on the event source mapping; without it Lambda ignores the
 * response and retries the whole batch.
 */
public final class ProcessorHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final ProcessorApp app;

    /** Used by the Lambda runtime: configuration from the environment, built once per execution environment. */
    public ProcessorHandler() {
        this(ProcessorApp.fromEnvironment(System.getenv()));
    }

    public ProcessorHandler(ProcessorApp app) {
        this.app = app;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            List<String> failed = app.processBatch(messages(event));
            return SQSBatchResponse.builder()
                    .withBatchItemFailures(failed.stream().map(SQSBatchResponse.BatchItemFailure::new).toList())
                    .build();
        });
    }

    private static List<BatchMessage> messages(SQSEvent event) {
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        return records.stream().map(m -> new BatchMessage(m.getMessageId(), m.getBody() == null ? "" : m.getBody(),
                Optional.ofNullable(attributes(m).get("MessageGroupId")))).toList();
    }

    private static Map<String, String> attributes(SQSEvent.SQSMessage m) {
        return m.getAttributes() == null ? Map.of() : m.getAttributes();
    }
}
