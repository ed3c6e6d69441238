package dev.eventpipe.local.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventpipe.shared.aws.AwsClients;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.DeletedObject;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.transfer.s3.S3TransferManager;

/**
 * The local S3 spoken to by clients this project did not write: awscli and boto3 as child processes, and
 * the SDK's synchronous, asynchronous (multipart) and Transfer Manager clients, through one {@link LocalS3}
 * on a port the OS picked. Each test has buckets of its own, so none depends on another or on their order.
 *
 * <p>A test of a client that is not installed is skipped (a JUnit assumption) and says so: awscli is
 * looked for as {@code aws} on the PATH, boto3 as a {@code python3} that can import it. That holds under
 * {@code CI=true} too, because no CI image is guaranteed to carry either; the skip message then names CI,
 * so a build log shows the check did not run.
 *
 * <p>One thing S3 serves is known not to work here, and its test is disabled with the reason: the SDK's
 * multipart client downloads by part number, which the local S3 refuses for multipart objects.
 */
class S3CompatibilityIT {

    private static final int MB = 1024 * 1024;

    /** A 20 MB file is multipart for every client here: awscli's and the SDK's thresholds are 8 MB, in 8 MB parts. */
    private static final int LARGE = 20 * MB;

    /** Only a hung child process or writer ends a test this way; none comes near it. */
    private static final Duration HANG_LIMIT = Duration.ofMinutes(5);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    @TempDir
    static Path dataDir;

    private static LocalS3 local;
    private static AwsClients clients;
    private static S3Client s3;

    @TempDir
    Path work;

    @BeforeAll
    static void start() {
        local = LocalS3.start(LocalS3.Settings.of(0, dataDir.resolve("s3")));
        clients = AwsClients.forEmulator(local.endpoint());
        s3 = clients.s3();
    }

    @AfterAll
    static void stop() {
        try {
            clients.close();
        } finally {
            local.close();
        }
    }

    // ---------------------------------------------------------------- awscli

