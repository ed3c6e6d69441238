package dev.eventpipe.local.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventpipe.local.TestThreads;
import dev.eventpipe.shared.aws.AwsClients;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

class LocalS3IT {

    private static final String CONTENT = "id,name\n1,ü\n";

    @Test
    void bucketsAndObjects_surviveARestartOnTheSameDirectory(@TempDir Path dataDir) throws IOException {
        String eTag;
        try (LocalS3 first = LocalS3.start(LocalS3.Settings.of(0, dataDir.resolve("s3")));
             AwsClients clients = AwsClients.forEmulator(first.endpoint())) {
            S3Client s3 = clients.s3();
            s3.createBucket(b -> b.bucket("inbox"));
            eTag = s3.putObject(b -> b.bucket("inbox").key("in/a b+c.csv"), RequestBody.fromString(CONTENT)).eTag();
        }
        assertThat(dataDir.resolve("s3/index.db")).isRegularFile();

        int port = freePort();
        try (LocalS3 second = LocalS3.start(LocalS3.Settings.of(port, dataDir.resolve("s3")));
             AwsClients clients = AwsClients.forEmulator(second.endpoint())) {
            S3Client s3 = clients.s3();

            assertThat(second.endpoint().toString()).isEqualTo("http://127.0.0.1:" + port);
            assertThat(s3.listBuckets().buckets()).anyMatch(b -> b.name().equals("inbox"));
            assertThat(s3.listObjectsV2(b -> b.bucket("inbox")).contents()).extracting(S3Object::key)
                    .containsExactly("in/a b+c.csv");
            assertThat(s3.getObjectAsBytes(b -> b.bucket("inbox").key("in/a b+c.csv")).asUtf8String())
                    .isEqualTo(CONTENT);
            assertThat(s3.headObject(b -> b.bucket("inbox").key("in/a b+c.csv")).eTag()).isEqualTo(eTag);
            s3.putObject(b -> b.bucket("inbox").key("after restart"), RequestBody.fromString("x")); // still writable
        }
    }

    @Test
    void createsAMissingDataDirectory_parentsIncluded(@TempDir Path tmp) {
        Path nested = tmp.resolve("a/b/s3");

        try (LocalS3 s3 = LocalS3.start(LocalS3.Settings.of(0, nested));
             AwsClients clients = AwsClients.forEmulator(s3.endpoint())) {
            clients.s3().createBucket(b -> b.bucket("made"));

            assertThat(s3.dataDirectory()).isEqualTo(nested.toAbsolutePath());
        }
        assertThat(nested.resolve("index.db")).isRegularFile();
    }

    @Test
    void failsToStart_whenThePortIsTaken_leavingNoServerThreads(@TempDir Path dataDir) throws Exception {
        int port;
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = taken.getLocalPort();
            assertThatThrownBy(() -> LocalS3.start(LocalS3.Settings.of(port, dataDir)).close())
                    .isInstanceOf(RuntimeException.class);
        }
        // Jetty's pool threads are named "qtp<hash>-<n>"; none may outlive the failed start.
        assertThat(TestThreads.liveThreadsNamedWith("qtp", 0)).isEmpty();
    }

    @Test
    void refusesASecondStoreOnTheSameDirectory_whileTheFirstIsOpen(@TempDir Path dataDir) {
        try (LocalS3 first = LocalS3.start(LocalS3.Settings.of(0, dataDir))) {
            assertThatThrownBy(() -> LocalS3.start(LocalS3.Settings.of(0, dataDir)).close())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("already open");
            assertThat(first.engine().createBucket("still-works")).isTrue();
        }
        try (LocalS3 again = LocalS3.start(LocalS3.Settings.of(0, dataDir))) { // released on close
            assertThat(again.engine().bucketExists("still-works")).isTrue();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
