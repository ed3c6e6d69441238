package dev.eventpipe.processor;

import dev.eventpipe.local.esm.LocalContext;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
        SQSEvent event = new SQSEvent();
        event.setRecords(messages.stream().map(QueueDriver::toLambda).toList());
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

    private static SQSEvent.SQSMessage toLambda(Message m) {
        SQSEvent.SQSMessage out = new SQSEvent.SQSMessage();
        out.setMessageId(m.messageId());
        out.setReceiptHandle(m.receiptHandle());
        out.setBody(m.body());
        out.setMd5OfBody(m.md5OfBody());
        out.setEventSource("aws:sqs");
        Map<String, String> attributes = m.attributes().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().toString(), Map.Entry::getValue));
        out.setAttributes(attributes);
        return out;
    }
}
