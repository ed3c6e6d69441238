package dev.eventpipe.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs one of the scripts under {@code infra-checks/node/} with the {@code node} on the PATH. */
final class Node {

    private Node() {
    }

    /**
     * @param checksDir the infra-checks module directory (holds {@code node/} and {@code node_modules/})
     * @return what the script printed on standard output
     * @throws InfraCheckException when Node.js is missing, the packages are not installed or the script fails
     */
    static String run(Path checksDir, String script, List<String> args) {
        if (!Files.isDirectory(checksDir.resolve("node_modules"))) {
            throw new InfraCheckException("infra-checks/node_modules is missing: the build runs `npm ci` in "
                    + "generate-test-resources (run the tests through Maven, e.g. ./mvnw verify -pl infra-checks -am)");
        }
        List<String> command = new ArrayList<>(List.of("node", checksDir.resolve("node").resolve(script).toString()));
        command.addAll(args);
        try {
            Path err = Files.createTempFile("infra-checks-", ".err");
            try {
                Process p = new ProcessBuilder(command).directory(checksDir.toFile())
                        .redirectError(err.toFile()).start();
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(5, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new InfraCheckException("node " + script + " did not finish in 5 minutes");
                }
                if (p.exitValue() != 0) {
                    throw new InfraCheckException("node " + script + " exited with " + p.exitValue() + ": "
                            + Files.readString(err, StandardCharsets.UTF_8));
                }
                return new String(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new InfraCheckException("Node.js 20+ must be on the PATH for the infra checks (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfraCheckException("interrupted while running node " + script);
        }
    }
}
