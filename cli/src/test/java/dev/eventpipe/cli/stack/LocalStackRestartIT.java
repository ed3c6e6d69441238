package dev.eventpipe.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipe.shared.layout.FileId;
import dev.eventpipe.shared.receipt.Receipt;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping and starting the stack on the same data directory loses nothing. */
class LocalStackRestartIT {

    @TempDir
    Path data;

    @Test
    void keepsObjectsAndProcessesWhatWasNotProcessed_acrossARestart() throws InterruptedException {
        StackSettings base = LocalStackIT.settings(data);
        // First run notifies only .csv keys, so the .jsonl upload stays unprocessed, as a crash between
        // its commit and its notification would leave it.
        StackSettings csvOnly = base.withFilter("", ".csv");
        FileId csv;
        FileId jsonl;
        try (LocalStack first = LocalStack.start(csvOnly, Map.of())) {
            csv = LocalStackIT.put(first.clients().s3(), base.inputBucket(), "day/a.csv",
                    LocalStackIT.CSV.getBytes(StandardCharsets.UTF_8));
            jsonl = LocalStackIT.put(first.clients().s3(), base.inputBucket(), "day/b.jsonl",
                    "{\"event_id\":\"j1\",\"event_type\":\"click\",\"user_id\":\"u\",\"timestamp\":\"2026-11-25T10:00:00Z\"}\n"
                            .getBytes(StandardCharsets.UTF_8));
            LocalStackIT.awaitReceipt(first.clients().s3(), base.processedBucket(), csv, Duration.ofSeconds(30));
            assertThat(LocalStackIT.receipt(first.clients().s3(), base.processedBucket(), jsonl)).isEmpty();
        }

        try (LocalStack second = LocalStack.start(base, Map.of())) {
            Receipt again = LocalStackIT.receipt(second.clients().s3(), base.processedBucket(), csv).orElseThrow();
            Receipt late = LocalStackIT.awaitReceipt(second.clients().s3(), base.processedBucket(), jsonl, Duration.ofSeconds(30));

            assertThat(again.status()).isEqualTo(Receipt.Status.PROCESSED);
            assertThat(late.status()).isEqualTo(Receipt.Status.PROCESSED);
            assertThat(second.requeued()).isEqualTo(1);
        }
    }
}
