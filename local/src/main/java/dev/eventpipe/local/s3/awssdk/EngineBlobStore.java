package dev.eventpipe.local.s3.awssdk;

import dev.eventpipe.local.s3.ByteRange;
import dev.eventpipe.local.s3.Listing;
import dev.eventpipe.local.s3.Multipart;
import dev.eventpipe.local.s3.ObjectEngine;
import dev.eventpipe.local.s3.ObjectEngineException;
import dev.eventpipe.local.s3.ObjectMeta;
import dev.eventpipe.local.s3.StoredVersion;
import dev.eventpipe.local.s3.Versioning;
import dev.eventpipe.local.s3.WriteCondition;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.S3Exceptions;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectResult;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.CreateBucketResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.DeletedObject;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningRequest;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListBucketsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.Owner;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.PutBucketVersioningRequest;
import software.amazon.awssdk.services.s3.model.PutBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * S3Proxy's storage interface over {@link ObjectEngine}: S3Proxy parses the wire protocol (signatures,
 * {@code aws-chunked} bodies and trailers, XML) into the SDK's request types, this class answers them
 * as S3 would, and S3Proxy writes the answer back. Failures are thrown as the SDK's {@link S3Exception}
 * with S3's error code and status, which S3Proxy turns into S3's XML error.
 *
 * <p>The package name is deliberate: see {@code package-info.java}.
 */
public final class EngineBlobStore implements BlobStore {

    private static final Owner OWNER = Owner.builder().id("75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a")
            .displayName("eventpipe").build();

    private final ObjectEngine engine;
    private final ChecksumEcho echo = new ChecksumEcho();

