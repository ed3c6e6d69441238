package dev.eventpipe.ingest.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipe.shared.aws.AwsClients;
import dev.eventpipe.testkit.emulators.Emulators;
import dev.eventpipe.testkit.emulators.EmulatorsExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** The uploader against the local S3, on the clients {@code eventpipe ingest} runs it on. */
@ExtendWith(EmulatorsExtension.class)
class UploaderIT {

    private static final long THRESHOLD = 5L * 1024 * 1024;

    private final Emulators emulators;
    private final String bucket;
    private final AwsClients clients;
    private final UploadClients upload;
    private final Uploader uploader;

    @TempDir
    Path dir;

    UploaderIT(Emulators emulators) {
        this.emulators = emulators;
        this.bucket = emulators.uniqueName("upload");
        emulators.createBucket(bucket);
        this.clients = AwsClients.forEmulators(Map.of("S3", emulators.s3Endpoint()));
        this.upload = UploadClients.open(clients, new Uploader.Settings(4, THRESHOLD, 2 * THRESHOLD), Clock.systemUTC());
        this.uploader = upload.uploader();
    }

    @AfterEach
    void close() {
        upload.close();
        clients.close();
    }

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private List<LocalFile> files() {
        return LocalFiles.find(List.of(dir), "in", List.of(), List.of());
    }

    @Test
    void resumesAfterInterruption_uploadingOnlyTheRest() throws IOException {
        for (int i = 0; i < 6; i++) {
            write("day/f" + i + ".csv", "event_id,n\ne" + i + "," + i + "\n");
        }
        List<LocalFile> all = files();
        // The first run was interrupted after three files.
        uploader.upload(bucket, "in/", all.subList(0, 3), UploadListener.NONE);

        UploadSummary second = uploader.upload(bucket, "in/", all, UploadListener.NONE);

        assertThat(second.skipped()).extracting(FileResult::key).containsExactly("in/day/f0.csv", "in/day/f1.csv", "in/day/f2.csv");
        assertThat(second.uploaded()).extracting(FileResult::key).containsExactly("in/day/f3.csv", "in/day/f4.csv", "in/day/f5.csv");
        assertThat(second.failed()).isEmpty();
        assertThat(uploader.upload(bucket, "in/", all, UploadListener.NONE).skipped()).hasSize(6);
    }

    @Test
    void uploadsAgain_whenContentChangedButNotTheSize() throws IOException {
        Path f = write("a.csv", "event_id\nAAAA\n");
        uploader.upload(bucket, "in/", files(), UploadListener.NONE);
        Files.writeString(f, "event_id\nBBBB\n");

        UploadSummary again = uploader.upload(bucket, "in/", files(), UploadListener.NONE);

        assertThat(again.uploaded()).singleElement().extracting(FileResult::key).isEqualTo("in/a.csv");
        assertThat(new String(emulators.s3().getObjectAsBytes(b -> b.bucket(bucket).key("in/a.csv")).asByteArray(),
                StandardCharsets.UTF_8)).isEqualTo("event_id\nBBBB\n");
    }

    @Test
    void storesTheFileAsItIsRead_whenItChangesAfterPlanning() throws IOException {
        Path f = write("a.csv", "event_id\nAAAA\n");
        write("b.csv", "event_id\nbbbb\n");
        Uploader.Plan plan = uploader.plan(bucket, "in/", files());
        Files.writeString(f, "event_id\nZZZZ\n"); // same size, other bytes

        UploadSummary summary = uploader.send(plan, UploadListener.NONE);

        assertThat(summary.uploaded()).extracting(FileResult::key).containsExactly("in/a.csv", "in/b.csv");
        assertThat(new String(emulators.s3().getObjectAsBytes(b -> b.bucket(bucket).key("in/a.csv")).asByteArray(),
                StandardCharsets.UTF_8)).isEqualTo("event_id\nZZZZ\n");
        assertThat(uploader.upload(bucket, "in/", files(), UploadListener.NONE).skipped()).hasSize(2);
    }

    @Test
    void reportsBadDigest_andStoresNothing_whenTheBytesAreDamagedOnTheWay() throws IOException {
        write("damaged.csv", "event_id,n\ne1,1\n");
        SdkHttpClient http = ApacheHttpClient.create();
        try (http; S3Client damaging = clients.s3(http, b -> b.overrideConfiguration(o -> o.addExecutionInterceptor(new FlipFirstByte())))) {
            Uploader damagingUploader = new Uploader(damaging, new Uploader.Settings(1, THRESHOLD, THRESHOLD),
                    Clock.systemUTC());

            UploadSummary summary = damagingUploader.upload(bucket, "in/", files(), UploadListener.NONE);

            assertThat(summary.failed()).singleElement().satisfies(failed -> {
                assertThat(failed.key()).isEqualTo("in/damaged.csv");
                assertThat(failed.reason()).contains("checksum mismatch").contains("BadDigest").contains("nothing was stored");
            });
        }
        assertThat(emulators.s3().listObjectsV2(b -> b.bucket(bucket).prefix("in/")).contents()).isEmpty();
    }

