package dev.eventpipe.processor;

import dev.eventpipe.processor.file.Outcome;
import dev.eventpipe.shared.aws.AwsClients;
import dev.eventpipe.shared.aws.S3ObjectStore;
import dev.eventpipe.shared.config.Env;
import dev.eventpipe.shared.metrics.Metrics;
import dev.eventpipe.shared.store.ObjectStore;
import dev.eventpipe.shared.store.ObjectUpload;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plain cold start's counterpart of SnapStart's {@link Priming}: while the handler is being built, a daemon
 * thread runs once what the first batch would run for the first time (the synthetic file through a processor of
 * the same settings, then the TLS context where S3 is reached over https, then the SDK's S3 request path on
 * clients whose requests are answered in memory), so the first batch finds those classes loaded and their code
 * warm. Nothing is sent, stored or counted; every failure is ignored (the real batch reports whatever is really
 * wrong). The synthetic file's summary line is logged like any file's, under the bucket {@value Priming#BUCKET}.
 *
 * <p>It only pays where Lambda gives the function a second vCPU: above 1,769 MB (the size at which a function has
 * one full vCPU), so that is where it is on by default. It is off under SnapStart, whose {@link Priming} runs the
 * same path before the snapshot, and outside Lambda. {@value #VARIABLE}{@code =true|false} decides instead
 * (docs/benchmarks.md#the-processors-cold-start).
 */
final class WarmUp {

    /** {@code true} or {@code false}: warm up or not, whatever the function's size. */
    static final String VARIABLE = "EVENTPIPE_WARM_UP";

    /** Lambda gives a function one full vCPU at this size, more above it. */
    static final int ONE_VCPU_MB = 1769;

    // A static logger: Log4j (the largest part of the construction) starts on the constructing thread, before the
    // warm-up thread would otherwise start it and the main thread wait for it.
    private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);

    private static final String KEY = "warm-up/request-path";

    private WarmUp() {
    }

    /**
     * Whether this environment warms up: the variable if set (read like every other setting), else on Lambda above
     * one vCPU and not under SnapStart.
     */
    static boolean wanted(Map<String, String> env) {
        boolean snapStart = "snap-start".equals(env.get("AWS_LAMBDA_INITIALIZATION_TYPE"));
        return Env.of(env).bool(VARIABLE, lambdaWithASecondVcpu(env) && !snapStart);
    }

    private static boolean lambdaWithASecondVcpu(Map<String, String> env) {
        String memory = env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE");
        try {
            return memory != null && Integer.parseInt(memory.trim()) > ONE_VCPU_MB;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Builds the processor with {@code build} on this thread; if {@code env} wants it, the warm-up runs beside it
     * and goes on with the built processor.
     */
    static ProcessorApp whileBuilding(Map<String, String> env, Supplier<ProcessorApp> build) {
        return whileBuilding(env, build, new CompletableFuture<>());
    }

    /** As {@link #whileBuilding(Map, Supplier)}; {@code primed} ends with the warm-up (tests wait for it). */
    static ProcessorApp whileBuilding(Map<String, String> env, Supplier<ProcessorApp> build,
            CompletableFuture<List<Outcome>> primed) {
        if (!wanted(env)) {
            primed.cancel(false);
            return build.get();
        }
        CompletableFuture<ProcessorApp> built = new CompletableFuture<>();
        boolean https = https(env);
        Thread t = new Thread(() -> run(env, https, built, primed), "eventpipe-warm-up");
        t.setDaemon(true);
        t.start();
        try {
            ProcessorApp app = build.get();
            built.complete(app);
            return app;
        } catch (RuntimeException | Error e) {
            built.completeExceptionally(e);
            throw e;
        }
    }

    private static void run(Map<String, String> env, boolean https, CompletableFuture<ProcessorApp> built,
            CompletableFuture<List<Outcome>> primed) {
        try {
            List<Outcome> outcomes = Priming.prime(ownProcessor(env).orElseGet(built::join));
            if (https) {
                tls();
            }
            requestPath();
            primed.complete(outcomes);
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("warm-up stopped", e);
            primed.completeExceptionally(e);
        }
    }

    /**
     * A processor of the same settings built on this thread, on the synthetic store, so the file's path warms up
     * while the constructing thread builds the S3 client; empty where the settings need the real store (a schema
     * at {@code s3://}), and the warm-up then waits for the real processor.
     */
    private static Optional<ProcessorApp> ownProcessor(Map<String, String> env) {
        try {
            return Optional.of(ProcessorApp.fromEnvironment(env, Priming.syntheticStore(), Metrics.noop(), Clock.systemUTC()));
        } catch (RuntimeException needsTheRealStore) {
            return Optional.empty();
        }
    }

    /** Whether S3 is reached over TLS: AWS's endpoints always, an emulator's (the SDK's endpoint variables) maybe. */
    static boolean https(Map<String, String> env) {
        Env e = Env.of(env);
        return e.optional("AWS_ENDPOINT_URL_S3").or(() -> e.optional("AWS_ENDPOINT_URL"))
                .map(endpoint -> endpoint.toLowerCase(Locale.ROOT).startsWith("https:")).orElse(true);
    }

    /** The default TLS context (providers, the trust store), which the first https request builds otherwise. */
    private static void tls() {
        try {
            SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            LOG.debug("no default TLS context", e);
        }
    }

    /** The store calls a file's processing makes, through the SDK's S3 client, answered in memory. */
    private static void requestPath() {
        byte[] small = "{}".getBytes(StandardCharsets.UTF_8);
        try (AwsClients clients = AwsClients.answeredInMemory()) {
            ObjectStore store = new S3ObjectStore(clients.s3(), S3ObjectStore.MIN_PART_SIZE);
            List<Runnable> calls = List.of(
                    () -> store.head(Priming.BUCKET, KEY),
                    () -> store.open(Priming.BUCKET, KEY, Optional.of("warm-up")).ifPresent(WarmUp::drain),
                    () -> store.putIfAbsent(Priming.BUCKET, KEY, small, "application/json"),
                    () -> store.putIfMatch(Priming.BUCKET, KEY, small, "application/json", "warm-up"),
                    () -> {
                        try (ObjectUpload upload = store.startUpload(Priming.BUCKET, KEY, "application/x-ndjson", "gzip")) {
                            upload.stream().write(small);
                            upload.complete();
                        } catch (IOException e) {
                            LOG.debug("warm-up upload", e);
                        }
                    });
            for (Runnable call : calls) {
                try {
                    call.run();
                } catch (RuntimeException answeredEmpty) {
                    // An empty answer is not always a valid one; the request path ran all the same.
                }
            }
        }
    }

    private static void drain(InputStream in) {
        try (in) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            LOG.debug("warm-up read", e);
        }
    }
}
