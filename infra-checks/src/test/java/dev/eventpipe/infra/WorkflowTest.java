package dev.eventpipe.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** .github/: actionlint, actions pinned by SHA with their tag, least permissions, non-overlapping deploys. */
class WorkflowTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static List<Path> workflows() {
        return Repo.files(Repo.WORKFLOWS, ".yml");
    }

    @Test
    void workflowsPassActionlint() {
        assertThat(workflows()).extracting(p -> p.getFileName().toString()).contains("ci.yml", "deploy.yml");
        Map<Path, List<String>> findings = Workflows.actionlint(Repo.CHECKS, workflows());
        assertThat(findings.values()).allSatisfy(f -> assertThat(f).isEmpty());
    }

    @Test
    void actionlintFlagsABrokenWorkflow() {
        Path bad = Repo.FIXTURES.resolve("workflows/broken.yml");
        assertThat(Workflows.actionlint(Repo.CHECKS, List.of(bad)).get(bad))
                .anyMatch(f -> f.contains("runs-on"))
                .anyMatch(f -> f.contains("property \"os\" is not defined"));
    }

    @Test
    void everyActionIsPinnedToACommitWithItsTag() {
        for (Path w : workflows()) {
            assertThat(Workflows.unpinnedActions(w.getFileName().toString(), Repo.read(w))).isEmpty();
        }
    }

    @Test
    void flagsTagPinsAndSHAsWithoutTheirTag() {
        assertThat(Workflows.unpinnedActions("bad.yml", Repo.read(Repo.FIXTURES.resolve("workflows/unpinned.yml"))))
                .containsExactly("bad.yml: actions/checkout@v4 is not pinned to a commit SHA",
                        "bad.yml: actions/setup-java@b6effb05e454b25005698d916606bdc6ffcbf961 has no '# vX.Y.Z' comment naming the release it pins");
    }

    @Test
    void everyWorkflowAndJobDeclaresItsPermissions() throws Exception {
        for (Path w : workflows()) {
            assertThat(Workflows.permissionProblems(w.getFileName().toString(), YAML.readTree(w.toFile()))).isEmpty();
        }
    }

    @Test
    void flagsWorkflowsWithoutPermissions() throws Exception {
        JsonNode bad = YAML.readTree(Repo.FIXTURES.resolve("workflows/unpinned.yml").toFile());
        assertThat(Workflows.permissionProblems("bad.yml", bad))
                .containsExactly("bad.yml: no top-level permissions (the repository default may be write-all)",
                        "bad.yml: job build sets no permissions");
    }

    @Test
    void deploysNeverOverlapNorGetCancelledAndApplyBehindAnEnvironment() throws Exception {
        JsonNode deploy = YAML.readTree(Repo.WORKFLOWS.resolve("deploy.yml").toFile());
        assertThat(deploy.path("concurrency").path("group").asText()).startsWith("deploy-");
        assertThat(deploy.path("concurrency").path("cancel-in-progress").asBoolean(true)).isFalse();
        JsonNode release = deploy.path("jobs").path("release");
        assertThat(release.path("environment").asText()).isNotBlank();
        assertThat(release.path("permissions").path("id-token").asText()).isEqualTo("write");
        assertThat(release.toString()).contains("apply").contains("blue-green.sh");
        assertThat(deploy.toString()).doesNotContain("aws-access-key-id").doesNotContain("AWS_SECRET_ACCESS_KEY");
    }
}
