package dev.eventpipe.ingest.query;

import dev.eventpipe.shared.aws.AwsClients;
import dev.eventpipe.shared.aws.S3ObjectStore;
import dev.eventpipe.shared.store.ObjectStore;
import java.time.Duration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The store a {@link LocalCache} fetches through: the S3 client configured like every other (region,
 * credentials, endpoint), on Apache's pooled HTTP client with a kept-alive connection per reader (the JDK's
 * URL connection keeps five, so most of thousands of small GETs would open a connection of their own).
 */
public final class QueryClients implements AutoCloseable {

    private final SdkHttpClient http;
    private final S3Client s3;

    private QueryClients(AwsClients clients, int readers) {
        this.http = ApacheHttpClient.builder().maxConnections(readers).connectionAcquisitionTimeout(Duration.ofMinutes(2)).build();
        this.s3 = clients.s3(http, b -> { });
    }

    public static QueryClients open(AwsClients clients, int readers) {
        return new QueryClients(clients, readers);
    }

    public ObjectStore store() {
        return new S3ObjectStore(s3, S3ObjectStore.MIN_PART_SIZE);
    }

    @Override
    public void close() {
        s3.close();
        http.close();
    }
}
