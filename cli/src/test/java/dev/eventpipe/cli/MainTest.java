package dev.eventpipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line's contract: help everywhere, exit codes, one-line errors. */
class MainTest {

    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = Main.run(args);
            return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void printsHelp_forTheToolAndEveryCommand() {
        for (String command : new String[] {"demo", "up", "worker", "report", "ingest", "dlq", "replay", "receipt", "console", "audit"}) {
            Run r = run(command, "--help");
            assertThat(r.status()).as(command).isZero();
            assertThat(r.out()).as(command).contains("Usage: eventpipe " + command);
        }
        assertThat(run("--help").out()).contains("demo", "up", "worker", "report", "ingest", "dlq", "replay", "receipt", "console", "audit");
    }

    @Test
    void runsTheLaunchersTrainingQuietly_withoutAws_andKeepsItOutOfTheHelp() {
        Run r = run("cds-training");

        assertThat(r.status()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(run("--help").out()).doesNotContain("cds-training");
    }

    @Test
    void failsWithUsage_whenRequiredOptionMissing() {
        Run r = run("worker");

        assertThat(r.status()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(r.err()).contains("Missing required option: '--queue-url=<queueUrl>'");
    }

    @Test
    void reportsErrorInOneLine_withoutStackTrace() {
        Run r = run("demo", "--samples", "/nonexistent/samples");

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("eventpipe: no sample folder at /nonexistent/samples (give one with --samples)");
    }

    @Test
    void showsStackTrace_whenVerbose() {
        Run r = run("demo", "--samples", "/nonexistent/samples", "--verbose");

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("eventpipe: no sample folder", "at dev.eventpipe.cli.DemoCommand");
    }

    @Test
    void parsesDurationsAsPeopleTypeThem() {
        assertThat(Durations.parse("500ms")).hasMillis(500);
        assertThat(Durations.parse("30s")).hasSeconds(30);
        assertThat(Durations.parse("5m")).hasMinutes(5);
        assertThat(Durations.parse("PT2S")).hasSeconds(2);
    }
}
