package dev.eventpipe.local.esm;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;

/** Received SQS messages as the {@link SQSEvent} Lambda hands a function. */
public final class SqsEvents {

    private SqsEvents() {
    }

    /**
     * @param messages as received (ask for all system attributes: the handler reads MessageGroupId from them)
     * @param queueArn the queue's ARN, the records' {@code eventSourceARN}
     * @param region   the records' {@code awsRegion}
     */
    public static SQSEvent of(List<Message> messages, String queueArn, String region) {
        SQSEvent event = new SQSEvent();
        event.setRecords(messages.stream().map(m -> record(m, queueArn, region)).toList());
        return event;
    }

    private static SQSEvent.SQSMessage record(Message m, String queueArn, String region) {
        SQSEvent.SQSMessage out = new SQSEvent.SQSMessage();
        out.setMessageId(m.messageId());
        out.setReceiptHandle(m.receiptHandle());
        out.setBody(m.body());
        out.setMd5OfBody(m.md5OfBody());
        out.setMd5OfMessageAttributes(m.md5OfMessageAttributes());
        out.setEventSource("aws:sqs");
        out.setEventSourceArn(queueArn);
        out.setAwsRegion(region);
        Map<String, String> attributes = new HashMap<>();
        m.attributes().forEach((k, v) -> attributes.put(k.toString(), v));
        out.setAttributes(attributes);
        Map<String, SQSEvent.MessageAttribute> messageAttributes = new HashMap<>();
        m.messageAttributes().forEach((k, v) -> {
            SQSEvent.MessageAttribute a = new SQSEvent.MessageAttribute();
            a.setDataType(v.dataType());
            a.setStringValue(v.stringValue());
            messageAttributes.put(k, a);
        });
        out.setMessageAttributes(messageAttributes);
        return out;
    }
}
