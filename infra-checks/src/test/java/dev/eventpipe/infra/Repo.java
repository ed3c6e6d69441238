package dev.eventpipe.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where things are: the repository root (set by the POM) and this module. */
final class Repo {

    static final Path ROOT = Path.of(System.getProperty("eventpipe.root", "..")).toAbsolutePath().normalize();
    static final Path CHECKS = ROOT.resolve("infra-checks");
    static final Path MODULE = ROOT.resolve("terraform/modules/pipeline");
    static final Path EXAMPLE = ROOT.resolve("terraform/envs/example");
    static final Path DASHBOARDS = ROOT.resolve("dashboards");
    static final Path WORKFLOWS = ROOT.resolve(".github/workflows");
    static final Path FIXTURES = CHECKS.resolve("src/test/resources");

    private Repo() {
    }

    /** The files under {@code dir} whose names end with {@code suffix}, sorted. */
    static List<Path> files(Path dir, String suffix) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(suffix) && !p.toString().contains("/.terraform/")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TfConfig module() {
        return Hcl.load(CHECKS, files(MODULE, ".tf"));
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