    public EngineBlobStore(ObjectEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /**
     * A servlet filter for S3Proxy's context: it answers writes whose checksum came as a trailer with the
     * stored checksum, as S3 does ({@link ChecksumEcho}).
     */
    public jakarta.servlet.Filter checksumEcho() {
        return echo;
    }

    // ---------------------------------------------------------------- buckets

    @Override
    public ListBucketsResponse list() {
        List<Bucket> buckets = new ArrayList<>();
        engine.buckets().forEach((name, created) -> buckets.add(Bucket.builder().name(name).creationDate(created).build()));
        return ListBucketsResponse.builder().buckets(buckets).owner(OWNER).build();
    }

    @Override
    public HeadBucketResponse headBucket(HeadBucketRequest request) {
        if (!engine.bucketExists(request.bucket())) {
            throw S3Exceptions.noSuchBucket(request.bucket(), "no such bucket");
        }
        return HeadBucketResponse.builder().bucketRegion("us-east-1").build();
    }

    @Override
    public CreateBucketResponse createContainer(CreateBucketRequest request) {
        if (!engine.createBucket(request.bucket())) {
            throw S3Exceptions.bucketAlreadyOwnedByYou(request.bucket());
        }
        return CreateBucketResponse.builder().location("/" + request.bucket()).build();
    }

    @Override
    public void deleteBucket(String container) {
        call(container, null, () -> {
            engine.deleteBucket(container);
            return null;
        });
    }

    @Override
    public BucketCannedACL getContainerAccess(String container) {
        requireBucket(container);
        return BucketCannedACL.PRIVATE;
    }

    @Override
    public void setContainerAccess(String container, BucketCannedACL access) {
        requireBucket(container); // access control is not emulated: every client may do everything
    }

    @Override
    public boolean supportsVersioning() {
        return true;
    }

    @Override
    public GetBucketVersioningResponse getBucketVersioning(GetBucketVersioningRequest request) {
        Versioning v = call(request.bucket(), null, () -> engine.versioning(request.bucket()));
        GetBucketVersioningResponse.Builder b = GetBucketVersioningResponse.builder();
        return v == Versioning.NEVER ? b.build() : b.status(v.s3Name()).build();
    }

    @Override
    public PutBucketVersioningResponse putBucketVersioning(PutBucketVersioningRequest request) {
        BucketVersioningStatus status = request.versioningConfiguration().status();
        Versioning v = status == BucketVersioningStatus.ENABLED ? Versioning.ENABLED : Versioning.SUSPENDED;
        call(request.bucket(), null, () -> {
            engine.setVersioning(request.bucket(), v);
            return null;
        });
        return PutBucketVersioningResponse.builder().build();
    }

    // ---------------------------------------------------------------- objects

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream payload) {
        try (payload) {
            ObjectMeta meta = new ObjectMeta(request.contentType(), request.contentEncoding(), request.cacheControl(),
                    request.contentDisposition(), request.contentLanguage(), request.expires(), request.metadata(),
                    asserted(request.checksumCRC32(), request.checksumCRC32C(), request.checksumSHA1(),
                            request.checksumSHA256(), request.checksumCRC64NVME()));
            long length = request.contentLength() == null ? -1 : request.contentLength();
            StoredVersion v = call(request.bucket(), request.key(), () -> engine.put(request.bucket(), request.key(), meta,
                    payload, length, new WriteCondition(request.ifMatch(), request.ifNoneMatch()), request.contentMD5()));
            echo.offer(v.meta().checksums());
            PutObjectResponse.Builder b = PutObjectResponse.builder().eTag(v.quotedETag()).size(v.size());
            checksums(v, b::checksumCRC32, b::checksumCRC32C, b::checksumSHA1, b::checksumSHA256, b::checksumCRC64NVME);
            return b.versionId(versionId(v)).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        StoredVersion source = call(request.sourceBucket(), request.sourceKey(), () -> engine.head(request.sourceBucket(),
                request.sourceKey(), request.sourceVersionId()).orElse(null));
        if (source == null || source.deleteMarker()) {
            throw request.sourceVersionId() == null ? S3Exceptions.noSuchKey(request.sourceBucket(), request.sourceKey(), "copy source")
                    : S3Exceptions.noSuchVersion(request.sourceBucket(), request.sourceKey(), request.sourceVersionId(), "copy source");
        }
        checkReadConditions(source, request.copySourceIfMatch(), request.copySourceIfNoneMatch(),
                request.copySourceIfModifiedSince(), request.copySourceIfUnmodifiedSince(), 412);
        ObjectMeta replacement = request.metadataDirective() == MetadataDirective.REPLACE
                ? new ObjectMeta(request.contentType(), request.contentEncoding(), request.cacheControl(),
                request.contentDisposition(), request.contentLanguage(), request.expires(), request.metadata(), Map.of())
                : null;
        StoredVersion v = call(request.destinationBucket(), request.destinationKey(), () -> engine.copy(source,
                request.destinationBucket(), request.destinationKey(), replacement,
                new WriteCondition(request.ifMatch(), request.ifNoneMatch())));
        CopyObjectResult.Builder result = CopyObjectResult.builder().eTag(v.quotedETag()).lastModified(v.lastModified());
        checksums(v, result::checksumCRC32, result::checksumCRC32C, result::checksumSHA1, result::checksumSHA256,
                result::checksumCRC64NVME);
        return CopyObjectResponse.builder().copyObjectResult(result.build()).versionId(versionId(v))
                .copySourceVersionId(versionId(source)).build();
    }

    @Override
    public HeadObjectResponse blobMetadata(HeadObjectRequest request) {
        StoredVersion v = call(request.bucket(), request.key(),
                () -> engine.head(request.bucket(), request.key(), request.versionId()).orElse(null));
        if (v == null) {
            throw request.versionId() == null ? S3Exceptions.noSuchKey(request.bucket(), request.key(), "no such object")
                    : S3Exceptions.noSuchVersion(request.bucket(), request.key(), request.versionId(), "no such version");
        }
        if (v.deleteMarker()) {
            if (request.versionId() == null) {
                throw S3Exceptions.noSuchKeyDeleteMarker(request.bucket(), request.key(), v.versionId(), "delete marker");
            }
            throw error(405, "MethodNotAllowed", "The specified method is not allowed against this resource.",
                    Map.of("x-amz-delete-marker", "true", "x-amz-version-id", v.versionId()));
        }
        checkReadConditions(v, request.ifMatch(), request.ifNoneMatch(), request.ifModifiedSince(),
                request.ifUnmodifiedSince(), 304);
        return org.gaul.s3proxy.blobstore.SdkResponses.toHead(response(v, null));
    }

    @Override
    public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
        ObjectEngine.Read read = call(request.bucket(), request.key(),
                () -> engine.get(request.bucket(), request.key(), request.versionId(), request.range()));
        try {
            checkReadConditions(read.version(), request.ifMatch(), request.ifNoneMatch(), request.ifModifiedSince(),
                    request.ifUnmodifiedSince(), 304);
        } catch (RuntimeException e) {
            closeQuietly(read);
            throw e;
        }
        return new ResponseInputStream<>(response(read.version(), read.range()), AbortableInputStream.create(read.body()));
    }

