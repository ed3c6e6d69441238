package dev.eventpipe.local.emulator;

import com.adobe.testing.s3mock.s3.model.S3ObjectMetadata;
import com.adobe.testing.s3mock.s3.service.ObjectService;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Added to S3Mock's Spring context by {@link LocalS3} (property {@code spring.main.sources}): drops
 * S3Mock's wildcard connector and installs the {@link ObjectCreatedFilter}.
 *
 * <p>The listener and clock reach this context without static state: {@link LocalS3} puts a
 * {@link Hooks} object into the map it passes to {@code S3MockApplication.start}, which Spring Boot keeps,
 * values untouched, as the environment's {@code defaultProperties} property source.
 */
@Configuration(proxyBeanMethods = false)
class LocalS3SpringConfiguration {

    /** The start property that carries the {@link Hooks}; outside Spring's and S3Mock's own namespaces. */
    static final String HOOKS_PROPERTY = "eventpipe.local.s3.hooks";

    /** What {@link LocalS3} hands its S3Mock: whom to tell about writes, and the clock for event times. */
    record Hooks(ObjectCreatedListener listener, Clock clock) {
        Hooks {
            Objects.requireNonNull(listener, "listener");
            Objects.requireNonNull(clock, "clock");
        }

        @Override
        public String toString() {
            return "LocalS3 hooks"; // Spring may print property values; keep it short
        }
    }

    /**
     * S3Mock opens a second, plain-HTTP Tomcat connector that takes a port ({@code http.port}) but never an
     * address, so it would listen on every interface. The main connector honours {@code server.address}
     * and serves plain HTTP once {@code server.ssl.enabled=false}, so it alone is enough.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> dropS3MockWildcardConnector() {
        return factory -> factory.setAdditionalConnectors(List.of());
    }

    @Bean
    FilterRegistrationBean<ObjectCreatedFilter> objectCreatedFilter(ConfigurableEnvironment environment,
                                                                     ObjectProvider<ObjectService> objects) {
        Hooks hooks = hooks(environment);
        FilterRegistrationBean<ObjectCreatedFilter> registration = new FilterRegistrationBean<>(
                new ObjectCreatedFilter(hooks.listener(), new S3MockStoredObjects(objects), hooks.clock()));
        registration.setName("eventpipeObjectCreatedNotifications");
        registration.addUrlPatterns("/*");
        // Outermost, so it sees the status every other filter and S3Mock's exception handlers settled on.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    private static Hooks hooks(ConfigurableEnvironment environment) {
        PropertySource<?> defaults = environment.getPropertySources().get(DefaultPropertiesPropertySource.NAME);
        Object hooks = defaults == null ? null : defaults.getProperty(HOOKS_PROPERTY);
        if (hooks instanceof Hooks h) {
            return h;
        }
        throw new IllegalStateException("S3Mock was not started by LocalS3: its default properties lack "
                + HOOKS_PROPERTY);
    }

    /**
     * Sizes read from S3Mock's own object service, in-process: no HTTP request back into S3Mock (which
     * would need a free Tomcat thread while this one holds a key lock). The one place that touches
     * S3Mock's internal API, pinned by the parent POM's S3Mock version.
     */
    static final class S3MockStoredObjects implements StoredObjects {

        private final ObjectProvider<ObjectService> objects;

        S3MockStoredObjects(ObjectProvider<ObjectService> objects) {
            this.objects = objects; // resolved on first use: S3Mock initialises its beans lazily
        }

        @Override
        public OptionalLong size(String bucket, String key, Optional<String> versionId) {
            try {
                S3ObjectMetadata metadata = objects.getObject().getObject(bucket, key, versionId.orElse(null));
                if (metadata == null || metadata.getDeleteMarker()) {
                    return OptionalLong.empty();
                }
                return OptionalLong.of(Long.parseLong(metadata.getSize()));
            } catch (RuntimeException e) {
                // S3Mock throws its own exceptions for a missing bucket or key: "not stored" either way.
                return OptionalLong.empty();
            }
        }
    }
}
