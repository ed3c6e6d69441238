package dev.eventpipe.reporter.aws;

import dev.eventpipe.shared.notify.Notifier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * {@link Notifier} on an SNS topic. Retries are the SDK's (standard mode: exponential backoff with jitter
 * on throttling and 5xx, as configured where the client is built); what still fails becomes a
 * {@link Notifier.NotificationException}.
 */
public final class SnsNotifier implements Notifier {

    private final SnsClient sns;
    private final String topicArn;

    public SnsNotifier(SnsClient sns, String topicArn) {
        this.sns = sns;
        this.topicArn = topicArn;
    }

    @Override
    public void publish(Message message) {
        try {
            sns.publish(b -> b.topicArn(topicArn).subject(message.subject()).message(message.body()));
        } catch (SdkException e) {
            throw new NotificationException("could not publish to " + topicArn + ": " + e.getMessage(), e);
        }
    }
}
