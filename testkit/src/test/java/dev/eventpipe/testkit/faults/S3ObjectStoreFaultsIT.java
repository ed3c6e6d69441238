package dev.eventpipe.testkit.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventpipe.shared.aws.AwsClients;
import dev.eventpipe.shared.aws.S3ObjectStore;
import dev.eventpipe.shared.store.StoreReadException;
import dev.eventpipe.testkit.emulators.Emulators;
import dev.eventpipe.testkit.emulators.EmulatorsExtension;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The S3 adapter's reads behind the fault proxy: a broken body is a store failure, never a short file. */
@ExtendWith(EmulatorsExtension.class)
class S3ObjectStoreFaultsIT {

    private final Emulators emulators;

    S3ObjectStoreFaultsIT(Emulators emulators) {
        this.emulators = emulators;
    }

    @Test
    void failsTheRead_whenTheBodyIsTruncated_insteadOfEndingEarly() throws Exception {
        String bucket = emulators.uniqueName("faults-read");
        emulators.createBucket(bucket);
        byte[] content = "event_id,timestamp\n".repeat(2_000).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        new S3ObjectStore(emulators.s3(), S3ObjectStore.MIN_PART_SIZE).put(bucket, "f.csv", content, "text/csv");

        try (FaultProxy proxy = FaultProxy.start(emulators.s3Endpoint(), FaultProxy.Service.S3,
                new FaultPlan(Map.of(Fault.TRUNCATED_BODY, 1.0), Duration.ZERO, 1));
             AwsClients clients = AwsClients.forEmulators(Map.of("S3", proxy.endpoint()))) {
            S3ObjectStore store = new S3ObjectStore(clients.s3(), S3ObjectStore.MIN_PART_SIZE);
            try (InputStream in = store.open(bucket, "f.csv", Optional.empty()).orElseThrow()) {
                assertThatThrownBy(in::readAllBytes).isInstanceOf(StoreReadException.class)
                        .hasMessageContaining("of " + content.length + " bytes");
            }
            assertThat(proxy.plan().count(Fault.TRUNCATED_BODY)).isEqualTo(1);
        }
    }

    @Test
    void readsTheWholeBody_throughTheProxy_withoutFaults() throws Exception {
        String bucket = emulators.uniqueName("faults-read");
        emulators.createBucket(bucket);
        byte[] content = "x".repeat(100_000).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        new S3ObjectStore(emulators.s3(), S3ObjectStore.MIN_PART_SIZE).put(bucket, "f.csv", content, "text/csv");

        try (FaultProxy proxy = FaultProxy.start(emulators.s3Endpoint(), FaultProxy.Service.S3, FaultPlan.none());
             AwsClients clients = AwsClients.forEmulators(Map.of("S3", proxy.endpoint()));
             InputStream in = new S3ObjectStore(clients.s3(), S3ObjectStore.MIN_PART_SIZE).open(bucket, "f.csv", Optional.empty())
                     .orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
    }
}