    @Override
    public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
        ObjectEngine.Deleted d = call(request.bucket(), request.key(),
                () -> engine.delete(request.bucket(), request.key(), request.versionId(), request.ifMatch()));
        DeleteObjectResponse.Builder b = DeleteObjectResponse.builder().versionId(d.versionId());
        return d.deleteMarker() ? b.deleteMarker(true).build() : b.build();
    }

    @Override
    public DeleteObjectsResponse removeBlobs(DeleteObjectsRequest request) {
        List<DeletedObject> deleted = new ArrayList<>();
        List<S3Error> errors = new ArrayList<>();
        for (ObjectIdentifier o : request.delete().objects()) {
            try {
                ObjectEngine.Deleted d = call(request.bucket(), o.key(),
                        () -> engine.delete(request.bucket(), o.key(), o.versionId(), o.eTag()));
                DeletedObject.Builder b = DeletedObject.builder().key(o.key()).versionId(o.versionId());
                if (d.deleteMarker()) {
                    b.deleteMarker(true).deleteMarkerVersionId(d.versionId());
                }
                deleted.add(b.build());
            } catch (S3Exception e) {
                errors.add(S3Error.builder().key(o.key()).versionId(o.versionId())
                        .code(S3Exceptions.errorCode(e)).message(e.awsErrorDetails().errorMessage()).build());
            }
        }
        return DeleteObjectsResponse.builder().deleted(deleted).errors(errors).build();
    }

    @Override
    public ObjectCannedACL getBlobAccess(String container, String name) {
        return ObjectCannedACL.PRIVATE;
    }

    @Override
    public void setBlobAccess(String container, String name, ObjectCannedACL access) {
        // access control is not emulated
    }

    // ---------------------------------------------------------------- listings

    @Override
    public ListObjectsV2Response list(ListObjectsV2Request request) {
        int max = request.maxKeys() == null ? 1000 : Math.max(0, Math.min(request.maxKeys(), 1000));
        String after = request.continuationToken() != null ? decodeToken(request.continuationToken()) : request.startAfter();
        Listing.Page page = call(request.bucket(), null,
                () -> engine.list(request.bucket(), request.prefix(), request.delimiter(), after, max));
        List<S3Object> contents = new ArrayList<>();
        for (Listing.Entry e : page.entries()) {
            contents.add(S3Object.builder().key(e.key()).size(e.size()).eTag("\"" + e.eTag() + "\"")
                    .lastModified(e.lastModified()).storageClass(StorageClass.STANDARD.toString()).build());
        }
        List<CommonPrefix> prefixes = page.commonPrefixes().stream().map(p -> CommonPrefix.builder().prefix(p).build()).toList();
        return ListObjectsV2Response.builder().name(request.bucket()).prefix(request.prefix()).delimiter(request.delimiter())
                .maxKeys(max).keyCount(contents.size() + prefixes.size()).contents(contents).commonPrefixes(prefixes)
                .isTruncated(page.truncated()).continuationToken(request.continuationToken()).startAfter(request.startAfter())
                .nextContinuationToken(page.truncated() ? encodeToken(page.next()) : null).build();
    }

    @Override
    public ListObjectVersionsResponse listVersions(ListObjectVersionsRequest request) {
        int max = request.maxKeys() == null ? 1000 : Math.max(0, Math.min(request.maxKeys(), 1000));
        Listing.VersionPage page = call(request.bucket(), null, () -> engine.listVersions(request.bucket(), request.prefix(),
                request.delimiter(), request.keyMarker(), request.versionIdMarker(), max));
        Versioning versioning = engine.versioning(request.bucket());
        List<ObjectVersion> versions = new ArrayList<>();
        List<DeleteMarkerEntry> markers = new ArrayList<>();
        for (StoredVersion v : page.versions()) {
            String id = versioning == Versioning.NEVER ? "null" : v.versionId();
            if (v.deleteMarker()) {
                markers.add(DeleteMarkerEntry.builder().key(v.key()).versionId(id).isLatest(v.latest())
                        .lastModified(v.lastModified()).owner(OWNER).build());
            } else {
                versions.add(ObjectVersion.builder().key(v.key()).versionId(id).isLatest(v.latest()).size(v.size())
                        .eTag(v.quotedETag()).lastModified(v.lastModified()).storageClass("STANDARD").owner(OWNER).build());
            }
        }
        return ListObjectVersionsResponse.builder().name(request.bucket()).prefix(request.prefix())
                .delimiter(request.delimiter()).maxKeys(max).keyMarker(request.keyMarker())
                .versionIdMarker(request.versionIdMarker()).versions(versions).deleteMarkers(markers)
                .commonPrefixes(page.commonPrefixes().stream().map(p -> CommonPrefix.builder().prefix(p).build()).toList())
                .isTruncated(page.truncated()).nextKeyMarker(page.nextKey()).nextVersionIdMarker(page.nextVersionId()).build();
    }

    // ---------------------------------------------------------------- multipart uploads

    @Override
    public MultipartUpload initiateMultipartUpload(CreateMultipartUploadRequest request) {
        ObjectMeta meta = new ObjectMeta(request.contentType(), request.contentEncoding(), request.cacheControl(),
                request.contentDisposition(), request.contentLanguage(), request.expires(), request.metadata(), Map.of());
        Multipart.Upload upload = call(request.bucket(), request.key(), () -> engine.initiate(request.bucket(), request.key(), meta));
        return new MultipartUpload(upload.uploadId(), request);
    }

    @Override
    public UploadPartResponse uploadMultipartPart(MultipartUpload mpu, UploadPartRequest request, InputStream payload) {
        try (payload) {
            long length = request.contentLength() == null ? -1 : request.contentLength();
            Multipart.Part part = call(mpu.containerName(), mpu.blobName(), () -> engine.uploadPart(mpu.id(),
                    request.partNumber(), payload, length, asserted(request.checksumCRC32(), request.checksumCRC32C(),
                            request.checksumSHA1(), request.checksumSHA256(), request.checksumCRC64NVME())));
            UploadPartResponse.Builder b = UploadPartResponse.builder().eTag("\"" + part.eTag() + "\"");
            Map<String, String> c = part.checksums();
            echo.offer(c);
            return b.checksumCRC32(c.get("CRC32")).checksumCRC32C(c.get("CRC32C")).checksumSHA1(c.get("SHA1"))
                    .checksumSHA256(c.get("SHA256")).checksumCRC64NVME(c.get("CRC64NVME")).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload mpu, CompleteMultipartUploadRequest request) {
        List<Multipart.Requested> parts = new ArrayList<>();
        for (CompletedPart p : request.multipartUpload().parts()) {
            parts.add(new Multipart.Requested(p.partNumber(), p.eTag()));
        }
        StoredVersion v = call(mpu.containerName(), mpu.blobName(),
                () -> engine.complete(mpu.id(), parts, new WriteCondition(request.ifMatch(), request.ifNoneMatch())));
        CompleteMultipartUploadResponse.Builder b = CompleteMultipartUploadResponse.builder().bucket(v.bucket()).key(v.key())
                .eTag(v.quotedETag()).versionId(versionId(v)).location("/" + v.bucket() + "/" + v.key());
        checksums(v, b::checksumCRC32, b::checksumCRC32C, b::checksumSHA1, b::checksumSHA256, b::checksumCRC64NVME);
        return b.checksumType(ChecksumType.FULL_OBJECT).build();
    }

    @Override
    public void abortMultipartUpload(MultipartUpload mpu) {
        call(mpu.containerName(), mpu.blobName(), () -> {
            engine.abort(mpu.id());
            return null;
        });
    }

    @Override
    public List<Part> listMultipartUpload(MultipartUpload mpu) {
        List<Multipart.Part> parts = call(mpu.containerName(), mpu.blobName(), () -> {
            engine.upload(mpu.id()).orElseThrow(() -> new ObjectEngineException(ObjectEngineException.Code.NO_SUCH_UPLOAD,
                    "The specified multipart upload does not exist."));
            return engine.parts(mpu.id());
        });
        List<Part> out = new ArrayList<>();
        for (Multipart.Part p : parts) {
            Map<String, String> c = p.checksums();
            out.add(Part.builder().partNumber(p.partNumber()).size(p.size()).eTag("\"" + p.eTag() + "\"")
                    .lastModified(p.lastModified()).checksumCRC32(c.get("CRC32")).checksumCRC32C(c.get("CRC32C"))
                    .checksumSHA1(c.get("SHA1")).checksumSHA256(c.get("SHA256")).checksumCRC64NVME(c.get("CRC64NVME")).build());
        }
        return out;
    }

    @Override
    public List<software.amazon.awssdk.services.s3.model.MultipartUpload> listMultipartUploads(String container) {
        List<software.amazon.awssdk.services.s3.model.MultipartUpload> out = new ArrayList<>();
        for (Multipart.Upload u : call(container, null, () -> engine.uploads(container))) {
            out.add(software.amazon.awssdk.services.s3.model.MultipartUpload.builder().uploadId(u.uploadId()).key(u.key())
                    .initiated(u.initiated()).owner(OWNER).storageClass(StorageClass.STANDARD).build());
        }
        return out;
    }

    @Override
    public long getMinimumMultipartPartSize() {
        return ObjectEngine.MIN_PART_SIZE;
    }

    // ---------------------------------------------------------------- helpers

    private GetObjectResponse response(StoredVersion v, ByteRange range) {
        ObjectMeta m = v.meta();
        GetObjectResponse.Builder b = GetObjectResponse.builder().eTag(v.quotedETag()).lastModified(v.lastModified())
                .contentType(m.contentTypeOrDefault()).contentEncoding(m.contentEncoding()).cacheControl(m.cacheControl())
                .contentDisposition(m.contentDisposition()).contentLanguage(m.contentLanguage()).expires(m.expires())
                .metadata(m.userMetadata()).versionId(versionId(v)).acceptRanges("bytes")
                .storageClass(StorageClass.STANDARD);
        if (v.partsCount() > 0) {
            b.partsCount(v.partsCount());
        }
        if (range != null && range.partial()) {
            b.contentLength(range.length()).contentRange(range.contentRange());
        } else {
            b.contentLength(v.size());
            checksums(v, b::checksumCRC32, b::checksumCRC32C, b::checksumSHA1, b::checksumSHA256, b::checksumCRC64NVME);
            b.checksumType(ChecksumType.FULL_OBJECT);
        }
        return b.build();
    }

    private String versionId(StoredVersion v) {
        return v.versionIdOrNull(engine.versioning(v.bucket()));
    }

    /**
     * The checksums a response carries: CRC32 always (computed by the store), and any the client
     * asserted when writing. S3Proxy answers with the first one S3's order names.
     */
    private static void checksums(StoredVersion v, java.util.function.Consumer<String> crc32,
                                  java.util.function.Consumer<String> crc32c, java.util.function.Consumer<String> sha1,
                                  java.util.function.Consumer<String> sha256, java.util.function.Consumer<String> crc64) {
        Map<String, String> c = v.meta().checksums();
        crc32.accept(c.get("CRC32"));
        crc32c.accept(c.get("CRC32C"));
        sha1.accept(c.get("SHA1"));
        sha256.accept(c.get("SHA256"));
        crc64.accept(c.get("CRC64NVME"));
    }

    private static Map<String, String> asserted(String crc32, String crc32c, String sha1, String sha256, String crc64) {
        Map<String, String> m = new TreeMap<>();
        putIfNotNull(m, "CRC32", crc32);
        putIfNotNull(m, "CRC32C", crc32c);
        putIfNotNull(m, "SHA1", sha1);
        putIfNotNull(m, "SHA256", sha256);
        putIfNotNull(m, "CRC64NVME", crc64);
        return m;
    }

    private static void putIfNotNull(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    /** HTTP conditional reads (RFC 9110 section 13): a failed If-Match/If-Unmodified-Since is 412, If-None-Match/If-Modified-Since 304. */
    private static void checkReadConditions(StoredVersion v, String ifMatch, String ifNoneMatch, Instant ifModifiedSince,
                                            Instant ifUnmodifiedSince, int notModifiedStatus) {
        Instant modified = v.lastModified().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        if (ifMatch != null && !ifMatch.equals("*") && !unquote(ifMatch).equals(v.eTag())) {
            throw error(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold", Map.of());
        }
        if (ifMatch == null && ifUnmodifiedSince != null && modified.isAfter(ifUnmodifiedSince)) {
            throw error(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold", Map.of());
        }
        boolean noneMatchFails = ifNoneMatch != null && (ifNoneMatch.equals("*") || unquote(ifNoneMatch).equals(v.eTag()));
        boolean notModified = ifNoneMatch == null && ifModifiedSince != null && !modified.isAfter(ifModifiedSince);
        if (noneMatchFails || notModified) {
            if (notModifiedStatus == 304) {
                throw S3Exceptions.fromStatusCode(304, v.quotedETag(), Map.of(), null);
            }
            throw error(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold", Map.of());
        }
    }

    private static String unquote(String eTag) {
        String t = eTag.trim();
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
    }

    private static String encodeToken(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeToken(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw error(400, "InvalidArgument", "The continuation token provided is incorrect", Map.of());
        }
    }

    private void requireBucket(String bucket) {
        if (!engine.bucketExists(bucket)) {
            throw S3Exceptions.noSuchBucket(bucket, "no such bucket");
        }
    }

    private interface Call<T> {
        T run();
    }

    /** Runs an engine call and turns its refusal into the S3 error S3Proxy renders. */
    private static <T> T call(String bucket, String key, Call<T> call) {
        try {
            return call.run();
        } catch (ObjectEngineException e) {
            throw toS3(e, bucket, key);
        }
    }

    static S3Exception toS3(ObjectEngineException e, String bucket, String key) {
        return switch (e.code()) {
            case NO_SUCH_BUCKET -> S3Exceptions.noSuchBucket(bucket, e.getMessage(), e);
            case NO_SUCH_KEY -> S3Exceptions.noSuchKey(bucket, key, e.getMessage(), e);
            case NO_SUCH_VERSION -> S3Exceptions.noSuchVersion(bucket, key, null, e.getMessage());
            case PRECONDITION_FAILED -> S3Exceptions.preconditionFailed(e);
            default -> error(e.code().status(), e.code().s3Code(), e.getMessage(), Map.of());
        };
    }

    private static S3Exception error(int status, String code, String message, Map<String, String> headers) {
        SdkHttpResponse.Builder http = SdkHttpResponse.builder().statusCode(status);
        headers.forEach(http::putHeader);
        return (S3Exception) S3Exception.builder().message(message).statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message)
                        .sdkHttpResponse(http.build()).build()).build();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // already failing
        }
    }
}
