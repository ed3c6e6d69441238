package dev.eventpipe.shared.lifecycle;

import java.util.Objects;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * Runtime hooks for Lambda SnapStart: work to do once before the snapshot of an initialised execution
 * environment is taken, and work to redo in every environment restored from it.
 *
 * <p>Lambda's Java runtime implements the CRaC API ({@code org.crac}) and calls {@code beforeCheckpoint}
 * when it publishes a version with SnapStart on, then {@code afterRestore} in each environment it resumes
 * from the snapshot (<a href="https://docs.aws.amazon.com/lambda/latest/dg/snapstart-runtime-hooks-java.html">runtime
 * hooks</a>). Without SnapStart (a plain cold start, the local stack, the worker, tests) neither is ever called.
 *
 * <p>The global context keeps only weak references to what is registered: the caller holds the returned
 * registration for as long as the hooks must stay alive (the handler, a field).
 */
public final class SnapStart {

    /** What a function does around the snapshot. */
    public interface Hooks {
        /** Before the snapshot: warm up (load and compile the hot path), then let go of what cannot be kept. */
        void beforeCheckpoint();

        /** In each restored environment: refresh what must not be shared between environments. */
        void afterRestore();
    }

    private final Resource resource;

    private SnapStart(Resource resource) {
        this.resource = resource;
    }

    /**
     * Registers hooks that prime nothing before the snapshot and run {@code afterRestore} in each restored
     * environment: a function that runs rarely (a daily job), whose first run's class loading is not worth a
     * synthetic run, but whose credentials must not be shared between environments. Keep the result referenced.
     */
    public static SnapStart onRestore(Runnable afterRestore) {
        Objects.requireNonNull(afterRestore, "afterRestore");
        return register(new Hooks() {
            @Override
            public void beforeCheckpoint() {
                // nothing to prime
            }

            @Override
            public void afterRestore() {
                afterRestore.run();
            }
        });
    }

    /** Registers the hooks with the runtime; keep the result referenced. */
    public static SnapStart register(Hooks hooks) {
        Objects.requireNonNull(hooks, "hooks");
        Resource resource = new Resource() {
            @Override
            public void beforeCheckpoint(Context<? extends Resource> context) {
                hooks.beforeCheckpoint();
            }

            @Override
            public void afterRestore(Context<? extends Resource> context) {
                hooks.afterRestore();
            }
        };
        Core.getGlobalContext().register(resource);
        return new SnapStart(resource);
    }
}
