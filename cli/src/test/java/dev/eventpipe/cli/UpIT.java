package dev.eventpipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eventpipe up} as a user runs it: it says where everything is (endpoints, the daily report's
 * schedule and outbox, the lines to export), and stops cleanly on SIGTERM.
 */
class UpIT {

    @Test
    void printsTheStack_andStopsCleanlyOnSigterm(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("up.log");
        Process up = CliProcess.eventpipe("up", "--s3-port", "0", "--sqs-port", "0", "--console-port", "0", "--data-dir",
                        dir.resolve("data").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
            while (!Files.readString(log, StandardCharsets.UTF_8).contains("Ctrl-C stops.") && up.isAlive()
                    && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            String ready = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(ready).as(ready).contains("eventpipe is up: S3 http://127.0.0.1:", "SQS http://127.0.0.1:", "console http://127.0.0.1:",
                    "daily report at 08:00 UTC", dir.resolve("data").resolve("outbox").toAbsolutePath().toString(),
                    "export AWS_ENDPOINT_URL_S3=http://127.0.0.1:", "EVENTPIPE_REPORTS_BUCKET=eventpipe-reports",
                    "Ctrl-C stops.");
        } finally {
            up.destroy(); // SIGTERM
        }
        assertThat(up.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(up.exitValue()).as(output).isZero();
        assertThat(output).contains("stopped; objects are kept in");
    }
}
