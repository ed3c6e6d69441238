package dev.eventpipe.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipe.infra.Reactor.Module;
import dev.eventpipe.infra.TfConfig.Block;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The Lambda functions in Terraform against the code: the handler class exists in a module of the
 * reactor, every variable Terraform sets is one the function's code (or Powertools) reads, and every
 * variable the code requires is set.
 *
 * <p>A function whose module is not in the parent POM yet (the reporter, on branches cut before it
 * lands) is reported as skipped, naming the module; once the module is listed, the check is strict.
 */
class LambdaContractTest {

    /** Read by Powertools itself, not by eventpipe's code (docs.powertools.aws.dev/lambda/java). */
    static final Set<String> POWERTOOLS_VARIABLES = Set.of("POWERTOOLS_SERVICE_NAME", "POWERTOOLS_METRICS_NAMESPACE",
            "POWERTOOLS_LOG_LEVEL");

    private static final Pattern ENV_KEY = Pattern.compile("(?m)^\\s*([A-Z][A-Z0-9_]*)\\s*=");
    private static final Pattern EVENTPIPE_TOKEN = Pattern.compile("\\b(EVENTPIPE_[A-Z0-9_]+)");

    private final Reactor reactor = Reactor.of(Repo.ROOT);

    @TestFactory
    Stream<DynamicTest> everyFunctionMatchesItsCode() {
        TfConfig module = Repo.module();
        List<Block> functions = module.resources("aws_lambda_function");
        assertThat(functions).extracting(Block::name).containsExactlyInAnyOrder("processor", "reporter", "compactor");
        return functions.stream().map(f -> DynamicTest.dynamicTest(f.address(), () -> {
            List<String> problems = problems(f);
            assertThat(problems).as(f.address()).isEmpty();
        }));
    }

    /** What is wrong between one function block and the code; aborts (skipped) when its module is not in the reactor. */
    private List<String> problems(Block f) {
        String handler = f.attr("handler").asText().split("::")[0];
        Optional<Module> module = reactor.moduleOf(handler);
        if (module.isEmpty()) {
            String expected = moduleNameOf(handler);
            boolean listed = reactor.modules().stream().anyMatch(m -> m.dir().getFileName().toString().equals(expected));
            Assumptions.assumeTrue(listed, () -> f.address() + ": handler " + handler + " belongs to module '" + expected
                    + "', which the parent POM does not list yet");
            return List.of(f.address() + ": handler class " + handler + " is in no module's src/main/java");
        }
        List<Module> code = reactor.withDependencies(module.get());
        Set<String> read = Reactor.environmentLiterals(code);
        Set<String> set = environmentKeys(f);
        List<String> problems = new java.util.ArrayList<>();
        for (String key : set) {
            if (!read.contains(key) && !POWERTOOLS_VARIABLES.contains(key)) {
                problems.add(f.address() + " sets " + key + ", which " + module.get().artifactId() + " never reads");
            }
        }
        for (String required : Reactor.requiredVariables(code)) {
            if (!set.contains(required)) {
                problems.add(f.address() + " does not set " + required + ", which " + module.get().artifactId() + " requires");
            }
        }
        return problems;
    }

    /** dev.eventpipe.reporter.ReporterHandler → reporter. */
    static String moduleNameOf(String className) {
        String[] parts = className.split("\\.");
        return parts.length > 3 ? parts[2] : "";
    }

    static Set<String> environmentKeys(Block f) {
        JsonNode vars = f.block("environment").path("variables");
        Set<String> keys = new LinkedHashSet<>();
        if (vars.isObject()) {
            vars.fieldNames().forEachRemaining(keys::add);
        } else {
            Matcher m = ENV_KEY.matcher(vars.asText());
            while (m.find()) {
                keys.add(m.group(1));
            }
        }
        return keys;
    }

    @Test
    void theProcessorsOptionalSettingsAreOnesItReads() {
        // given the names variables.tf lets processor_settings carry
        JsonNode variable = Repo.module().variables().get("processor_settings");
        Matcher m = EVENTPIPE_TOKEN.matcher(variable.toString());
        Set<String> allowed = new LinkedHashSet<>();
        while (m.find()) {
            allowed.add(m.group(1));
        }
        // then each is read by the processor's code
        Module processor = reactor.moduleOf("dev.eventpipe.processor.ProcessorHandler").orElseThrow();
        assertThat(allowed).hasSizeGreaterThan(5);
        assertThat(Reactor.environmentLiterals(reactor.withDependencies(processor))).containsAll(allowed);
    }

    @Test
    void flagsAWrongHandlerAndAnEnvironmentVariableNobodyReads() {
        // given a processor block with a misspelt handler class and variable
        TfConfig bad = Hcl.load(Repo.CHECKS, List.of(Repo.FIXTURES.resolve("contract/wrong_handler.tf")));
        Block f = bad.resource("aws_lambda_function.processor").orElseThrow();
        // when
        List<String> handlerProblems = problems(f);
        // then
        assertThat(handlerProblems).singleElement().asString().contains("ProcesorHandler is in no module");
        TfConfig badEnv = Hcl.load(Repo.CHECKS, List.of(Repo.FIXTURES.resolve("contract/unknown_variable.tf")));
        assertThat(problems(badEnv.resource("aws_lambda_function.processor").orElseThrow()))
                .anyMatch(p -> p.contains("sets EVENTPIPE_PROCESSED_BUCKETS, which eventpipe-processor never reads"))
                .anyMatch(p -> p.contains("does not set EVENTPIPE_PROCESSED_BUCKET, which eventpipe-processor requires"));
    }
}
