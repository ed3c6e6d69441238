package dev.eventpipe.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventpipe.processor.file.Harness;
import dev.eventpipe.processor.file.Outcome;
import dev.eventpipe.shared.config.ConfigException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The plain cold start's warm-up: where it runs, and that it runs the whole path beside the construction. */
class WarmUpTest {

    private static final String MEMORY = "AWS_LAMBDA_FUNCTION_MEMORY_SIZE";
    private static final String INIT = "AWS_LAMBDA_INITIALIZATION_TYPE";

    @ParameterizedTest(name = "memory {0} MB, init {1}, variable ''{2}'' -> {3}")
    @CsvSource(nullValues = "-", value = {
            "-,    -,                        -,      false", // not on Lambda: the worker, the local stack
            "1769, on-demand,                -,      false", // one vCPU: the warm-up would only compete
            "1770, on-demand,                -,      true",
            "3008, provisioned-concurrency,  -,      true",
            "3008, snap-start,               -,      false", // Priming runs before the snapshot instead
            "abc,  on-demand,                -,      false",
            "-,    -,                        true,   true",
            "3008, on-demand,                false,  false",
            "1024, snap-start,               ' TRUE ', true"})
    void runsOnLambdaWithASecondVcpu_unlessUnderSnapStart_orAsTheVariableSays(String memory, String init, String variable,
            boolean wanted) {
        Map<String, String> env = new HashMap<>();
        if (memory != null) {
            env.put(MEMORY, memory);
        }
        if (init != null) {
            env.put(INIT, init);
        }
        if (variable != null) {
            env.put(WarmUp.VARIABLE, variable);
        }
        assertThat(WarmUp.wanted(env)).isEqualTo(wanted);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"'', true", "https://s3.eu-west-1.amazonaws.com, true", "http://127.0.0.1:9090, false",
            "HTTP://localhost:4566, false"})
    void setsTlsUp_onlyWhereS3IsReachedOverHttps(String endpoint, boolean https) {
        assertThat(WarmUp.https(endpoint.isEmpty() ? Map.of() : Map.of("AWS_ENDPOINT_URL", endpoint))).isEqualTo(https);
        assertThat(WarmUp.https(Map.of("AWS_ENDPOINT_URL", "https://example.test", "AWS_ENDPOINT_URL_S3", "http://127.0.0.1:1")))
                .isFalse();
    }

    @Test
    void aValueThatIsNoBooleanStopsTheStart() {
        assertThatThrownBy(() -> WarmUp.wanted(Map.of(WarmUp.VARIABLE, "maybe")))
                .isInstanceOf(ConfigException.class) // as every other malformed setting
                .hasMessageContaining(WarmUp.VARIABLE).hasMessageContaining("maybe");
    }

    @Test
    void primesAProcessorOfItsOwn_whileTheConstructionIsStillUnderWay() throws Exception {
        Harness h = new Harness();
        CompletableFuture<List<Outcome>> primed = new CompletableFuture<>();
        Map<String, String> env = Map.of(WarmUp.VARIABLE, "true", "EVENTPIPE_PROCESSED_BUCKET", "eventpipe-processed");

        // The construction returns only once the warm-up has primed: it cannot have waited for the built processor.
        ProcessorApp app = WarmUp.whileBuilding(env, () -> {
            primed.orTimeout(2, TimeUnit.MINUTES).join();
            return h.app;
        }, primed);

        assertThat(app).isSameAs(h.app);
        assertThat(primed.get()).singleElement().isInstanceOf(Outcome.Processed.class);
        assertThat(h.keys("")).isEmpty();
        assertThat(h.metrics.flushes()).isZero();
    }

    @Test
    void primesTheBuiltProcessor_whereItCannotBuildItsOwn() throws Exception {
        Harness h = new Harness();
        CompletableFuture<List<Outcome>> primed = new CompletableFuture<>();

        // No EVENTPIPE_PROCESSED_BUCKET: a processor of its own cannot be built from this environment.
        ProcessorApp app = WarmUp.whileBuilding(Map.of(WarmUp.VARIABLE, "true"), () -> h.app, primed);

        assertThat(app).isSameAs(h.app);
        assertThat(primed.get(2, TimeUnit.MINUTES)).singleElement().isInstanceOf(Outcome.Processed.class);
        assertThat(h.keys("")).isEmpty();
        assertThat(h.metrics.flushes()).isZero();
    }

    @Test
    void startsNothing_whereItIsNotWanted() {
        Harness h = new Harness();
        CompletableFuture<List<Outcome>> primed = new CompletableFuture<>();

        assertThat(WarmUp.whileBuilding(Map.of(), () -> h.app, primed)).isSameAs(h.app);
        assertThat(primed).isCancelled();
    }

    @Test
    void aFailedConstructionFailsTheStart_andEndsTheWarmUp() {
        CompletableFuture<List<Outcome>> primed = new CompletableFuture<>();
        IllegalStateException failure = new IllegalStateException("EVENTPIPE_PROCESSED_BUCKET is not set");

        assertThatThrownBy(() -> WarmUp.whileBuilding(Map.of(WarmUp.VARIABLE, "true"), () -> {
            throw failure;
        }, primed)).isSameAs(failure);
        assertThatThrownBy(() -> primed.get(2, TimeUnit.MINUTES)).isInstanceOf(ExecutionException.class)
                .hasRootCause(failure);
    }
}
