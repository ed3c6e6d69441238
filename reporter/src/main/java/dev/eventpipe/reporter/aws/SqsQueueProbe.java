package dev.eventpipe.reporter.aws;

import dev.eventpipe.reporter.QueueProbe;
import dev.eventpipe.reporter.report.ReportAssembler;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Queue depths from {@code GetQueueAttributes}: visible plus in-flight messages (both approximate, as SQS
 * gives them). A queue that cannot be read is reported as unknown rather than failing the report.
 */
public final class SqsQueueProbe implements QueueProbe {

    private static final Logger LOG = LoggerFactory.getLogger(SqsQueueProbe.class);

    private final SqsClient sqs;
    private final Optional<String> queueUrl;
    private final Optional<String> dlqUrl;

    public SqsQueueProbe(SqsClient sqs, Optional<String> queueUrl, Optional<String> dlqUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.dlqUrl = dlqUrl;
    }

    @Override
    public ReportAssembler.QueueDepths depths() {
        return new ReportAssembler.QueueDepths(queueUrl.flatMap(this::depth), dlqUrl.flatMap(this::depth));
    }

    private Optional<Long> depth(String url) {
        try {
            Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            return Optional.of(number(a, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
                    + number(a, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
        } catch (SdkException e) {
            LOG.warn("queue depth unknown for {}: {}", url, e.getMessage());
            return Optional.empty();
        }
    }

    private static long number(Map<QueueAttributeName, String> attributes, QueueAttributeName name) {
        String v = attributes.get(name);
        return v == null ? 0 : Long.parseLong(v);
    }
}
