package dev.eventpipe.processor;

import dev.eventpipe.processor.batch.BatchMessage;
import dev.eventpipe.processor.file.Outcome;
import dev.eventpipe.shared.aws.AwsClients;
import dev.eventpipe.shared.lifecycle.SnapStart;
import dev.eventpipe.shared.store.ObjectInfo;
import dev.eventpipe.shared.store.ObjectStore;
import dev.eventpipe.shared.store.ObjectUpload;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The processor's SnapStart hooks. Before the snapshot, a small synthetic file (CSV, gzip output, one
 * valid and one rejected row) goes through the whole per-file path on an in-memory store: notification
 * parsing, format detection, validation, encoding, gzip, manifests, receipt, the JSON log layout. Its
 * classes are then loaded and initialised in the snapshot, and the first real batch after a restore
 * starts from there. Nothing reaches S3, SQS or the metrics; no connection is open at the snapshot.
 *
 * <p>After a restore the credentials are resolved afresh: a snapshot is resumed in many execution
 * environments, none of which may go on with the credentials of the one it was taken in. The SDK's HTTP
 * connections need nothing: none was opened before the snapshot. There are no random generators of our own
 * to reseed (the SDK's come from {@code SecureRandom}).
 */
final class Priming implements SnapStart.Hooks {

    static final String BUCKET = "eventpipe-priming";
    static final String KEY = "priming/synthetic.csv";

    private static final byte[] FILE = ("""
            event_id,timestamp,event_type,user_id,action,amount,country,device,session_id,details
            3f1c6a8e-0b7a-4c55-9c1e-1d2f3a4b5c6d,2026-12-03T08:00:00.000Z,purchase,u-1,buy,12.50,DE,mobile,s-1,"a, quoted \"\"detail\"\""
            7a2b9c0d-1e2f-4a5b-8c6d-7e8f9a0b1c2d,not-a-time,view,u-2,open,,FR,desktop,s-2,rejected on purpose
            """).getBytes(StandardCharsets.UTF_8);

    private static final String NOTIFICATION = "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\","
            + "\"awsRegion\":\"us-east-1\",\"eventTime\":\"2026-12-03T08:00:00.000Z\",\"eventName\":\"ObjectCreated:Put\","
            + "\"s3\":{\"s3SchemaVersion\":\"1.0\",\"bucket\":{\"name\":\"" + BUCKET + "\"},"
            + "\"object\":{\"key\":\"" + KEY + "\",\"size\":" + FILE.length + ",\"eTag\":\"snapstart-priming\"}}}]}";

    private final ProcessorApp app;
    private final AwsClients clients;

    Priming(ProcessorApp app, AwsClients clients) {
        this.app = app;
        this.clients = clients;
    }

    @Override
    public void beforeCheckpoint() {
        prime(app);
    }

    /** One synthetic file through {@code app}'s processing (any input bucket allowed), on a store of its own. */
    static List<Outcome> prime(ProcessorApp app) {
        return app.onStore(new SyntheticStore()).messages()
                .handle(new BatchMessage("snapstart-priming", NOTIFICATION, Optional.empty()));
    }

    /** A store holding only the synthetic file (what {@link #prime} runs on), for building a processor to prime. */
    static ObjectStore syntheticStore() {
        return new SyntheticStore();
    }

    @Override
    public void afterRestore() {
        clients.refreshCredentials();
    }

    /** Holds the synthetic input; keeps small writes (receipts look for each other); discards streamed outputs. */
    private static final class SyntheticStore implements ObjectStore {
        private final Map<String, byte[]> small = new ConcurrentHashMap<>();

        @Override
        public Optional<ObjectInfo> head(String bucket, String key) {
            if (BUCKET.equals(bucket) && KEY.equals(key)) {
                return Optional.of(new ObjectInfo(FILE.length, "snapstart-priming", Optional.empty(), Optional.of("text/csv"),
                        Optional.empty()));
            }
            byte[] b = small.get(bucket + '/' + key);
            return b == null ? Optional.empty()
                    : Optional.of(new ObjectInfo(b.length, "small", Optional.empty(), Optional.empty(), Optional.empty()));
        }

        @Override
        public Optional<InputStream> open(String bucket, String key, Optional<String> versionId) {
            if (BUCKET.equals(bucket) && KEY.equals(key)) {
                return Optional.of(new ByteArrayInputStream(FILE));
            }
            return Optional.ofNullable(small.get(bucket + '/' + key)).map(ByteArrayInputStream::new);
        }

        @Override
        public void put(String bucket, String key, byte[] content, String contentType) {
            small.put(bucket + '/' + key, content.clone());
        }

        @Override
        public boolean putIfAbsent(String bucket, String key, byte[] content, String contentType) {
            return small.putIfAbsent(bucket + '/' + key, content.clone()) == null;
        }

        @Override
        public boolean putIfMatch(String bucket, String key, byte[] content, String contentType, String etag) {
            return small.computeIfPresent(bucket + '/' + key, (k, v) -> content.clone()) != null;
        }

        @Override
        public ObjectUpload startUpload(String bucket, String key, String contentType, String contentEncoding) {
            return ObjectUpload.of(OutputStream.nullOutputStream(), () -> { }, () -> { });
        }

        @Override
        public List<String> list(String bucket, String prefix, int limit) {
            return List.of();
        }

        @Override
        public void delete(String bucket, String key) {
            small.remove(bucket + '/' + key);
        }
    }
}