    @Test
    void awscli_copiesASmallAndAMultipartFile_upAndBack_byteForByte() throws Exception {
        assumeAwsCli();
        String bucket = newBucket("cli-cp");
        Path small = randomFile("small.bin", 1024, 1);
        Path large = randomFile("large.bin", LARGE, 2);

        awsOk("s3", "cp", small.toString(), "s3://" + bucket + "/in/small.bin", "--only-show-errors");
        awsOk("s3", "cp", large.toString(), "s3://" + bucket + "/in/large.bin", "--only-show-errors");
        awsOk("s3", "cp", "s3://" + bucket + "/in/small.bin", work.resolve("small.back").toString(), "--only-show-errors");
        awsOk("s3", "cp", "s3://" + bucket + "/in/large.bin", work.resolve("large.back").toString(), "--only-show-errors");

        assertThat(work.resolve("small.back")).hasSameBinaryContentAs(small);
        assertThat(work.resolve("large.back")).hasSameBinaryContentAs(large);
        HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key("in/large.bin"));
        assertThat(head.contentLength()).isEqualTo(LARGE);
        assertThat(head.eTag()).as("a multipart upload in 8 MB parts: the ETag counts 3").endsWith("-3\"");
        assertThat(s3.headObject(b -> b.bucket(bucket).key("in/small.bin")).eTag()).doesNotContain("-");
    }

    @Test
    void awscli_syncsAFolderUpAndDown_andListsIt() throws Exception {
        assumeAwsCli();
        String bucket = newBucket("cli-sync");
        Path site = work.resolve("site");
        Map<String, String> files = Map.of(
                "index.html", "<h1>day</h1>\n",
                "css/a.css", "h1 { color: teal }\n",
                "img/logo bits+ü.txt", "a key with a space, a plus and a non-ASCII letter\n");
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = site.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
        }

        awsOk("s3", "sync", site.toString(), "s3://" + bucket + "/site/", "--only-show-errors");
        String top = awsOk("s3", "ls", "s3://" + bucket + "/site/");
        String all = awsOk("s3", "ls", "--recursive", "s3://" + bucket + "/site/");
        Path down = work.resolve("down");
        awsOk("s3", "sync", "s3://" + bucket + "/site/", down.toString(), "--only-show-errors");

        // "PRE <prefix>" for a common prefix, "<date> <time> <size> <name>" for an object
        assertThat(top.lines().map(String::strip)).hasSize(3).contains("PRE css/", "PRE img/")
                .anySatisfy(l -> assertThat(l).endsWith(" 13 index.html"));
        assertThat(all.lines().map(l -> l.substring(l.indexOf("site/")))).containsExactlyInAnyOrder(
                "site/css/a.css", "site/img/logo bits+ü.txt", "site/index.html");
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).extracting(S3Object::key)
                .containsExactly("site/css/a.css", "site/img/logo bits+ü.txt", "site/index.html");
        for (Map.Entry<String, String> f : files.entrySet()) {
            assertThat(down.resolve(f.getKey())).hasContent(f.getValue());
        }
    }

    @Test
    void awscli_presignedUrl_servesTheBytesToAPlainHttpGet() throws Exception {
        assumeAwsCli();
        String bucket = newBucket("cli-presign");
        String key = "shared/report 2026-12-01.html";
        byte[] content = "<p>yesterday's report</p>\n".getBytes(StandardCharsets.UTF_8);
        s3.putObject(b -> b.bucket(bucket).key(key).contentType("text/html"), RequestBody.fromBytes(content));

        String url = awsOk("s3", "presign", "s3://" + bucket + "/" + key, "--expires-in", "600").strip();
        HttpResponse<byte[]> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());

        // awscli v1 signs with query-string SigV2 (Signature=), v2 with SigV4 (X-Amz-Signature=)
        assertThat(url).startsWith(local.endpoint() + "/" + bucket + "/").containsPattern("[?&](X-Amz-)?Signature=");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(content);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html");
    }

    @Test
    void awscli_headObjectWithChecksumMode_reportsTheFilesCrc32() throws Exception {
        assumeAwsCli();
        String bucket = newBucket("cli-crc");
        Path file = randomFile("data.bin", 1024, 3);
        awsOk("s3", "cp", file.toString(), "s3://" + bucket + "/data.bin", "--only-show-errors");

        JsonNode head = JSON.readTree(awsOk("s3api", "head-object", "--bucket", bucket, "--key", "data.bin",
                "--checksum-mode", "ENABLED", "--output", "json"));

        assertThat(head.path("ChecksumCRC32").asText()).isEqualTo(crc32Base64(Files.readAllBytes(file)));
        assertThat(head.path("ContentLength").asLong()).isEqualTo(1024);
    }

    // ---------------------------------------------------------------- boto3

    @Test
    void boto3_rangedGetsCopyAndDeleteObjects_readBackAsWritten() throws Exception {
        assumeBoto3();
        String bucket = newBucket("boto-objects");
        byte[] content = new byte[1024];
        new Random(4).nextBytes(content);
        Path file = work.resolve("content.bin");
        Files.write(file, content);

        JsonNode r = boto3(bucket, "objects", file.toString());

        HexFormat hex = HexFormat.of();
        assertThat(r.path("first").path("status").asInt()).isEqualTo(206);
        assertThat(r.path("first").path("range").asText()).isEqualTo("bytes 0-9/1024");
        assertThat(r.path("first").path("hex").asText()).isEqualTo(hex.formatHex(content, 0, 10));
        assertThat(r.path("last").path("range").asText()).isEqualTo("bytes 1019-1023/1024");
        assertThat(r.path("last").path("hex").asText()).isEqualTo(hex.formatHex(content, 1019, 1024));
        assertThat(r.path("past_end").path("status").asInt()).isEqualTo(416);
        assertThat(r.path("past_end").path("code").asText()).isEqualTo("InvalidRange");
        assertThat(r.path("copy_hex").asText()).isEqualTo(hex.formatHex(content));
        assertThat(texts(r.path("deleted"))).containsExactly("obj/copy.bin", "obj/data.bin", "obj/never-was");
        assertThat(r.path("errors").size()).isZero();
        assertThat(texts(r.path("left"))).isEmpty();
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
    }

    @Test
    void boto3_paginatedDelimitedListing_namesEveryKeyAndCommonPrefixExactlyOnce() throws Exception {
        assumeBoto3();
        String bucket = newBucket("boto-list");
        List<String> keys = interleavedKeys("p/", 1200, 10, 3);
        seed(bucket, keys);
        List<String> topLevel = keys.stream().filter(k -> k.indexOf('/', 2) < 0).toList();
        List<String> prefixes = keys.stream().filter(k -> k.indexOf('/', 2) >= 0)
                .map(k -> k.substring(0, k.indexOf('/', 2) + 1)).distinct().toList();

        JsonNode pages = boto3(bucket, "listing", "p/").path("pages");

        List<String> listedKeys = new ArrayList<>();
        List<String> listedPrefixes = new ArrayList<>();
        for (int i = 0; i < pages.size(); i++) {
            JsonNode page = pages.get(i);
            listedKeys.addAll(texts(page.path("keys")));
            listedPrefixes.addAll(texts(page.path("prefixes")));
            assertThat(page.path("key_count").asInt()).as("KeyCount of page %d", i)
                    .isEqualTo(page.path("keys").size() + page.path("prefixes").size());
            assertThat(page.path("truncated").asBoolean()).as("IsTruncated of page %d", i).isEqualTo(i < pages.size() - 1);
        }
        // 1,200 keys and 120 common prefixes in pages of 398: four pages, the first ending on p/k0360/
        assertThat(pages.size()).isEqualTo(4);
        assertThat(texts(pages.get(0).path("keys"))).last().isEqualTo("p/k0360");
        assertThat(texts(pages.get(0).path("prefixes"))).last().isEqualTo("p/k0360/");
        assertThat(listedKeys).containsExactlyElementsOf(topLevel);
        assertThat(listedPrefixes).containsExactlyElementsOf(prefixes);
    }

    // ---------------------------------------------------------------- SDK v2: asynchronous and Transfer Manager

    @Test
    void sdkAsyncMultipartClient_uploadsA20MbFileInParts_thatAPlainAsyncClientReadsBack() throws Exception {
        String bucket = newBucket("sdk-async");
        Path large = randomFile("large.bin", LARGE, 5);
        Path back = work.resolve("large.back");
        SdkAsyncHttpClient http = NettyNioAsyncHttpClient.builder().build();
        try (S3AsyncClient multipart = clients.s3Async(http, b -> b.multipartEnabled(true));
             S3AsyncClient plain = clients.s3Async(http, b -> { })) {
            multipart.putObject(b -> b.bucket(bucket).key("large.bin"), AsyncRequestBody.fromFile(large)).join();
            // Not through the multipart client: it reads by part number, which the local S3 refuses (see below).
            plain.getObject(b -> b.bucket(bucket).key("large.bin"), AsyncResponseTransformer.toFile(back)).join();
        } finally {
            http.close();
        }

        assertThat(back).hasSameBinaryContentAs(large);
        assertThat(s3.headObject(b -> b.bucket(bucket).key("large.bin")).eTag())
                .as("uploaded in the multipart client's 8 MB parts").endsWith("-3\"");
    }

    @Test
    void transferManager_uploadsA20MbFileInParts_andDownloadsItBack() throws Exception {
        String bucket = newBucket("sdk-transfer");
        Path large = randomFile("large.bin", LARGE, 6);
        Path back = work.resolve("large.back");
        SdkAsyncHttpClient http = NettyNioAsyncHttpClient.builder().build();
        try (S3AsyncClient multipart = clients.s3Async(http, b -> b.multipartEnabled(true));
             S3AsyncClient plain = clients.s3Async(http, b -> { });
             S3TransferManager uploads = S3TransferManager.builder().s3Client(multipart).build();
             S3TransferManager downloads = S3TransferManager.builder().s3Client(plain).build()) {
            uploads.uploadFile(u -> u.putObjectRequest(p -> p.bucket(bucket).key("large.bin")).source(large))
                    .completionFuture().join();
            // On a client without multipart the Transfer Manager downloads in one GET (see below for why).
            downloads.downloadFile(d -> d.getObjectRequest(g -> g.bucket(bucket).key("large.bin")).destination(back))
                    .completionFuture().join();
        } finally {
            http.close();
        }

        assertThat(back).hasSameBinaryContentAs(large);
        assertThat(s3.headObject(b -> b.bucket(bucket).key("large.bin")).eTag()).endsWith("-3\"");
    }

    /**
     * What S3 serves and the local S3 does not yet: the SDK's multipart client (and the Transfer Manager on it)
     * downloads an object with {@code GetObject?partNumber=1}, then 2..N as {@code x-amz-mp-parts-count}
     * says. S3Proxy 4.1 answers a part-number read of a multipart object (an ETag ending {@code -N}) with 501
     * before the store is asked, and the store keeps no part boundaries after CompleteMultipartUpload.
     */
    @Test
    @Disabled("the local S3 refuses GetObject?partNumber of a multipart object with 501: S3Proxy 4.1 settles it "
            + "in front of the store, and the store keeps no part boundaries")
    void sdkMultipartClient_downloadsAMultipartObject_partByPart() throws Exception {
        String bucket = newBucket("sdk-part-reads");
        Path large = randomFile("large.bin", LARGE, 7);
        Path back = work.resolve("large.back");
        SdkAsyncHttpClient http = NettyNioAsyncHttpClient.builder().build();
        try (S3AsyncClient multipart = clients.s3Async(http, b -> b.multipartEnabled(true))) {
            multipart.putObject(b -> b.bucket(bucket).key("large.bin"), AsyncRequestBody.fromFile(large)).join();
            multipart.getObject(b -> b.bucket(bucket).key("large.bin"), AsyncResponseTransformer.toFile(back)).join();
        } finally {
            http.close();
        }

        assertThat(back).hasSameBinaryContentAs(large);
    }

    @Test
    void sdkSyncClient_fullGetWithChecksumMode_answersTheCrc32OfWhatItPut() {
        String bucket = newBucket("sdk-crc");
        byte[] content = new byte[300_000]; // past the size the store keeps in its index: a content file
        new Random(8).nextBytes(content);
        // The SDK sends the body aws-chunked with a trailing CRC32 (S3Proxy echoes a checksum on the PUT's
        // response only when it came as a header, so the PUT's answer is not checked here).
        s3.putObject(b -> b.bucket(bucket).key("c"), RequestBody.fromBytes(content));

        // The SDK validates the CRC32 of a full GET it asked checksums for: a wrong one fails the call.
        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(bucket).key("c")
                .checksumMode(ChecksumMode.ENABLED));

        assertThat(got.response().checksumCRC32()).isEqualTo(crc32Base64(content));
        assertThat(got.asByteArray()).isEqualTo(content);
    }

    /**
     * The SDK sends a PUT's body aws-chunked, ending in a zero-length chunk (and a checksum trailer). Left
     * unread, that ending made the server close the connection under the client's last write: the object was
     * stored, the client saw an I/O error and stored it again (a second version here). See
     * {@code RequestBodyDrain}.
     */
    @Test
    void sdkSyncClient_awsChunkedPuts_areEachStoredOnce_onTheirFirstAttempt() {
        String bucket = newBucket("sdk-once");
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
        List<Integer> retries = new CopyOnWriteArrayList<>();
        MetricPublisher retryCounts = new MetricPublisher() {
            @Override
            public void publish(MetricCollection metrics) {
                retries.addAll(metrics.metricValues(CoreMetric.RETRY_COUNT));
            }

            @Override
            public void close() {
            }
        };
        int puts = 40;

        for (int i = 0; i < puts; i++) {
            String body = "version " + i;
            s3.putObject(b -> b.bucket(bucket).key("k").overrideConfiguration(o -> o.addMetricPublisher(retryCounts)),
                    RequestBody.fromString(body));
        }

        assertThat(retries).hasSize(puts).containsOnly(0);
        assertThat(s3.listObjectVersions(b -> b.bucket(bucket)).versions()).hasSize(puts);
    }

    // ---------------------------------------------------------------- versioning

    @Test
    void versionedBucket_keepsEveryVersion_andADeleteMarkerHidesTheLatestUntilItIsDeleted() {
        String bucket = newBucket("versioned");
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
        String first = s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("one")).versionId();
        String second = s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("two")).versionId();

        assertThat(first).isNotBlank().isNotEqualTo("null");
        assertThat(second).isNotBlank().isNotEqualTo(first);
        assertThat(read(bucket, "k", first)).isEqualTo("one");
        assertThat(read(bucket, "k", second)).isEqualTo("two");
        assertThat(read(bucket, "k", null)).isEqualTo("two");

        DeleteObjectResponse deleted = s3.deleteObject(b -> b.bucket(bucket).key("k"));
        String marker = deleted.versionId();

        assertThat(deleted.deleteMarker()).isTrue();
        assertThat(marker).isNotBlank().isNotIn(first, second);
        assertThatThrownBy(() -> read(bucket, "k", null)).isInstanceOfSatisfying(S3Exception.class,
                e -> assertThat(e.statusCode()).isEqualTo(404));
        ListObjectVersionsResponse versions = s3.listObjectVersions(b -> b.bucket(bucket).prefix("k"));
        assertThat(versions.versions()).extracting(ObjectVersion::versionId).containsExactly(second, first);
        assertThat(versions.versions()).extracting(ObjectVersion::isLatest).containsExactly(false, false);
        assertThat(versions.deleteMarkers()).extracting(DeleteMarkerEntry::versionId).containsExactly(marker);
        assertThat(versions.deleteMarkers()).extracting(DeleteMarkerEntry::isLatest).containsExactly(true);

        DeleteObjectResponse unmarked = s3.deleteObject(b -> b.bucket(bucket).key("k").versionId(marker));

        assertThat(unmarked.deleteMarker()).isTrue();
        assertThat(unmarked.versionId()).isEqualTo(marker);
        assertThat(read(bucket, "k", null)).isEqualTo("two");
        assertThat(s3.listObjectVersions(b -> b.bucket(bucket).prefix("k")).versions())
                .extracting(ObjectVersion::versionId, ObjectVersion::isLatest)
                .containsExactly(tuple(second, true), tuple(first, false));
    }

    @Test
    void listObjectVersions_pagesThroughEveryVersionAndDeleteMarkerOnce_atAnyPageSize() {
        String bucket = newBucket("versions-pages");
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
        for (String key : List.of("a", "b/x", "b/y", "c")) {
            for (int i = 0; i < 4; i++) {
                s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(key + i));
            }
            s3.deleteObject(b -> b.bucket(bucket).key(key));
        }
        List<String> all = versionEntries(s3.listObjectVersions(b -> b.bucket(bucket)));

        assertThat(all).hasSize(20);
        for (int pageSize : new int[] {1, 2, 3, 7}) {
            List<ListObjectVersionsResponse> pages = listAllVersions(bucket, null, pageSize);

            assertThat(pages.stream().flatMap(p -> versionEntries(p).stream()))
                    .as("pages of %d", pageSize).containsExactlyInAnyOrderElementsOf(all);
            assertThat(pages.subList(0, pages.size() - 1)).as("pages of %d", pageSize)
                    .allSatisfy(p -> assertThat(versionEntries(p)).hasSize(pageSize));
        }
        // With "/" the versions of b/x and b/y roll up into one common prefix, listed once.
        List<ListObjectVersionsResponse> delimited = listAllVersions(bucket, "/", 2);
        assertThat(delimited.stream().flatMap(p -> p.commonPrefixes().stream()).map(CommonPrefix::prefix)).containsExactly("b/");
        assertThat(delimited.stream().flatMap(p -> versionEntries(p).stream()))
                .containsExactlyInAnyOrderElementsOf(all.stream().filter(e -> !e.startsWith("b/")).toList());
    }

    @Test
    void listObjectVersions_withMaxKeysZero_answersAnEmptyPage() {
        String bucket = newBucket("versions-zero");
        s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("x"));

        ListObjectVersionsResponse page = s3.listObjectVersions(b -> b.bucket(bucket).maxKeys(0));

        assertThat(page.versions()).isEmpty();
        assertThat(page.deleteMarkers()).isEmpty();
    }

    // ---------------------------------------------------------------- conditional writes

    @Test
    void ifNoneMatchStar_letsExactlyOneOf16ConcurrentWritersCreateTheKey() throws Exception {
        String bucket = newBucket("if-none-match");
        int writers = 16;
        CyclicBarrier together = new CyclicBarrier(writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<Integer>> statuses = new ArrayList<>();
        try {
            for (int i = 0; i < writers; i++) {
                String body = "writer " + i;
                statuses.add(pool.submit(() -> {
                    together.await();
                    try {
                        s3.putObject(b -> b.bucket(bucket).key("receipt").ifNoneMatch("*"), RequestBody.fromString(body));
                        return 200;
                    } catch (S3Exception e) {
                        return e.statusCode();
                    }
                }));
            }
            List<Integer> answers = new ArrayList<>();
            for (Future<Integer> s : statuses) {
                answers.add(s.get(HANG_LIMIT.toSeconds(), TimeUnit.SECONDS));
            }

            assertThat(answers).filteredOn(s -> s == 200).hasSize(1);
            assertThat(answers).filteredOn(s -> s == 412).hasSize(writers - 1);
            int winner = answers.indexOf(200);
            assertThat(read(bucket, "receipt", null)).isEqualTo("writer " + winner);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void ifMatch_refusesAStaleETag_andReplacesOnTheCurrentOne() {
        String bucket = newBucket("if-match");
        String stale = s3.putObject(b -> b.bucket(bucket).key("receipt"), RequestBody.fromString("v1")).eTag();
        String current = s3.putObject(b -> b.bucket(bucket).key("receipt"), RequestBody.fromString("v2")).eTag();

        assertThatThrownBy(() -> s3.putObject(b -> b.bucket(bucket).key("receipt").ifMatch(stale), RequestBody.fromString("v3")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
        assertThat(read(bucket, "receipt", null)).isEqualTo("v2");

        String replaced = s3.putObject(b -> b.bucket(bucket).key("receipt").ifMatch(current), RequestBody.fromString("v4")).eTag();

        assertThat(read(bucket, "receipt", null)).isEqualTo("v4");
        assertThat(replaced).isNotEqualTo(current);
    }

    // ---------------------------------------------------------------- ListObjectsV2

    @Test
    void listObjectsV2_pagesThrough2500Keys_byContinuationToken() {
        String bucket = newBucket("list-pages");
        List<String> keys = interleavedKeys("", 2000, 40, 10);
        seed(bucket, keys);

        List<ListObjectsV2Response> pages = listAll(ListObjectsV2Request.builder().bucket(bucket).maxKeys(1000).build());

        assertThat(keys).hasSize(2500);
        assertThat(pages).extracting(p -> p.contents().size()).containsExactly(1000, 1000, 500);
        assertThat(pages).extracting(ListObjectsV2Response::keyCount).containsExactly(1000, 1000, 500);
        assertThat(pages).extracting(ListObjectsV2Response::isTruncated).containsExactly(true, true, false);
        assertThat(pages.get(2).nextContinuationToken()).isNull();
        // S3 leaves ContinuationToken out of a first page; S3Proxy writes it empty (the SDK reads "")
        assertThat(pages.get(0).continuationToken()).isNullOrEmpty();
        assertThat(pages.get(1).continuationToken()).isEqualTo(pages.get(0).nextContinuationToken());
        assertThat(pages.get(2).continuationToken()).isEqualTo(pages.get(1).nextContinuationToken());
        assertThat(pages.stream().flatMap(p -> p.contents().stream()).map(S3Object::key)).containsExactlyElementsOf(keys);
    }

    @Test
    void listObjectsV2_withADelimiter_rollsUpEachCommonPrefixOnce_acrossPages() {
        String bucket = newBucket("list-delimited");
        List<String> keys = interleavedKeys("", 2000, 40, 10);
        seed(bucket, keys);
        List<String> topLevel = keys.stream().filter(k -> !k.contains("/")).toList();
        List<String> prefixes = keys.stream().filter(k -> k.contains("/")).map(k -> k.substring(0, k.indexOf('/') + 1))
                .distinct().toList();

        for (int pageSize : new int[] {1000, 7}) {
            List<ListObjectsV2Response> pages = listAll(ListObjectsV2Request.builder().bucket(bucket).delimiter("/")
                    .maxKeys(pageSize).build());

            assertThat(pages).as("pages of %d", pageSize).allSatisfy(p ->
                    assertThat(p.keyCount()).isEqualTo(p.contents().size() + p.commonPrefixes().size()));
            assertThat(pages.subList(0, pages.size() - 1)).as("pages of %d", pageSize).allSatisfy(p -> {
                assertThat(p.keyCount()).isEqualTo(pageSize);
                assertThat(p.isTruncated()).isTrue();
            });
            assertThat(pages.stream().flatMap(p -> p.contents().stream()).map(S3Object::key))
                    .as("keys in pages of %d", pageSize).containsExactlyElementsOf(topLevel);
            assertThat(pages.stream().flatMap(p -> p.commonPrefixes().stream()).map(CommonPrefix::prefix))
                    .as("common prefixes in pages of %d", pageSize).containsExactlyElementsOf(prefixes);
        }
        // 2,000 keys and 50 common prefixes
        assertThat(listAll(ListObjectsV2Request.builder().bucket(bucket).delimiter("/").maxKeys(1000).build()))
                .extracting(ListObjectsV2Response::keyCount).containsExactly(1000, 1000, 50);
    }

    @Test
    void listObjectsV2_startAfter_beginsAfterTheGivenKey_withAndWithoutADelimiter() {
        String bucket = newBucket("list-start-after");
        List<String> keys = interleavedKeys("", 2000, 40, 10);
        seed(bucket, keys);

        List<ListObjectsV2Response> rest = listAll(ListObjectsV2Request.builder().bucket(bucket).startAfter("k1499").build());
        ListObjectsV2Response delimited = s3.listObjectsV2(b -> b.bucket(bucket).delimiter("/").startAfter("k1520").maxKeys(3));

        assertThat(rest.stream().flatMap(p -> p.contents().stream()).map(S3Object::key))
                .containsExactlyElementsOf(keys.stream().filter(k -> k.compareTo("k1499") > 0).toList());
        assertThat(rest.get(0).startAfter()).isEqualTo("k1499");
        assertThat(delimited.contents()).extracting(S3Object::key).containsExactly("k1521", "k1522");
        assertThat(delimited.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("k1520/");
        assertThat(delimited.isTruncated()).isTrue();
    }

    // ---------------------------------------------------------------- ranges, copies, deletes, heads

    @Test
    void rangedGet_servesTheFirstBytesAndASuffix_andRefusesARangePastTheEndWith416() {
        String bucket = newBucket("ranges");
        byte[] content = new byte[100];
        IntStream.range(0, 100).forEach(i -> content[i] = (byte) i);
        s3.putObject(b -> b.bucket(bucket).key("r"), RequestBody.fromBytes(content));

        ResponseBytes<GetObjectResponse> first = s3.getObjectAsBytes(b -> b.bucket(bucket).key("r").range("bytes=0-9"));
        ResponseBytes<GetObjectResponse> suffix = s3.getObjectAsBytes(b -> b.bucket(bucket).key("r").range("bytes=-5"));

        assertThat(first.asByteArray()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(first.response().contentRange()).isEqualTo("bytes 0-9/100");
        assertThat(first.response().contentLength()).isEqualTo(10);
        assertThat(suffix.asByteArray()).containsExactly(95, 96, 97, 98, 99);
        assertThat(suffix.response().contentRange()).isEqualTo("bytes 95-99/100");
        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("r").range("bytes=100-")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(416);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidRange");
                });
    }

    @Test
    void copyObject_withReplace_takesTheNewMetadata_whileACopyKeepsTheSources() {
        String bucket = newBucket("copies");
        s3.putObject(b -> b.bucket(bucket).key("src").contentType("text/plain").metadata(Map.of("origin", "upload")),
                RequestBody.fromString("payload"));

        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket).destinationKey("kept"));
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket).destinationKey("replaced")
                .metadataDirective(MetadataDirective.REPLACE).contentType("application/json").metadata(Map.of("stage", "two")));

        HeadObjectResponse kept = s3.headObject(b -> b.bucket(bucket).key("kept"));
        HeadObjectResponse replaced = s3.headObject(b -> b.bucket(bucket).key("replaced"));
        HeadObjectResponse source = s3.headObject(b -> b.bucket(bucket).key("src"));
        assertThat(kept.contentType()).isEqualTo("text/plain");
        assertThat(kept.metadata()).containsExactlyEntriesOf(Map.of("origin", "upload"));
        assertThat(replaced.contentType()).isEqualTo("application/json");
        assertThat(replaced.metadata()).containsExactlyEntriesOf(Map.of("stage", "two"));
        assertThat(source.metadata()).containsExactlyEntriesOf(Map.of("origin", "upload"));
        assertThat(read(bucket, "replaced", null)).isEqualTo("payload");
        assertThat(replaced.eTag()).isEqualTo(source.eTag());
    }

    @Test
    void deleteObjects_removesTheNamedKeys_andCountsAMissingOneAsDeleted() {
        String bucket = newBucket("deletes");
        for (String k : List.of("a", "b", "c")) {
            s3.putObject(b -> b.bucket(bucket).key(k), RequestBody.fromString(k));
        }

        DeleteObjectsResponse response = s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(
                ObjectIdentifier.builder().key("a").build(), ObjectIdentifier.builder().key("c").build(),
                ObjectIdentifier.builder().key("never-was").build())));

        assertThat(response.deleted()).extracting(DeletedObject::key).containsExactlyInAnyOrder("a", "c", "never-was");
        assertThat(response.errors()).isEmpty();
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).extracting(S3Object::key).containsExactly("b");
    }

    @Test
    void headObject_ofAMissingKey_is404() {
        String bucket = newBucket("heads");
        s3.putObject(b -> b.bucket(bucket).key("present"), RequestBody.fromString("x"));

        assertThatThrownBy(() -> s3.headObject(b -> b.bucket(bucket).key("absent")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
        assertThat(s3.headObject(b -> b.bucket(bucket).key("present")).contentLength()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- helpers

    private static String newBucket(String purpose) {
        String bucket = purpose + "-" + BUCKETS.incrementAndGet();
        s3.createBucket(b -> b.bucket(bucket));
        return bucket;
    }

    /**
     * {@code prefix + "k%04d"} for each of {@code count} numbers and, for every {@code every}-th, {@code children}
     * keys under it ({@code k0040/c0}...), so a delimiter's common prefixes fall between plain keys:
     * {@code k0040 < k0040/ < k0041}. In S3's (code point) order.
     */
    private static List<String> interleavedKeys(String prefix, int count, int every, int children) {
        TreeSet<String> keys = new TreeSet<>();
        for (int i = 0; i < count; i++) {
            String k = prefix + String.format("k%04d", i);
            keys.add(k);
            if (i % every == 0) {
                for (int c = 0; c < children; c++) {
                    keys.add(k + "/c" + c);
                }
            }
        }
        return List.copyOf(keys);
    }

    /** Writes the keys in-process, which is quick; what is tested is how the clients list them. */
    private static void seed(String bucket, List<String> keys) {
        for (String k : keys) {
            local.engine().put(bucket, k, ObjectMeta.of("text/plain", null), k.getBytes(StandardCharsets.UTF_8),
                    WriteCondition.NONE);
        }
    }

    /** Every page, following the continuation tokens; a server that never ends the listing fails the test. */
    private static List<ListObjectsV2Response> listAll(ListObjectsV2Request first) {
        List<ListObjectsV2Response> pages = new ArrayList<>();
        ListObjectsV2Request request = first;
        while (true) {
            ListObjectsV2Response page = s3.listObjectsV2(request);
            pages.add(page);
            if (!page.isTruncated()) {
                return pages;
            }
            assertThat(page.nextContinuationToken()).as("the token of truncated page %d", pages.size()).isNotBlank();
            if (pages.size() > 1_000) {
                fail("the listing did not end after 1,000 pages");
            }
            request = first.toBuilder().continuationToken(page.nextContinuationToken()).build();
        }
    }

    /** Every page of versions, following the key and version-id markers; a listing that never ends fails the test. */
    private static List<ListObjectVersionsResponse> listAllVersions(String bucket, String delimiter, int pageSize) {
        List<ListObjectVersionsResponse> pages = new ArrayList<>();
        String keyMarker = null;
        String versionIdMarker = null;
        while (true) {
            String k = keyMarker;
            String v = versionIdMarker;
            ListObjectVersionsResponse page = s3.listObjectVersions(b -> b.bucket(bucket).delimiter(delimiter)
                    .maxKeys(pageSize).keyMarker(k).versionIdMarker(v));
            pages.add(page);
            if (!page.isTruncated()) {
                return pages;
            }
            if (pages.size() > 1_000) {
                fail("the listing of versions did not end after 1,000 pages");
            }
            keyMarker = page.nextKeyMarker();
            versionIdMarker = page.nextVersionIdMarker();
        }
    }

    /** {@code key@versionId} of each version and delete marker of a page. */
    private static List<String> versionEntries(ListObjectVersionsResponse page) {
        List<String> out = new ArrayList<>();
        page.versions().forEach(v -> out.add(v.key() + "@" + v.versionId()));
        page.deleteMarkers().forEach(m -> out.add(m.key() + "@" + m.versionId()));
        return out;
    }

    private static String read(String bucket, String key, String versionId) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).versionId(versionId)).asUtf8String();
    }

    private Path randomFile(String name, int size, long seed) throws IOException {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return Files.write(work.resolve(name), bytes);
    }

    /** S3's ChecksumCRC32: the Base64 of the CRC's four bytes, big-endian. */
    private static String crc32Base64(byte[] content) {
        CRC32 crc = new CRC32();
        crc.update(content);
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    // ---------------------------------------------------------------- child processes

    private record Outcome(int exitCode, String stdout, String stderr) {
    }

    private void assumeAwsCli() throws InterruptedException {
        Assumptions.assumeTrue(starts("aws", "--version"), () -> skipped("awscli ('aws' on the PATH)"));
    }

    private void assumeBoto3() throws InterruptedException {
        Assumptions.assumeTrue(starts("python3", "-c", "import boto3"), () -> skipped("boto3 ('python3 -c \"import boto3\"')"));
    }

    private static String skipped(String client) {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        return (ci ? "CI=true, but " : "") + client + " is not available: its S3 compatibility is NOT checked here";
    }

    private boolean starts(String... command) throws InterruptedException {
        try {
            return run(command).exitCode() == 0;
        } catch (UncheckedIOException notInstalled) {
            return false;
        }
    }

    /** {@code aws --endpoint-url <local S3> ARGS}: its output, once it exited 0. */
    private String awsOk(String... args) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", local.endpoint().toString()));
        command.addAll(List.of(args));
        Outcome o = run(command.toArray(String[]::new));
        assertThat(o.exitCode()).as("%s%nstdout: %s%nstderr: %s", command, o.stdout(), o.stderr()).isZero();
        return o.stdout();
    }

    /** The boto3 script (a test resource) with one of its checks; what it printed, parsed. */
    private JsonNode boto3(String bucket, String check, String argument) throws IOException, InterruptedException {
        Path script = work.resolve("boto3_checks.py");
        try (InputStream in = S3CompatibilityIT.class.getResourceAsStream("boto3_checks.py")) {
            Files.copy(in, script);
        }
        String[] command = {"python3", script.toString(), local.endpoint().toString(), bucket, check, argument};
        Outcome o = run(command);
        assertThat(o.exitCode()).as("%s%nstdout: %s%nstderr: %s", List.of(command), o.stdout(), o.stderr()).isZero();
        return JSON.readTree(o.stdout());
    }

    /**
     * Runs a client with this machine's PATH and home but none of its AWS settings: fixed dummy credentials,
     * us-east-1, and config files that do not exist, so a developer's profile (a multipart threshold, a
     * default endpoint) cannot change what is tested. Output goes to files, so a chatty child cannot block
     * on a full pipe.
     */
    private Outcome run(String... command) throws InterruptedException {
        Path out;
        Path err;
        try {
            out = Files.createTempFile(work, "child-", ".out");
            err = Files.createTempFile(work, "child-", ".err");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_"));
        env.put("AWS_ACCESS_KEY_ID", "eventpipe");
        env.put("AWS_SECRET_ACCESS_KEY", "eventpipe");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_CONFIG_FILE", work.resolve("no-aws-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", work.resolve("no-aws-credentials").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_PAGER", ""); // awscli v2 pages s3api output through less otherwise
        try {
            Process p = pb.start();
            if (!p.waitFor(HANG_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(List.of(command) + " did not end within " + HANG_LIMIT);
            }
            return new Outcome(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + List.of(command), e);
        }
    }
}
