package dev.eventpipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's run command: it must pass on the repository's samples, and fail when a file misses its outcome. */
class DemoIT {

    private static final Path SAMPLES = Path.of(System.getProperty("eventpipe.samples", "../sample_data"));

    private static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            int status = Main.run(args);
            return new String[] {Integer.toString(status), out.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void passes_onTheRepositorySamples() {
        String[] r = run("demo", "--samples", SAMPLES.toString());

        assertThat(r[0]).as(r[1]).isEqualTo("0");
        assertThat(r[1]).contains("6 of 6 files as expected", "partner feed with bad rows.csv", "bad_header");
        // ... and ends with the demo day's report and its email.
        assertThat(r[1]).contains("eventpipe daily report:", "received               6", "quarantined            1",
                "rows rejected          4 (0.6%)", "notification: sent", "email: ");
    }

    @Test
    void fails_whenAFileMissesItsExpectedOutcome(@TempDir Path dir) throws IOException {
        Files.copy(SAMPLES.resolve("clean-events.csv"), dir.resolve("clean-events.csv"));
        Files.writeString(dir.resolve("expected-outcomes.json"), """
                {"clean-events.csv": {"status": "processed", "valid": 200, "rejected": 5}}
                """);

        String[] r = run("demo", "--samples", dir.toString());

        assertThat(r[0]).isEqualTo("1");
        assertThat(r[1]).contains("NOT AS EXPECTED", "0 of 1 files as expected");
    }
}
