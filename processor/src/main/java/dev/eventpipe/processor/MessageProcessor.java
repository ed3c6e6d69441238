package dev.eventpipe.processor;

import dev.eventpipe.processor.batch.BatchMessage;
import dev.eventpipe.processor.file.FileProcessor;
import dev.eventpipe.processor.file.Outcome;
import dev.eventpipe.shared.metrics.Metric;
import dev.eventpipe.shared.metrics.Metrics;
import dev.eventpipe.shared.notification.Notification;
import dev.eventpipe.shared.notification.S3Notifications;
import dev.eventpipe.shared.notification.S3ObjectEvent;
import dev.eventpipe.shared.receipt.Receipt;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Handles one queue message: parses the S3 notification and processes each object in it. The same code
 * runs in Lambda, in the local stack and in the worker.
 *
 * <p>A body that is not an S3 notification throws, so the message fails, is retried and ends in the
 * dead-letter queue where an operator sees it. A store failure on any record fails the whole message;
 * records already done are skipped as duplicates when it comes back.
 */
public final class MessageProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(MessageProcessor.class);

    private final FileProcessor files;
    private final Metrics metrics;

    public MessageProcessor(FileProcessor files, Metrics metrics) {
        this.files = files;
        this.metrics = metrics;
    }

    /** @return one outcome per record, in order (empty for a test event) */
    public List<Outcome> handle(BatchMessage message) {
        try (MDC.MDCCloseable m = MDC.putCloseable("messageId", message.messageId())) {
            Notification notification = S3Notifications.parse(message.body());
            if (notification instanceof Notification.TestEvent test) {
                metrics.add(Metric.TEST_EVENTS_SKIPPED, 1);
                LOG.atInfo().addKeyValue("bucket", test.bucket()).addKeyValue("outcome", "test_event")
                        .log("s3:TestEvent acknowledged");
                return List.of();
            }
            Notification.ObjectEvents events = (Notification.ObjectEvents) notification;
            List<Outcome> outcomes = new ArrayList<>(events.records().size());
            for (S3ObjectEvent record : events.records()) {
                outcomes.add(handle(record, events.replay()));
            }
            return outcomes;
        }
    }

    private Outcome handle(S3ObjectEvent record, Optional<Notification.Replay> replay) {
        try (MDC.MDCCloseable b = MDC.putCloseable("bucket", record.bucket());
             MDC.MDCCloseable k = MDC.putCloseable("key", record.key())) {
            Outcome outcome = files.process(record, replay);
            log(outcome);
            return outcome;
        }
    }

    private static void log(Outcome outcome) {
        var line = LOG.atInfo().addKeyValue("outcome", outcome.label());
        if (outcome instanceof Outcome.Processed p) {
            describe(line, p.receipt()).log("file processed");
        } else if (outcome instanceof Outcome.Quarantined q) {
            describe(line, q.receipt()).addKeyValue("reasonCode", q.receipt().reasonCode().orElse(""))
                    .addKeyValue("reason", q.receipt().reason().orElse("")).log("file quarantined");
        } else if (outcome instanceof Outcome.Duplicate d) {
            line.addKeyValue("fileId", d.fileId().value()).log("file already has a receipt; skipped");
        } else if (outcome instanceof Outcome.Ignored i) {
            line.addKeyValue("why", i.why()).log("record ignored");
        }
    }

    private static org.slf4j.spi.LoggingEventBuilder describe(org.slf4j.spi.LoggingEventBuilder line, Receipt r) {
        return line.addKeyValue("fileId", r.fileId()).addKeyValue("format", r.format())
                .addKeyValue("rowsRead", r.rows().read()).addKeyValue("rowsValid", r.rows().valid())
                .addKeyValue("rowsRejected", r.rows().rejected()).addKeyValue("durationMs", r.durationMs())
                .addKeyValue("generation", r.generation());
    }
}
