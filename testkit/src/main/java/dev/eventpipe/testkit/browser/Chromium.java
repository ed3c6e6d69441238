package dev.eventpipe.testkit.browser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium (Debian's {@code chromium} package, which {@code .ci/run} installs), run once per page
 * with its log on stderr, where every console message of the page appears as a {@code CONSOLE} line (a
 * script error, a blocked or missing resource, a Content-Security-Policy violation).
 *
 * <p>Without Chromium a test is skipped on a developer's machine and fails under CI ({@code CI=true}).
 */
public final class Chromium {

    public static final Path BINARY = Path.of("/usr/bin/chromium");

    /** What one run printed. */
    public record Run(int status, String stdout, String stderr) {
    }

    private Chromium() {
    }

    /** Skips the test without Chromium, except under CI, where the test goes on and fails. */
    public static void assumeInstalled() {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        if (!ci) {
            Assumptions.assumeTrue(Files.isExecutable(BINARY), "chromium is not installed (apt-get install chromium)");
        }
    }

    /**
     * Runs Chromium headless with a fresh profile under {@code dir}.
     *
     * @param args e.g. {@code --screenshot=PATH}, {@code --window-size=412,2400}, {@code --dump-dom}, then the URL
     */
    public static Run run(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-extensions", "--user-data-dir=" + dir.resolve("profile"),
                "--enable-logging=stderr", "--v=0", "--hide-scrollbars"));
        command.addAll(List.of(args));
        Files.createDirectories(dir);
        Path out = Files.createTempFile(dir, "chromium", ".out");
        Path err = Files.createTempFile(dir, "chromium", ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 90 s");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
