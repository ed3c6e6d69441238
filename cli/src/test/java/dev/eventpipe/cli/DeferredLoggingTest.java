package dev.eventpipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationFactory;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The deferred SLF4J provider of the text logging, and the configuration fact it relies on. */
class DeferredLoggingTest {

    @Test
    void startsNoLogging_forMessagesBelowWarnOutsideTheToolsOwnLoggers() {
        DeferredLogging provider = new DeferredLogging();
        provider.initialize();
        Logger sdk = provider.getLoggerFactory().getLogger("software.amazon.awssdk.regions.RegionChain");

        sdk.debug("probing {}", "profile");
        sdk.info("resolved");

        assertThat(sdk.isDebugEnabled()).isFalse();
        assertThat(sdk.isInfoEnabled()).isFalse();
        assertThat(provider.started()).isFalse();
    }

    @Test
    void startsTheRealProvider_whenAWarningMayBePrinted() {
        DeferredLogging provider = new DeferredLogging();
        provider.initialize();
        Logger sdk = provider.getLoggerFactory().getLogger("software.amazon.awssdk.core.Warnings");

        sdk.isWarnEnabled();

        assertThat(provider.started()).isTrue();
    }

    @Test
    void theTextConfigurationPrintsNothingBelowWarn_outsideTheToolsOwnLoggers() throws Exception {
        ConfigurationSource source = ConfigurationSource.fromResource("eventpipe-cli-log4j2.xml", getClass().getClassLoader());
        Configuration config = ConfigurationFactory.getInstance().getConfiguration(new LoggerContext("deferred-test"), source);
        config.initialize();

        assertThat(config.getRootLogger().getLevel()).isEqualTo(Level.WARN);
        assertThat(config.getLoggers().keySet()).allSatisfy(name -> assertThat(name.isEmpty()
                || name.equals(DeferredLogging.OWN_LOGGERS) || name.startsWith(DeferredLogging.OWN_LOGGERS + ".")
                || config.getLoggers().get(name).getLevel().isMoreSpecificThan(Level.WARN)).as(name).isTrue());
    }
}
