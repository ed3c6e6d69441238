package dev.eventpipe.local.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An S3 object store on one machine, with S3's semantics and none of its protocol: buckets, versioning,
 * conditional writes, multipart uploads, copies, listings and an {@link ObjectCreatedListener} told about
 * every object created. {@link LocalS3} puts S3's wire protocol in front of it; the local stack's own
 * functions may call it in-process ({@link EngineObjectStore}).
 *
 * <p><b>Layout.</b> Under its directory: {@code index.db} (SQLite, see {@link Index}: buckets, versions,
 * metadata, uploads, and the bytes of objects up to {@value #INLINE_LIMIT} bytes), {@code objects/}
 * (larger objects, one immutable file each under a random name), {@code parts/} (parts of uploads in
 * progress), {@code tmp/} (bytes being received).
 *
 * <p><b>Durability.</b> A write is acknowledged after its bytes are in their final file (renamed from a
 * temporary one) and the index transaction naming them has committed; only then is the listener called.
 * What survives what is in {@link Durability}. A crash can leave a file that no version names (written
 * but not committed, or replaced but not yet deleted): {@link #open} removes those, and temporary files.
 *
 * <p><b>Concurrency.</b> Writes of one key are serialised from their commit until the listener returned
 * (striped locks), so a key's events reach the listener in the order of its writes; the index has one
 * writer, and reads run beside it. Bytes are received and hashed before any lock is taken.
 */
public final class ObjectEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ObjectEngine.class);

    /** Objects up to this size are kept in the index rather than in a file of their own. */
    static final int INLINE_LIMIT = 128 * 1024;

    /** S3's smallest part, except the last (<a href="https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html">limits</a>). */
    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;

    private static final SecureRandom RANDOM = new SecureRandom();

    /** What an acknowledged write survives. */
    public enum Durability {
        /**
         * A crash or kill of the process: the index commits to its write-ahead log and object files are
         * renamed into place, both in the operating system's cache before the write is acknowledged. A
         * power loss or kernel crash may lose the last moments' writes (the index stays consistent).
         */
        PROCESS_CRASH,
        /** Also a power loss: files and their directories are fsynced, and the index syncs every commit. */
        POWER_LOSS
    }

    private final Index index;
    private final Contents contents;
    private final ObjectCreatedListener listener;
    private final Clock clock;
    private final Sequencer sequencer;
    private final KeyLocks locks = new KeyLocks(256);
    /** Each bucket's versioning, read on every request: kept here, written through on every change. */
    private final java.util.concurrent.ConcurrentMap<String, Versioning> buckets = new java.util.concurrent.ConcurrentHashMap<>();

    private final java.nio.channels.FileChannel lock;

    private ObjectEngine(Index index, Contents contents, ObjectCreatedListener listener, Clock clock,
                         java.nio.channels.FileChannel lock) {
        this.lock = lock;
        this.index = index;
        this.contents = contents;
        this.listener = listener;
        this.clock = clock;
        this.sequencer = new Sequencer(clock);
    }

    /**
     * Opens (or creates) the store in {@code directory} and removes what a crash left half-written.
     *
     * @param listener told about every object created, after its commit; see {@link ObjectCreatedListener}
     */
    public static ObjectEngine open(Path directory, Durability durability, ObjectCreatedListener listener, Clock clock) {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(clock, "clock");
        // One process at a time: the start-up sweep below would delete another writer's files in progress.
        java.nio.channels.FileChannel lock = DirectoryLock.acquire(directory, "s3.lock", "S3's");
        try {
            boolean full = durability == Durability.POWER_LOSS;
            Contents contents = new Contents(directory, full, INLINE_LIMIT);
            Index index = new Index(directory.resolve("index.db"), full);
            int swept = contents.sweep(new HashSet<>(index.objectFiles()), new HashSet<>(index.partFiles()));
            if (swept > 0) {
                LOG.info("removed {} file(s) an interrupted write left behind in {}", swept, directory);
            }
            return new ObjectEngine(index, contents, listener, clock, lock);
        } catch (RuntimeException | Error e) {
            DirectoryLock.release(lock);
            throw e;
        }
    }

    // ---------------------------------------------------------------- buckets

    /** @return false when the bucket existed already */
    public boolean createBucket(String bucket) {
        return index.write(tx -> tx.insertBucket(bucket, now()));
    }

    public boolean bucketExists(String bucket) {
        return cachedVersioning(bucket).isPresent();
    }

    private Optional<Versioning> cachedVersioning(String bucket) {
        Versioning known = buckets.get(bucket);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Versioning> stored = index.read(c -> Index.bucket(c, bucket));
        stored.ifPresent(v -> buckets.putIfAbsent(bucket, v));
        return stored;
    }

    /** Every bucket with its creation time, by name. */
    public Map<String, Instant> buckets() {
        return index.read(Index::buckets);
    }

    /** Deletes an empty bucket: no versions (delete markers included) and no uploads in progress. */
    public void deleteBucket(String bucket) {
        index.write(tx -> {
            requireBucket(tx.c, bucket);
            if (tx.bucketHasContent(bucket)) {
                throw new ObjectEngineException(ObjectEngineException.Code.BUCKET_NOT_EMPTY,
                        "The bucket you tried to delete is not empty");
            }
            tx.deleteBucket(bucket);
            buckets.remove(bucket);
            return null;
        });
    }

    public Versioning versioning(String bucket) {
        return cachedVersioning(bucket).orElseThrow(() -> noSuchBucket(bucket));
    }

    /** Enables or suspends versioning; a bucket once versioned cannot go back to never versioned. */
    public void setVersioning(String bucket, Versioning versioning) {
        if (versioning == Versioning.NEVER) {
            throw new ObjectEngineException(ObjectEngineException.Code.INVALID_ARGUMENT, "versioning is Enabled or Suspended");
        }
        index.write(tx -> {
            requireBucket(tx.c, bucket);
            tx.setVersioning(bucket, versioning);
            buckets.put(bucket, versioning);
            return null;
        });
    }

    // ---------------------------------------------------------------- writes

    /**
     * Stores an object from {@code body}: exactly {@code length} bytes, or to the end when negative.
     *
     * @throws ObjectEngineException {@code PreconditionFailed} when {@code condition} does not hold
     */
    public StoredVersion put(String bucket, String key, ObjectMeta meta, InputStream body, long length, WriteCondition condition) {
        return put(bucket, key, meta, body, length, condition, null);
    }

    /**
     * As {@link #put(String, String, ObjectMeta, InputStream, long, WriteCondition)}, refusing the write
     * ({@code BadDigest}) unless the bytes' MD5 is {@code contentMd5} (Base64, as {@code Content-MD5} carries it).
     */
    public StoredVersion put(String bucket, String key, ObjectMeta meta, InputStream body, long length, WriteCondition condition,
                             String contentMd5) {
        requireBucket(bucket);
        Contents.Staged staged = contents.stage(body, length);
        verify(staged, contentMd5, meta.checksums());
        return commit(bucket, key, meta, stage(staged), condition, ObjectCreated.Kind.PUT, null);
    }

    /** Stores a small object from memory. */
    public StoredVersion put(String bucket, String key, ObjectMeta meta, byte[] content, WriteCondition condition) {
        return put(bucket, key, meta, new ByteArrayInputStream(content), content.length, condition);
    }

    /**
     * A stream to write an object of unknown size into; nothing is visible until {@link ObjectWriter#commit},
     * and {@link ObjectWriter#close} without it leaves nothing behind.
     */
    public ObjectWriter writer(String bucket, String key, ObjectMeta meta) {
        requireBucket(bucket);
        return new ObjectWriter(bucket, key, meta, contents.sink());
    }

    /** See {@link ObjectEngine#writer}. */
    public final class ObjectWriter extends OutputStream {
        private final String bucket;
        private final String key;
        private final ObjectMeta meta;
        private final Contents.Sink sink;

        private ObjectWriter(String bucket, String key, ObjectMeta meta, Contents.Sink sink) {
            this.bucket = bucket;
            this.key = key;
            this.meta = meta;
            this.sink = sink;
        }

        @Override
        public void write(int b) throws IOException {
            sink.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            sink.write(b, off, len);
        }

        public StoredVersion commit(WriteCondition condition) {
            try {
                return ObjectEngine.this.commit(bucket, key, meta, stage(sink.finish()), condition, ObjectCreated.Kind.PUT, null);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot finish an object's bytes", e);
            }
        }

        @Override
        public void close() {
            sink.close();
        }
    }

    /**
     * Copies a version server-side: the same bytes under another key (a hard link for a file), with the
     * source's metadata or {@code replacement}.
     */
    public StoredVersion copy(StoredVersion source, String bucket, String key, ObjectMeta replacement,
                              WriteCondition condition) {
        requireBucket(bucket);
        if (source.deleteMarker()) {
            throw new ObjectEngineException(ObjectEngineException.Code.INVALID_ARGUMENT, "the copy source is a delete marker");
        }
        ObjectMeta meta = replacement == null ? source.meta()
                : replacement.withChecksums(source.meta().checksums());
        Prepared prepared;
        if (source.content().isInline()) {
            byte[] bytes = index.read(c -> Index.versionWithBytes(c, source.bucket(), source.key(), source.versionId()))
                    .orElseThrow(() -> noSuchKey(source.key())).getValue();
            prepared = new Prepared(bytes, null, source.size(), source.eTag(), Map.of(), source.partsCount());
        } else if (source.content().isFile()) {
            prepared = new Prepared(null, contents.link(source.content().file()), source.size(), source.eTag(), Map.of(),
                    source.partsCount());
        } else {
            prepared = new Prepared(new byte[0], null, 0, source.eTag(), Map.of(), 0);
        }
        return commit(bucket, key, meta, prepared, condition, ObjectCreated.Kind.COPY, null);
    }

    /**
     * Refuses ({@code BadDigest}, as S3 does, discarding them) bytes that do not match the {@code Content-MD5}
     * the client sent, or a checksum it asserted that the store computes too (CRC32, CRC32C); asserted
     * SHA-1, SHA-256 and CRC64NVME are kept unverified.
     */
    private void verify(Contents.Staged staged, String contentMd5, Map<String, String> asserted) {
        if (contentMd5 != null && !java.util.Arrays.equals(java.util.Base64.getDecoder().decode(contentMd5), staged.md5())) {
            contents.discard(staged);
            throw new ObjectEngineException(ObjectEngineException.Code.BAD_DIGEST,
                    "The Content-MD5 you specified did not match what we received.");
        }
        for (Map.Entry<String, String> a : asserted.entrySet()) {
            String computed = staged.checksums().get(a.getKey());
            if (computed != null && !computed.equals(a.getValue())) {
                contents.discard(staged);
                throw new ObjectEngineException(ObjectEngineException.Code.BAD_DIGEST,
                        "The " + a.getKey() + " you specified did not match the calculated checksum.");
            }
        }
    }

    /** Bytes ready to be named by a version: in memory, or in a published file. */
    private record Prepared(byte[] bytes, String file, long size, String eTag, Map<String, String> checksums, int parts) {
    }

    private Prepared stage(Contents.Staged staged) {
        String file = staged.file() == null ? null : contents.publish(staged);
        return new Prepared(staged.bytes(), file, staged.size(), staged.md5Hex(), staged.checksums(), 0);
    }

    private record Committed(StoredVersion version, Versioning versioning) {
    }

    /**
     * Names the prepared bytes as the key's new current version, in one transaction with {@code also};
     * then deletes the files of versions it replaced and tells the listener.
     */
    private StoredVersion commit(String bucket, String key, ObjectMeta meta, Prepared prepared, WriteCondition condition,
                                 ObjectCreated.Kind kind, Index.Work<Void> also) {
        ReentrantLock keyLock = locks.forKey(bucket, key);
        keyLock.lock();
        try {
            List<String> replacedFiles = new ArrayList<>();
            Committed committed;
            try {
                committed = index.write(tx -> {
                    Versioning versioning = requireBucket(tx.c, bucket);
                    StoredVersion current = Index.version(tx.c, bucket, key, null).orElse(null);
                    condition.check(current);
                    String versionId = replaceNullVersion(tx, bucket, key, versioning, replacedFiles);
                    tx.clearLatest(bucket, key);
                    StoredVersion.Content content = prepared.file() != null ? StoredVersion.Content.file(prepared.file())
                            : prepared.size() > 0 ? StoredVersion.Content.inline(tx.insertBlob(prepared.bytes()))
                            : StoredVersion.Content.NONE;
                    StoredVersion v = new StoredVersion(bucket, key, versionId, true, false, prepared.size(), prepared.eTag(),
                            now(), meta.withChecksums(prepared.checksums()), prepared.parts(), content);
                    tx.insertVersion(v);
                    if (also != null) {
                        also.run(tx);
                    }
                    return new Committed(v, versioning);
                });
            } catch (RuntimeException | Error e) {
                if (prepared.file() != null) {
                    contents.delete(prepared.file());
                }
                throw e;
            }
            replacedFiles.forEach(contents::delete);
            StoredVersion v = committed.version();
            try {
                listener.objectCreated(new ObjectCreated(kind, bucket, key, v.size(), v.eTag(),
                        Optional.ofNullable(v.versionIdOrNull(committed.versioning())), sequencer.next(), v.lastModified()));
            } catch (RuntimeException e) {
                // Stored, but not notified: the client is told to retry, and its retry notifies.
                throw new ObjectEngineException(ObjectEngineException.Code.INTERNAL_ERROR,
                        "stored, but its event notification failed: " + e.getMessage(), e);
            }
            return v;
        } finally {
            keyLock.unlock();
        }
    }

    /**
     * Outside an enabled bucket a key has at most one version named "null": a new write or delete marker
     * replaces it. Returns the id the new version gets.
     */
    private static String replaceNullVersion(Index.Tx tx, String bucket, String key, Versioning versioning,
                                             List<String> replacedFiles) throws SQLException {
        if (versioning == Versioning.ENABLED) {
            return newVersionId();
        }
        Optional<StoredVersion> old = Index.version(tx.c, bucket, key, "null");
        if (old.isPresent()) {
            tx.deleteVersion(old.get());
            if (old.get().content().isFile()) {
                replacedFiles.add(old.get().content().file());
            }
        }
        return "null";
    }

    /** What a delete did: the version removed or the delete marker made, as S3's response reports them. */
    public record Deleted(String versionId, boolean deleteMarker) {
    }

    /**
     * Deletes a version ({@code versionId}), or the key: in a versioned bucket that makes a delete marker.
     * Deleting what is not there succeeds, as on S3.
     *
     * @param ifMatch the ETag the current version must have (a conditional delete), or null
     */
    public Deleted delete(String bucket, String key, String versionId, String ifMatch) {
        ReentrantLock keyLock = locks.forKey(bucket, key);
        keyLock.lock();
        try {
            List<String> doomed = new ArrayList<>();
            Deleted deleted = index.write(tx -> {
                Versioning versioning = requireBucket(tx.c, bucket);
                if (versionId != null) {
                    Optional<StoredVersion> v = Index.version(tx.c, bucket, key, versionId);
                    if (v.isEmpty()) {
                        return new Deleted(versionId, false);
                    }
                    if (ifMatch != null) {
                        new WriteCondition(ifMatch, null).check(v.get());
                    }
                    tx.deleteVersion(v.get());
                    if (v.get().content().isFile()) {
                        doomed.add(v.get().content().file());
                    }
                    if (v.get().latest()) {
                        tx.promoteNewest(bucket, key);
                    }
                    return new Deleted(versionId, v.get().deleteMarker());
                }
                StoredVersion current = Index.version(tx.c, bucket, key, null).orElse(null);
                if (ifMatch != null) {
                    new WriteCondition(ifMatch, null).check(current);
                }
                if (versioning == Versioning.NEVER) {
                    if (current != null) {
                        tx.deleteVersion(current);
                        if (current.content().isFile()) {
                            doomed.add(current.content().file());
                        }
                    }
                    return new Deleted(null, false);
                }
                String markerId = replaceNullVersion(tx, bucket, key, versioning, doomed);
                tx.clearLatest(bucket, key);
                tx.insertVersion(new StoredVersion(bucket, key, markerId, true, true, 0, "", now(),
                        ObjectMeta.of(null, null), 0, StoredVersion.Content.NONE));
                return new Deleted(markerId, true);
            });
            doomed.forEach(contents::delete);
            return deleted;
        } finally {
            keyLock.unlock();
        }
    }

    // ---------------------------------------------------------------- reads

    /** The current version (possibly a delete marker) or the named one; empty when there is none. */
    public Optional<StoredVersion> head(String bucket, String key, String versionId) {
        requireBucket(bucket);
        return index.read(c -> Index.version(c, bucket, key, versionId));
    }

    /** An open object: the version read and a stream of the requested bytes, which the caller closes. */
    public record Read(StoredVersion version, InputStream body, ByteRange range) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    /**
     * Opens a version for reading.
     *
     * @param range an HTTP {@code Range} header ({@code bytes=first-last}, {@code bytes=first-},
     *              {@code bytes=-suffix}), or null for the whole object
     * @throws ObjectEngineException {@code NoSuchKey} (also when the current version is a delete marker),
     *                               {@code NoSuchVersion}, {@code InvalidRange}
     */
    public Read get(String bucket, String key, String versionId, String range) {
        for (int attempt = 1; ; attempt++) {
            requireBucket(bucket);
            Map.Entry<StoredVersion, byte[]> found = index.read(c -> Index.versionWithBytes(c, bucket, key, versionId)).orElseThrow(() -> versionId == null ? noSuchKey(key)
                    : new ObjectEngineException(ObjectEngineException.Code.NO_SUCH_VERSION, "The specified version does not exist."));
            StoredVersion v = found.getKey();
            if (v.deleteMarker()) {
                throw versionId == null ? noSuchKey(key)
                        : new ObjectEngineException(ObjectEngineException.Code.METHOD_NOT_ALLOWED,
                        "The specified method is not allowed against this resource.");
            }
            ByteRange r = ByteRange.resolve(range, v.size());
            if (v.content().isInline()) {
                return new Read(v, new ByteArrayInputStream(found.getValue(), (int) r.first(), (int) r.length()), r);
            }
            if (!v.content().isFile()) {
                return new Read(v, InputStream.nullInputStream(), r);
            }
            try {
                return new Read(v, contents.open(v.content().file(), r.first(), r.length()), r);
            } catch (NoSuchFileException replacedMeanwhile) {
                if (attempt == 3) {
                    throw new ObjectEngineException(ObjectEngineException.Code.INTERNAL_ERROR,
                            "the object's file is missing: " + v.content().file(), replacedMeanwhile);
                }
            }
        }
    }

    /**
     * One page of the current keys under {@code prefix}, after {@code after} (exclusive: a key, or a
     * common prefix a previous page ended with), keys under a common prefix rolled up when
     * {@code delimiter} is given.
     */
    public Listing.Page list(String bucket, String prefix, String delimiter, String after, int maxKeys) {
        String p = prefix == null ? "" : prefix;
        String d = delimiter == null || delimiter.isEmpty() ? null : delimiter;
        return index.read(c -> {
            requireBucket(c, bucket);
            List<Listing.Entry> entries = new ArrayList<>();
            List<String> prefixes = new ArrayList<>();
            String upper = KeyRange.successor(p);
            String from = after == null || after.compareTo(p) < 0 ? p : KeyRange.resumeAfter(after, p, d);
            String last = null;
            while (entries.size() + prefixes.size() < maxKeys) {
                int want = maxKeys - entries.size() - prefixes.size();
                List<Listing.Entry> rows = Index.currentKeys(c, bucket, from, upper, want);
                if (rows.isEmpty()) {
                    return new Listing.Page(entries, prefixes, null);
                }
                boolean restarted = false;
                for (Listing.Entry row : rows) {
                    String common = KeyRange.commonPrefix(row.key(), p, d);
                    if (common != null) {
                        prefixes.add(common);
                        last = common;
                        from = KeyRange.successor(common);
                        restarted = true;
                        break;
                    }
                    entries.add(row);
                    last = row.key();
                    from = KeyRange.after(row.key());
                }
                if (!restarted && rows.size() < want) {
                    return new Listing.Page(entries, prefixes, null);
                }
            }
            boolean more = !Index.currentKeys(c, bucket, from, upper, 1).isEmpty();
            return new Listing.Page(entries, prefixes, more ? last : null);
        });
    }

    /**
     * One page of versions (delete markers included): keys in order, newest version first, continuing
     * after {@code keyMarker} (all its versions) or, with {@code versionIdMarker}, after that version.
     */
    public Listing.VersionPage listVersions(String bucket, String prefix, String delimiter, String keyMarker,
                                            String versionIdMarker, int maxKeys) {
        String p = prefix == null ? "" : prefix;
        String d = delimiter == null || delimiter.isEmpty() ? null : delimiter;
        return index.read(c -> {
            requireBucket(c, bucket);
            if (keyMarker == null || keyMarker.compareTo(p) < 0) {
                return versionsPage(c, bucket, p, d, p, null, null, maxKeys);
            }
            return versionIdMarker == null ? versionsPage(c, bucket, p, d, KeyRange.resumeAfter(keyMarker, p, d), null, null, maxKeys)
                    : versionsPage(c, bucket, p, d, keyMarker, keyMarker, versionIdMarker, maxKeys);
        });
    }

    /**
     * Versions in listing order from a cursor: the versions of {@code inKey} older than {@code afterVersionId}
     * and then the keys after it, or (when {@code inKey} is null) the keys from {@code from}. Each query
     * starts strictly after the last row seen, so a key with more versions than a page still moves on.
     */
    private static Listing.VersionPage versionsPage(Index.Conn c, String bucket, String p, String d, String from,
                                                    String inKey, String afterVersionId, int maxKeys) throws SQLException {
        String upper = KeyRange.successor(p);
        List<StoredVersion> out = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        boolean lastWasPrefix = false;
        int batch = maxKeys + 1;
        if (maxKeys == 0) {
            return new Listing.VersionPage(out, prefixes, null, null); // as ListObjectsV2 answers max-keys=0
        }
        if (inKey != null && !inKey.startsWith(p)) {
            from = KeyRange.after(inKey); // a marker outside the prefix: nothing of that key is listed
            inKey = null;
        }
        while (true) {
            List<StoredVersion> rows = inKey != null ? Index.versionsOfKeyAfter(c, bucket, inKey, afterVersionId, batch)
                    : Index.versions(c, bucket, from, upper, batch);
            String jumpTo = null;
            for (StoredVersion v : rows) {
                if (out.size() + prefixes.size() == maxKeys) {
                    if (lastWasPrefix) {
                        return new Listing.VersionPage(out, prefixes, prefixes.get(prefixes.size() - 1), null);
                    }
                    StoredVersion last = out.get(out.size() - 1);
                    return new Listing.VersionPage(out, prefixes, last.key(), last.versionId());
                }
                String common = KeyRange.commonPrefix(v.key(), p, d);
                if (common != null) {
                    prefixes.add(common);
                    lastWasPrefix = true;
                    jumpTo = KeyRange.successor(common);
                    break;
                }
                out.add(v);
                lastWasPrefix = false;
            }
            if (jumpTo != null) {
                from = jumpTo;
                inKey = null;
            } else if (rows.size() == batch) {
                StoredVersion lastRow = rows.get(rows.size() - 1); // the batch ended inside the listing: go on after it
                inKey = lastRow.key();
                afterVersionId = lastRow.versionId();
            } else if (inKey != null) {
                from = KeyRange.after(inKey); // that key's older versions are all seen: on to the next keys
                inKey = null;
            } else {
                return new Listing.VersionPage(out, prefixes, null, null);
            }
        }
    }

    // ---------------------------------------------------------------- multipart uploads

    public Multipart.Upload initiate(String bucket, String key, ObjectMeta meta) {
        Multipart.Upload upload = new Multipart.Upload(newVersionId() + newVersionId(), bucket, key, now(), meta);
        index.write(tx -> {
            requireBucket(tx.c, bucket);
            tx.insertUpload(upload);
            return null;
        });
        return upload;
    }

    public Optional<Multipart.Upload> upload(String uploadId) {
        return index.read(c -> Index.upload(c, uploadId));
    }

    public List<Multipart.Upload> uploads(String bucket) {
        return index.read(c -> {
            requireBucket(c, bucket);
            return Index.uploads(c, bucket);
        });
    }

    public List<Multipart.Part> parts(String uploadId) {
        return index.read(c -> Index.parts(c, uploadId));
    }

    /**
     * Stores one part (a part uploaded again under the same number replaces the earlier one).
     *
     * @param asserted checksums the client sent for the part (algorithm to Base64 value), kept for ListParts
     */
    public Multipart.Part uploadPart(String uploadId, int partNumber, InputStream body, long length,
                                     Map<String, String> asserted) {
        if (partNumber < 1 || partNumber > 10_000) {
            throw new ObjectEngineException(ObjectEngineException.Code.INVALID_ARGUMENT, "Part number must be 1 to 10000.");
        }
        upload(uploadId).orElseThrow(ObjectEngine::noSuchUpload);
        Contents.Staged staged = contents.stage(body, length);
        verify(staged, null, asserted);
        String file = contents.publishPart(staged, uploadId, partNumber);
        Map<String, String> checksums = new java.util.TreeMap<>(staged.checksums());
        checksums.putAll(asserted);
        Multipart.Part part = new Multipart.Part(partNumber, staged.size(), staged.md5Hex(), now(), checksums, file);
        Optional<String> replaced;
        try {
            replaced = index.write(tx -> {
                if (Index.upload(tx.c, uploadId).isEmpty()) {
                    throw noSuchUpload();
                }
                return tx.upsertPart(uploadId, part);
            });
        } catch (RuntimeException | Error e) {
            contents.deletePart(file);
            throw e;
        }
        replaced.ifPresent(contents::deletePart);
        return part;
    }

    /**
     * Assembles the named parts into the object (its ETag the MD5 of the parts' MD5s, dash, count; its
     * CRCs full-object checksums), in one transaction with the upload's removal.
     */
    public StoredVersion complete(String uploadId, List<Multipart.Requested> requested, WriteCondition condition) {
        Multipart.Upload upload = upload(uploadId).orElseThrow(ObjectEngine::noSuchUpload);
        if (requested.isEmpty()) {
            throw new ObjectEngineException(ObjectEngineException.Code.INVALID_ARGUMENT,
                    "You must specify at least one part");
        }
        Map<Integer, Multipart.Part> stored = new java.util.HashMap<>();
        for (Multipart.Part p : parts(uploadId)) {
            stored.put(p.partNumber(), p);
        }
        List<Multipart.Part> chosen = new ArrayList<>();
        int previous = 0;
        for (Multipart.Requested r : requested) {
            if (r.partNumber() <= previous) {
                throw new ObjectEngineException(ObjectEngineException.Code.INVALID_PART_ORDER,
                        "The list of parts was not in ascending order.");
            }
            previous = r.partNumber();
            Multipart.Part p = stored.get(r.partNumber());
            if (p == null || (r.eTag() != null && !WriteCondition.unquote(r.eTag()).equals(p.eTag()))) {
                throw new ObjectEngineException(ObjectEngineException.Code.INVALID_PART,
                        "One or more of the specified parts could not be found.");
            }
            chosen.add(p);
        }
        for (int i = 0; i < chosen.size() - 1; i++) {
            if (chosen.get(i).size() < MIN_PART_SIZE) {
                throw new ObjectEngineException(ObjectEngineException.Code.ENTITY_TOO_SMALL,
                        "Your proposed upload is smaller than the minimum allowed object size.");
            }
        }
        java.security.MessageDigest md5s = Contents.md5();
        for (Multipart.Part p : chosen) {
            md5s.update(HexFormat.of().parseHex(p.eTag()));
        }
        Contents.Staged staged = contents.concatenate(chosen);
        Prepared whole = stage(staged);
        Prepared prepared = new Prepared(whole.bytes(), whole.file(), whole.size(),
                HexFormat.of().formatHex(md5s.digest()) + "-" + chosen.size(), whole.checksums(), chosen.size());
        List<Multipart.Part> all = List.copyOf(stored.values());
        StoredVersion v = commit(upload.bucket(), upload.key(), upload.meta(), prepared, condition,
                ObjectCreated.Kind.COMPLETE_MULTIPART_UPLOAD, tx -> {
                    if (Index.upload(tx.c, uploadId).isEmpty()) {
                        throw noSuchUpload(); // completed or aborted meanwhile
                    }
                    tx.deleteUpload(uploadId);
                    return null;
                });
        all.forEach(p -> contents.deletePart(p.file()));
        contents.deleteUploadDirectory(uploadId);
        return v;
    }

    public void abort(String uploadId) {
        List<Multipart.Part> parts = parts(uploadId);
        boolean existed = index.write(tx -> {
            if (Index.upload(tx.c, uploadId).isEmpty()) {
                return false;
            }
            tx.deleteUpload(uploadId);
            return true;
        });
        if (!existed) {
            throw noSuchUpload();
        }
        parts.forEach(p -> contents.deletePart(p.file()));
        contents.deleteUploadDirectory(uploadId);
    }

    // ---------------------------------------------------------------- helpers

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private void requireBucket(String bucket) {
        versioning(bucket);
    }

    private static Versioning requireBucket(Index.Conn c, String bucket) throws SQLException {
        return Index.bucket(c, bucket).orElseThrow(() -> noSuchBucket(bucket));
    }

    private static ObjectEngineException noSuchBucket(String bucket) {
        return new ObjectEngineException(ObjectEngineException.Code.NO_SUCH_BUCKET, "The specified bucket does not exist: " + bucket);
    }

    private static ObjectEngineException noSuchKey(String key) {
        return new ObjectEngineException(ObjectEngineException.Code.NO_SUCH_KEY, "The specified key does not exist: " + key);
    }

    private static ObjectEngineException noSuchUpload() {
        return new ObjectEngineException(ObjectEngineException.Code.NO_SUCH_UPLOAD,
                "The specified multipart upload does not exist.");
    }

    /** 32 random characters, S3's length for version ids. */
    private static String newVersionId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    @Override
    public void close() {
        try {
            index.close();
        } finally {
            DirectoryLock.release(lock);
        }
    }
}
