package dev.eventpipe.testkit.emulators;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects the one {@link Emulators} of this test JVM into test constructors and methods:
 *
 * <pre>{@code
 * @ExtendWith(EmulatorsExtension.class)
 * class ObjectStoreIT {
 *     private final Emulators emulators;
 *
 *     ObjectStoreIT(Emulators emulators) {
 *         this.emulators = emulators;
 *     }
 * }
 * }</pre>
 *
 * <p>The instance lives in the store of the root context, which every test class of the run shares, so
 * the emulators start on first use and once per JVM, not per class. JUnit closes {@link AutoCloseable}
 * values of a store when its context closes (Jupiter 5.13 and later), and the root context closes when
 * the whole test plan has run: that is when the emulators stop.
 */
public final class EmulatorsExtension implements ParameterResolver {

    private static final Namespace NAMESPACE = Namespace.create(EmulatorsExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Emulators.class;
    }

    @Override
    public Emulators resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // getOrComputeIfAbsent is atomic, so classes run in parallel still share one instance.
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Emulators.class, key -> Emulators.start(), Emulators.class);
    }
}
