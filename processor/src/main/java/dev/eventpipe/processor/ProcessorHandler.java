package dev.eventpipe.processor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.eventpipe.processor.batch.BatchMessage;
import dev.eventpipe.shared.aws.AwsClients;
import dev.eventpipe.shared.lifecycle.SnapStart;
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
    /** Held so the runtime's weak reference to the SnapStart hooks stays alive; unused without SnapStart. */
    @SuppressWarnings("unused")
    private final Optional<SnapStart> snapStart;

    /**
     * Used by the Lambda runtime: configuration from the environment, built once per execution environment
     * (beside a {@link WarmUp} where the function has a second vCPU), and the SnapStart hooks ({@link Priming})
     * registered.
     */
    public ProcessorHandler() {
        this(System.getenv(), AwsClients.fromEnvironment(System.getenv()));
    }

    private ProcessorHandler(Map<String, String> env, AwsClients clients) {
        this.app = WarmUp.whileBuilding(env, () -> ProcessorApp.fromEnvironment(env, clients));
        this.snapStart = Optional.of(SnapStart.register(new Priming(app, clients)));
    }

    public ProcessorHandler(ProcessorApp app) {
        this.app = app;
        this.snapStart = Optional.empty();
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
