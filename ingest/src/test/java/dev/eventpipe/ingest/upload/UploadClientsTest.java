package dev.eventpipe.ingest.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UploadClientsTest {

    @Test
    void uploadsFewerFilesAtOnce_toAServerOnThisMachine() {
        for (String endpoint : new String[] {"http://127.0.0.1:9090", "http://localhost:5000", "http://[::1]:9090",
                "http://127.0.1.1"}) {
            assertThat(UploadClients.defaultConcurrency(Optional.of(URI.create(endpoint))))
                    .as(endpoint).isEqualTo(UploadClients.LOOPBACK_CONCURRENCY);
        }
    }

    @Test
    void uploadsMoreAtOnce_toS3OrAnotherMachine() {
        assertThat(UploadClients.defaultConcurrency(Optional.empty())).isEqualTo(UploadClients.REMOTE_CONCURRENCY);
        assertThat(UploadClients.defaultConcurrency(Optional.of(URI.create("http://minio.internal:9000"))))
                .isEqualTo(UploadClients.REMOTE_CONCURRENCY);
        assertThat(UploadClients.defaultConcurrency(Optional.of(URI.create("http://10.0.0.7:9000"))))
                .isEqualTo(UploadClients.REMOTE_CONCURRENCY);
    }
}
