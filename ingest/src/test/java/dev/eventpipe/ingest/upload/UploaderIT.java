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
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.transfer.s3.S3TransferManager;

/** The uploader against the local S3 through the Transfer Manager, as {@code eventpipe ingest} runs it. */
@ExtendWith(EmulatorsExtension.class)
class UploaderIT {

    private static final long THRESHOLD = 5L * 1024 * 1024;

    private final Emulators emulators;
    private final String bucket;
    private final AwsClients clients;
    private final SdkAsyncHttpClient http = NettyNioAsyncHttpClient.builder().maxConcurrency(8).build();
    private final S3AsyncClient async;
    private final S3TransferManager transfers;
    private final Uploader uploader;

    @TempDir
    Path dir;

    UploaderIT(Emulators emulators) {
        this.emulators = emulators;
        this.bucket = emulators.uniqueName("upload");
        emulators.createBucket(bucket);
        this.clients = AwsClients.forEmulators(Map.of("S3", emulators.s3Endpoint()));
        this.async = clients.s3Async(http, b -> b.multipartEnabled(true)
                .multipartConfiguration(c -> c.thresholdInBytes(THRESHOLD).minimumPartSizeInBytes(THRESHOLD)));
        this.transfers = S3TransferManager.builder().s3Client(async).build();
        this.uploader = new Uploader(clients.s3(), transfers, 4, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        transfers.close();
        async.close();
        http.close();
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
    void detectsChecksumMismatch_whenTheFileChangesAfterItsChecksumWasTaken() throws IOException {
        Path f = write("a.csv", "event_id\nAAAA\n");
        write("b.csv", "event_id\nbbbb\n");
        Uploader.Plan plan = uploader.plan(bucket, "in/", files());
        Files.writeString(f, "event_id\nZZZZ\n"); // same size, other bytes: what S3 receives no longer matches

        UploadSummary summary = uploader.send(plan, UploadListener.NONE);

        assertThat(summary.failed()).singleElement().satisfies(failed -> {
            assertThat(failed.key()).isEqualTo("in/a.csv");
            assertThat(failed.reason()).containsIgnoringCase("checksum");
        });
        assertThat(summary.uploaded()).extracting(FileResult::key).containsExactly("in/b.csv");
        // What S3 holds is the file as it is now, so the next run finds it unchanged.
        assertThat(uploader.upload(bucket, "in/", files(), UploadListener.NONE).skipped()).hasSize(2);
    }

    @Test
    void storesTheWholeFileCrc32_andSkipsAMultipartUploadByIt() throws IOException {
        byte[] big = new byte[(int) THRESHOLD + 1024];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 26);
        }
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
