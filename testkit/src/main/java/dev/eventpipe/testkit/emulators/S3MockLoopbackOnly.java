package dev.eventpipe.testkit.emulators;

import java.util.List;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Added to S3Mock's Spring context (property {@code spring.main.sources}) to drop its second, plain-HTTP
 * Tomcat connector. That connector takes only a port ({@code http.port}), never an address, so it would
 * listen on every interface; the main connector honours {@code server.address} and serves plain HTTP
 * once {@code server.ssl.enabled=false}, so it alone is enough.
 */
@Configuration(proxyBeanMethods = false)
class S3MockLoopbackOnly {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> dropS3MockWildcardConnector() {
        return factory -> factory.setAdditionalConnectors(List.of());
    }
}
