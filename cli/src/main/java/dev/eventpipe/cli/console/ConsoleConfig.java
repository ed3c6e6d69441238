package dev.eventpipe.cli.console;

import java.util.Objects;
import java.util.Optional;

/**
 * Where the console looks.
 *
 * @param processedBucket receipts, the processing-date index and outputs
 * @param inputBucket     uploads, to find a file by its key (empty: search by key is off)
 * @param reportsBucket   the daily reports (empty: the Reports page says so)
 * @param queueUrl        the files queue (with {@code dlqUrl}: the DLQ page)
 * @param readOnly        no redrive, no purge
 */
public record ConsoleConfig(String processedBucket, Optional<String> inputBucket, Optional<String> reportsBucket,
                     Optional<String> queueUrl, Optional<String> dlqUrl, boolean readOnly) {
    public ConsoleConfig {
        Objects.requireNonNull(processedBucket, "processedBucket");
        Objects.requireNonNull(inputBucket, "inputBucket");
        Objects.requireNonNull(reportsBucket, "reportsBucket");
        Objects.requireNonNull(queueUrl, "queueUrl");
        Objects.requireNonNull(dlqUrl, "dlqUrl");
    }
}
