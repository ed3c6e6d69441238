package dev.eventpipe.cli;

import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.spi.LocationAwareLogger;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider of the tool's text logging ({@code eventpipe-cli-log4j2.xml}): the class path's own provider
 * (Log4j's) started only when something is logged that the configuration prints.
 *
 * <p>Why: the AWS SDK creates an SLF4J logger in the static initialiser of its region and credentials classes,
 * and creating the first logger starts Log4j (its XML configuration, plugins, layouts): about a quarter of a
 * second of CPU, which a quick command such as {@code eventpipe receipt} paid before doing anything, to print
 * nothing. Under that configuration every logger outside {@code dev.eventpipe} is at WARN (the root's level), so
 * this provider answers "disabled" for TRACE, DEBUG and INFO on those loggers without asking Log4j, and hands
 * WARN and ERROR (and every logger under {@code dev.eventpipe}, and MDC) to Log4j, which it starts on first use.
 * The output is Log4j's, unchanged. {@code DeferredLoggingTest} checks the configuration still says WARN.
 *
 * <p>{@link Main} selects it through SLF4J's {@code slf4j.provider} property, only with the text configuration.
 */
public final class DeferredLogging implements SLF4JServiceProvider {

    /** Loggers at or under this name follow the configuration's own levels: always delegated. */
    static final String OWN_LOGGERS = "dev.eventpipe";

    private volatile SLF4JServiceProvider real;
    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
    private final ILoggerFactory factory = name -> name.equals(OWN_LOGGERS) || name.startsWith(OWN_LOGGERS + ".")
            ? real().getLoggerFactory().getLogger(name)
            : loggers.computeIfAbsent(name, Deferred::new);

    /** Whether the real provider has been started (tests). */
    boolean started() {
        return real != null;
    }

    private SLF4JServiceProvider real() {
        SLF4JServiceProvider r = real;
        if (r == null) {
            synchronized (this) {
                r = real;
                if (r == null) {
                    r = ServiceLoader.load(SLF4JServiceProvider.class, DeferredLogging.class.getClassLoader()).stream()
                            .filter(p -> p.type() != DeferredLogging.class).findFirst()
                            .orElseThrow(() -> new IllegalStateException("no SLF4J provider on the class path")).get();
                    r.initialize();
                    real = r;
                }
            }
        }
        return r;
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return real().getMarkerFactory();
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return real().getMDCAdapter();
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // Nothing until the first message: that is the point.
    }

    /** A logger outside {@code dev.eventpipe}: below WARN always off (the root's level); WARN and ERROR go to Log4j. */
    private final class Deferred extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;
        private transient volatile Logger delegate;

        Deferred(String name) {
            this.name = name;
        }

        private Logger delegate() {
            Logger d = delegate;
            if (d == null) {
                d = real().getLoggerFactory().getLogger(name);
                delegate = d;
            }
            return d;
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public boolean isInfoEnabled() {
            return false;
        }

        @Override
        public boolean isWarnEnabled() {
            return delegate().isWarnEnabled();
        }

        @Override
        public boolean isErrorEnabled() {
            return delegate().isErrorEnabled();
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return Deferred.class.getName();
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String message, Object[] arguments,
                                                   Throwable throwable) {
            if (level.toInt() < Level.WARN.toInt()) {
                return;
            }
            Logger d = delegate();
            if (d instanceof LocationAwareLogger l) {
                l.log(marker, getFullyQualifiedCallerName(), level.toInt(), message, arguments, throwable);
            } else {
                d.atLevel(level).addMarker(marker).setCause(throwable).log(message, arguments);
            }
        }
    }
}
