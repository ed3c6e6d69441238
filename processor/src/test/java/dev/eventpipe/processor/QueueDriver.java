package dev.eventpipe.processor;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.eventpipe.local.esm.LocalContext;
import dev.eventpipe.local.esm.SqsEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * What Lambda's event source mapping does, reduced for tests: receive a batch, invoke the handler with
 * a real {@link SQSEvent}, delete only the messages not reported as failures.
 */
final class QueueDriver {

    private final SqsClient sqs;
    private final String queueUrl;
    private final ProcessorHandler handler;

    QueueDriver(SqsClient sqs, String queueUrl, ProcessorHandler handler) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.handler = handler;
    }

    /** One receive-invoke-delete round; returns how many messages were received. */
    int pollOnce(Duration wait) {
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                .waitTimeSeconds((int) wait.toSeconds())
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
        if (messages.isEmpty()) {
            return 0;
        }
        SQSEvent event = SqsEvents.of(messages, "arn:aws:sqs:us-east-1:000000000000:files", "us-east-1");
        SQSBatchResponse response = handler.handleRequest(event, LocalContext.of("eventpipe-processor"));
        Set<String> failed = response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).collect(Collectors.toSet());
        for (Message m : messages) {
            if (!failed.contains(m.messageId())) {
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
        return messages.size();
    }

    /** Polls until a round receives nothing, or the deadline passes. */
    void drain(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline) && pollOnce(Duration.ofSeconds(1)) > 0) {
            // keep going while there is work
        }
    }
}
