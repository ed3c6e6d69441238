package dev.eventpipe.shared.aws;

import dev.eventpipe.shared.layout.FileId;
import dev.eventpipe.shared.store.ListedObject;
import dev.eventpipe.shared.store.ObjectInfo;
import dev.eventpipe.shared.store.ObjectStore;
import dev.eventpipe.shared.store.ObjectUpload;
import dev.eventpipe.shared.store.StoreException;
import dev.eventpipe.shared.store.StoreReadException;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** {@link ObjectStore} on Amazon S3 (or any S3-compatible endpoint). */
public final class S3ObjectStore implements ObjectStore {

    /** S3's smallest part size for every part but the last. */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;

    private final S3Client s3;
    private final int partSize;

    public S3ObjectStore(S3Client s3, int partSize) {
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("part size must be at least " + MIN_PART_SIZE + " bytes: " + partSize);
        }
        this.s3 = s3;
        this.partSize = partSize;
    }

    @Override
    public Optional<ObjectInfo> head(String bucket, String key) {
        try {
            HeadObjectResponse r = s3.headObject(b -> b.bucket(bucket).key(key));
            return Optional.of(new ObjectInfo(r.contentLength(), FileId.plainETag(r.eTag()), Optional.ofNullable(r.versionId()),
                    Optional.ofNullable(r.contentType()), Optional.ofNullable(r.contentEncoding())));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty(); // HEAD has no body, so S3 cannot say NoSuchKey
            }
            throw new StoreException("HeadObject", bucket, key, e);
        } catch (SdkException e) {
            throw new StoreException("HeadObject", bucket, key, e);
        }
    }

    @Override
    public Optional<InputStream> open(String bucket, String key, Optional<String> versionId) {
        GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(bucket).key(key);
        versionId.ifPresent(request::versionId);
        try {
            var response = s3.getObject(request.build());
            return Optional.of(new TaggingInputStream(response, bucket, key, response.response().contentLength()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            // A deleted version answers 404 NoSuchVersion; an unknown version id 400 InvalidArgument.
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw new StoreException("GetObject", bucket, key, e);
        } catch (SdkException e) {
            throw new StoreException("GetObject", bucket, key, e);
        }
    }

    @Override
    public void put(String bucket, String key, byte[] content, String contentType) {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw new StoreException("PutObject", bucket, key, e);
        }
    }

    @Override
    public boolean putIfAbsent(String bucket, String key, byte[] content, String contentType) {
        try {
            // Conditional write: https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType).ifNoneMatch("*"),
                    RequestBody.fromBytes(content));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                return false; // PreconditionFailed: the key exists
            }
            if (e.statusCode() == 409) {
                return false; // ConditionalRequestConflict: a concurrent conditional write won
            }
            throw new StoreException("PutObject(If-None-Match)", bucket, key, e);
        } catch (SdkException e) {
            throw new StoreException("PutObject(If-None-Match)", bucket, key, e);
        }
    }

    @Override
    public boolean putIfMatch(String bucket, String key, byte[] content, String contentType, String etag) {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType).ifMatch('"' + etag + '"'),
                    RequestBody.fromBytes(content));
            return true;
        } catch (NoSuchKeyException e) {
            return false; // deleted since it was read
        } catch (S3Exception e) {
            // 412 PreconditionFailed: another write came first; 409 ConditionalRequestConflict: one is under way;
            // 404: the key is gone.
            if (e.statusCode() == 412 || e.statusCode() == 409 || e.statusCode() == 404) {
                return false;
            }
            throw new StoreException("PutObject(If-Match)", bucket, key, e);
        } catch (SdkException e) {
            throw new StoreException("PutObject(If-Match)", bucket, key, e);
        }
    }

    @Override
    public ObjectUpload startUpload(String bucket, String key, String contentType, String contentEncoding) {
        return new Upload(bucket, key, contentType, contentEncoding);
    }

    @Override
    public List<String> list(String bucket, String prefix, int limit) {
        try {
            List<String> keys = new ArrayList<>();
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
                if (keys.size() == limit) {
                    break;
                }
                keys.add(o.key());
            }
            return keys;
        } catch (SdkException e) {
            throw new StoreException("ListObjectsV2", bucket, prefix, e);
        }
    }

    @Override
    public List<ListedObject> listWithEtags(String bucket, String prefix, int limit) {
        try {
            List<ListedObject> listed = new ArrayList<>();
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
                if (listed.size() == limit) {
                    break;
                }
                listed.add(new ListedObject(o.key(), FileId.plainETag(o.eTag())));
            }
            return listed;
        } catch (SdkException e) {
            throw new StoreException("ListObjectsV2", bucket, prefix, e);
        }
    }

    @Override
    public void delete(String bucket, String key) {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw new StoreException("DeleteObject", bucket, key, e);
        }
    }

    /**
     * Marks every failure of the wire as a {@link StoreReadException}, and so is a body that ends before its
     * Content-Length: the JDK's HTTP client reports a connection closed early as a normal end of stream,
     * which the processor would otherwise read as a short file (and quarantine, or process a part of it).
     * Found by the test kit's fault proxy.
     */
    private static final class TaggingInputStream extends FilterInputStream {
        private final String location;
        private final Long expected;
        private long read;

        TaggingInputStream(InputStream in, String bucket, String key, Long expected) {
            super(in);
            this.location = "s3://" + bucket + "/" + key;
            this.expected = expected;
        }

        @Override
        public int read() throws IOException {
            int b;
            try {
                b = super.read();
            } catch (IOException | SdkException e) {
                throw new StoreReadException("reading " + location + " failed: " + e.getMessage(), e);
            }
            return counted(b < 0 ? -1 : 1) < 0 ? -1 : b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return counted(super.read(b, off, len));
            } catch (IOException | SdkException e) {
                if (e instanceof StoreReadException s) {
                    throw s;
                }
                throw new StoreReadException("reading " + location + " failed: " + e.getMessage(), e);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buffer = new byte[(int) Math.min(8192, Math.max(1, n))];
            long skipped = 0;
            while (skipped < n) {
                int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
                if (r < 0) {
                    break;
                }
                skipped += r;
            }
            return skipped;
        }

        private int counted(int n) throws StoreReadException {
            if (n >= 0) {
                read += n;
            } else if (expected != null && read < expected) {
                throw new StoreReadException("reading " + location + " failed: the body ended after " + read + " of "
                        + expected + " bytes", null);
            }
            return n;
        }
    }

    /**
     * Buffers up to one part; the first full part turns the write into a multipart upload, so an output
     * of any size needs at most one part of memory.
     */
    private final class Upload implements ObjectUpload {
        private final String bucket;
        private final String key;
        private final String contentType;
        private final String contentEncoding;
        private final List<CompletedPart> parts = new ArrayList<>();
        private final PartStream stream = new PartStream();
        private String uploadId;
        private boolean done;

        Upload(String bucket, String key, String contentType, String contentEncoding) {
            this.bucket = bucket;
            this.key = key;
            this.contentType = contentType;
            this.contentEncoding = contentEncoding;
        }

        @Override
        public OutputStream stream() {
            return stream;
        }

        private void sendPart() {
            try {
                if (uploadId == null) {
                    uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(contentType)
                            .contentEncoding(contentEncoding)).uploadId();
                }
                int number = parts.size() + 1;
                String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                        stream.body()).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                stream.count = 0;
            } catch (SdkException e) {
                throw new StoreException("UploadPart", bucket, key, e);
            }
        }

        @Override
        public void complete() {
            if (done) {
                throw new IllegalStateException("upload of s3://" + bucket + "/" + key + " already ended");
            }
            try {
                if (uploadId == null) {
                    s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType).contentEncoding(contentEncoding),
                            stream.body());
                } else {
                    if (stream.count > 0) {
                        sendPart();
                    }
                    s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                            .multipartUpload(m -> m.parts(parts)));
                }
                done = true;
            } catch (SdkException e) {
                throw new StoreException(uploadId == null ? "PutObject" : "CompleteMultipartUpload", bucket, key, e);
            }
        }

        @Override
        public void abort() {
            if (done) {
                return;
            }
            done = true;
            stream.buffer = new byte[0];
            if (uploadId != null) {
                try {
                    s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
                } catch (SdkException e) {
                    // The bucket's lifecycle rule (AbortIncompleteMultipartUpload) removes what is left.
                    throw new StoreException("AbortMultipartUpload", bucket, key, e);
                }
            }
        }

        @Override
        public void close() {
            abort();
        }

        private final class PartStream extends OutputStream {
            private byte[] buffer = new byte[64 * 1024];
            private int count;

            @Override
            public void write(int b) {
                ensure(1);
                buffer[count++] = (byte) b;
                if (count >= partSize) {
                    sendPart();
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                while (len > 0) {
                    int n = Math.min(len, partSize - count);
                    ensure(n);
                    System.arraycopy(b, off, buffer, count, n);
                    count += n;
                    off += n;
                    len -= n;
                    if (count >= partSize) {
                        sendPart();
                    }
                }
            }

            private void ensure(int extra) {
                if (count + extra > buffer.length) {
                    buffer = Arrays.copyOf(buffer, Math.min(partSize, Math.max(buffer.length * 2, count + extra)));
                }
            }

            RequestBody body() {
                return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, count), count,
                        contentType);
            }
        }
    }
}
