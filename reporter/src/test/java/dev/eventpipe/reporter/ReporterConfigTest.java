package dev.eventpipe.reporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventpipe.shared.config.ConfigException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReporterConfigTest {

    private static final Map<String, String> MINIMAL = Map.of("EVENTPIPE_PROCESSED_BUCKET", "p", "EVENTPIPE_REPORTS_BUCKET", "r");

    @Test
    void defaults_whenOnlyTheBucketsAreSet() {
        ReporterConfig c = ReporterConfig.fromEnv(MINIMAL);

        assertThat(c.zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(c.topicArn()).isEmpty();
        assertThat(c.queueUrl()).isEmpty();
        assertThat(c.linkValidity()).isEqualTo(Duration.ofHours(12));
        assertThat(c.rules().band()).isEqualTo(0.5);
        assertThat(c.serviceName()).isEqualTo("eventpipe-reporter");
    }

    @Test
    void failsAtStart_namingTheMissingBucket() {
        assertThatThrownBy(() -> ReporterConfig.fromEnv(Map.of("EVENTPIPE_PROCESSED_BUCKET", "p")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("EVENTPIPE_REPORTS_BUCKET");
    }

    @Test
    void failsAtStart_onAnUnknownZone() {
        Map<String, String> env = new java.util.HashMap<>(MINIMAL);
        env.put("EVENTPIPE_REPORT_ZONE", "Mars/Olympus");

        assertThatThrownBy(() -> ReporterConfig.fromEnv(env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("EVENTPIPE_REPORT_ZONE").hasMessageContaining("Mars/Olympus");
    }

    @Test
    void refusesALinkLongerThanSigV4Allows() {
        Map<String, String> env = new java.util.HashMap<>(MINIMAL);
        env.put("EVENTPIPE_REPORT_LINK_HOURS", "200");

        assertThatThrownBy(() -> ReporterConfig.fromEnv(env)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("EVENTPIPE_REPORT_LINK_HOURS");
    }
}
