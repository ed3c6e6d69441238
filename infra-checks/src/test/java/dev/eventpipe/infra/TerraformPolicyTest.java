package dev.eventpipe.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The Terraform under terraform/ parses (HashiCorp's parser) and keeps every {@link Rule} of every family;
 * each rule fires on its own small bad fixture ({@code src/test/resources/policy/<rule>/main.tf}).
 */
class TerraformPolicyTest {

    private static TfConfig module;
    private static TfConfig example;
    private static Map<Path, TfConfig> fixtures;

    @BeforeAll
    static void parse() {
        module = Repo.module();
        example = Hcl.load(Repo.CHECKS, Repo.files(Repo.EXAMPLE, ".tf"));
        // every fixture in one parser run (the WebAssembly parser takes a moment to load)
        List<Path> files = Repo.files(Repo.FIXTURES.resolve("policy"), ".tf");
        Map<Path, Hcl.Parsed> parsed = Hcl.parseEach(Repo.CHECKS, files);
        fixtures = new java.util.LinkedHashMap<>();
        for (Rule rule : Rule.all()) {
            Path dir = fixtureDir(rule);
            if (Files.isDirectory(dir)) {
                fixtures.put(dir, TfConfig.of(parsed.values().stream().filter(p -> p.file().startsWith(dir)).toList()));
            }
        }
    }

    private static Path fixtureDir(Rule rule) {
        return Repo.FIXTURES.resolve("policy").resolve(rule.name().toLowerCase(java.util.Locale.ROOT));
    }

    @Test
    void everyTerraformFileParses() {
        List<Path> files = Repo.files(Repo.ROOT.resolve("terraform"), ".tf");
        assertThat(files).hasSizeGreaterThan(10);
        assertThat(Hcl.parseEach(Repo.CHECKS, files).values())
                .allSatisfy(p -> assertThat(p.error()).as(p.file().toString()).isNull());
    }

    @Test
    void aBrokenFileFailsWithTerraformsDiagnostic() {
        Path broken = Repo.FIXTURES.resolve("hcl/broken.tf");
        assertThatThrownBy(() -> Hcl.load(Repo.CHECKS, List.of(broken)))
                .isInstanceOf(InfraCheckException.class)
                .hasMessageContaining("broken.tf")
                .hasMessageContaining("Invalid expression");
    }

    @TestFactory
    Stream<DynamicTest> theModuleKeepsEveryRule() {
        return Rule.all().stream().map(rule -> DynamicTest.dynamicTest(rule.name(),
                () -> assertThat(rule.violations(module)).as(rule.name()).isEmpty()));
    }

    @Test
    void theExampleRootPinsTerraformAndTheProvider() {
        assertThat(PolicyRule.TERRAFORM_VERSIONS.violations(example)).isEmpty();
    }

    @TestFactory
    Stream<DynamicTest> everyRuleFiresOnItsBadFixture() {
        return Rule.all().stream().map(rule -> DynamicTest.dynamicTest(rule.name(), () -> {
            TfConfig bad = fixtures.get(fixtureDir(rule));
            assertThat(bad).as("fixture " + fixtureDir(rule) + " exists").isNotNull();
            List<String> violations = rule.violations(bad);
            assertThat(violations).as(rule.name() + " on its fixture").isNotEmpty();
            System.out.println(rule + " fires on its fixture: " + violations);
        }));
    }

    @Test
    void theVisibilityRuleResolvesLocalsAndAcceptsEitherOrder() {
        // given a fixture written as a local in the other order
        TfConfig ok = Hcl.load(Repo.CHECKS, List.of(Repo.FIXTURES.resolve("policy-ok/visibility_via_local.tf")));
        // then
        assertThat(PolicyRule.SQS_VISIBILITY_TIMEOUT.violations(ok)).isEmpty();
    }
}