    /** Changes a PUT's body after its CRC32 header was set: what a corrupting network would do. */
    private static final class FlipFirstByte implements ExecutionInterceptor {
        @Override
        public Optional<RequestBody> modifyHttpContent(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            if (!(context.request() instanceof PutObjectRequest) || context.requestBody().isEmpty()) {
                return context.requestBody();
            }
            try (InputStream in = context.requestBody().get().contentStreamProvider().newStream()) {
                byte[] bytes = in.readAllBytes();
                bytes[0] ^= 1;
                return Optional.of(RequestBody.fromBytes(bytes));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void storesNothing_andSaysSo_whenALargeFileChangesWhileItIsSent() throws IOException {
        Path big = dir.resolve("big.jsonl");
        Files.write(big, letters((int) THRESHOLD + 1024));
        AtomicBoolean touched = new AtomicBoolean();
        UploadListener changeOnFirstBytes = new UploadListener() {
            @Override
            public void planned(int files, long bytes) {
            }

            @Override
            public void bytesSent(long bytes) {
                if (touched.compareAndSet(false, true)) {
                    try {
                        Files.setLastModifiedTime(big, FileTime.from(Files.getLastModifiedTime(big).toInstant().plusSeconds(10)));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }

            @Override
            public void finished(FileResult result) {
            }
        };

        UploadSummary summary = uploader.upload(bucket, "in/", files(), changeOnFirstBytes);

        assertThat(touched).isTrue();
        assertThat(summary.failed()).singleElement().satisfies(failed -> assertThat(failed.reason())
                .startsWith(Uploader.CHANGED_WHILE_SENT).contains("nothing was stored"));
        assertThat(emulators.s3().listObjectsV2(b -> b.bucket(bucket).prefix("in/")).contents()).isEmpty();
        assertThat(emulators.s3().listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty(); // aborted
    }

    @Test
    void storesNothing_whenALargeFileShrinksAfterPlanning() throws IOException {
        Path big = dir.resolve("big.jsonl");
        Files.write(big, letters((int) THRESHOLD + 1024));
        Uploader.Plan plan = uploader.plan(bucket, "in/", files());
        Files.write(big, letters((int) THRESHOLD + 10)); // still large, shorter than planned

        UploadSummary summary = uploader.send(plan, UploadListener.NONE);

        assertThat(summary.failed()).singleElement().satisfies(failed -> assertThat(failed.reason())
                .startsWith(Uploader.CHANGED_WHILE_SENT));
        assertThat(emulators.s3().listObjectsV2(b -> b.bucket(bucket).prefix("in/")).contents()).isEmpty();
    }

    @Test
    void sendsALargeFileInParts_eachVerified_andTheObjectIsTheFile() throws IOException {
        byte[] big = letters((int) (2 * THRESHOLD + 4096)); // three parts, the last short
        big[(int) THRESHOLD + 7] = '!';
        Files.write(dir.resolve("big.jsonl"), big);

        UploadSummary summary = uploader.upload(bucket, "in/", files(), UploadListener.NONE);

        assertThat(summary.uploaded()).singleElement().satisfies(u -> assertThat(u.etag()).endsWith("-3"));
        assertThat(emulators.s3().getObjectAsBytes(b -> b.bucket(bucket).key("in/big.jsonl")).asByteArray()).isEqualTo(big);
    }

    private static byte[] letters(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) ('a' + i % 26);
        }
        return bytes;
    }

    @Test
    void storesTheWholeFileCrc32_andSkipsAMultipartUploadByIt() throws IOException {
        byte[] big = letters((int) THRESHOLD + 1024);
        Files.write(dir.resolve("big.jsonl"), big);

        UploadSummary first = uploader.upload(bucket, "in/", files(), UploadListener.NONE);
        UploadSummary second = uploader.upload(bucket, "in/", files(), UploadListener.NONE);

        assertThat(first.uploaded()).singleElement().satisfies(u -> assertThat(u.etag()).contains("-"));
        HeadObjectResponse head = emulators.s3().headObject(b -> b.bucket(bucket).key("in/big.jsonl")
                .checksumMode(ChecksumMode.ENABLED));
        assertThat(head.metadata()).containsEntry(Uploader.CRC32_METADATA, Checksums.crc32(big));
        assertThat(second.skipped()).hasSize(1);
        assertThat(second.uploaded()).isEmpty();
    }

    @Test
    void givesEachUploadTheFileIdTheProcessorWillUse() throws IOException {
        write("x.csv", "event_id\n1\n");

        FileResult.Uploaded u = uploader.upload(bucket, "in/", files(), UploadListener.NONE).uploaded().get(0);

        String etag = emulators.s3().headObject(b -> b.bucket(bucket).key("in/x.csv")).eTag().replace("\"", "");
        assertThat(u.fileId()).isEqualTo(dev.eventpipe.shared.layout.FileId.of(bucket, "in/x.csv", Optional.empty(), etag).value());
    }
}
