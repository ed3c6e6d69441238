package dev.eventpipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipe.local.emulator.QueuePair;
import dev.eventpipe.testkit.emulators.Emulators;
import dev.eventpipe.testkit.emulators.EmulatorsExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eventpipe report} as a separate process configured only through the environment, as an operator
 * (or {@code eventpipe up}'s printed exports) would run it against a stack.
 */
@ExtendWith(EmulatorsExtension.class)
class ReportCommandIT {

    private final Emulators emulators;

    ReportCommandIT(Emulators emulators) {
        this.emulators = emulators;
    }

    @Test
    void writesTheReports_printsThem_andMailsTheOutbox(@TempDir Path dir) throws Exception {
        String reports = emulators.uniqueName("report-reports");

        Result r = run(dir, reports, "report", "--date", "2026-11-25", "--outbox", dir.resolve("outbox").toString());

        assertThat(r.status).as(r.output).isZero();
        assertThat(r.output).contains("eventpipe daily report: 2026-11-25 (UTC)", "No data arrived",
                "written: s3://" + reports + "/daily/2026/11/25/report.json", "notification: sent");
        assertThat(emulators.s3().getObjectAsBytes(b -> b.bucket(reports).key("daily/2026/11/25/report.html")).asUtf8String())
                .startsWith("<!DOCTYPE html>");
        List<Path> mails;
        try (Stream<Path> s = Files.list(dir.resolve("outbox"))) {
            mails = s.toList();
        }
        assertThat(mails).singleElement().satisfies(m -> assertThat(Files.readString(m, StandardCharsets.UTF_8))
                .contains("Subject: eventpipe 2026-11-25: no data arrived",
                        // the presigned link points at the endpoint the environment names, path-style
                        emulators.s3Endpoint() + "/" + reports + "/daily/2026/11/25/report.html?"));
    }

    @Test
    void noNotify_writesWithoutMailing(@TempDir Path dir) throws Exception {
        String reports = emulators.uniqueName("report-reports");

        Result r = run(dir, reports, "report", "--date", "2026-11-24", "--no-notify", "--outbox",
                dir.resolve("outbox").toString(), "--json");

        assertThat(r.status).as(r.output).isZero();
        assertThat(r.output).contains("\"notification\" : \"skipped\"", "daily/2026/11/24/report.txt");
        assertThat(dir.resolve("outbox")).doesNotExist();
    }

    private record Result(int status, String output) {
    }

    /** Runs the tool on fresh, empty buckets and queues; {@code reports} is the reports bucket's name. */
    private Result run(Path dir, String reports, String... args) throws Exception {
        String processed = emulators.uniqueName("report-processed");
        emulators.createBucket(processed);
        emulators.createBucket(reports);
        QueuePair queue = emulators.createQueueWithDlq(emulators.uniqueName("report-files"), 3, Duration.ofSeconds(5));
        Path log = dir.resolve("report.log");
        ProcessBuilder pb = CliProcess.eventpipe(emulators, args).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("EVENTPIPE_PROCESSED_BUCKET", processed);
        pb.environment().put("EVENTPIPE_REPORTS_BUCKET", reports);
        pb.environment().put("EVENTPIPE_QUEUE_URL", queue.queueUrl());
        pb.environment().put("EVENTPIPE_DLQ_URL", queue.dlqUrl());
        pb.environment().remove("EVENTPIPE_OUTBOX");
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
