package dev.eventpipe.local.s3;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The store's index in SQLite: buckets, every version of every key with its metadata, multipart uploads
 * and their parts, and the bytes of small objects. One file, {@code index.db}, in WAL mode: a committed
 * transaction is in the write-ahead log before {@link #write} returns, so it survives the process being
 * killed; with {@code synchronous=FULL} it also survives a power loss.
 *
 * <p>Every lookup is an index seek and every listing page a range scan of the {@code (bucket, key)}
 * index of current versions, so a request costs the same with a thousand keys as with millions. Writes
 * go through one connection, one transaction at a time (SQLite has one writer); reads use a pool of
 * connections and see the last committed state.
 */
final class Index implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int READERS = 8;
    private static final String VERSION_COLUMNS =
            "v.bucket, v.key, v.version_id, v.latest, v.delete_marker, v.size, v.etag, v.modified_ms, v.meta, v.parts, "
                    + "v.blob_id, v.file";

    private final ReentrantLock writeLock = new ReentrantLock();
    private final Conn writer;
    private final BlockingQueue<Conn> readers = new ArrayBlockingQueue<>(READERS);
    private final List<Conn> all = new ArrayList<>();

    Index(Path file, boolean fullSync) {
        try {
            writer = open(file, fullSync);
            all.add(writer);
            try (Statement s = writer.connection.createStatement()) {
                s.executeUpdate("CREATE TABLE IF NOT EXISTS buckets (name TEXT PRIMARY KEY, created_ms INTEGER NOT NULL, "
                        + "versioning TEXT NOT NULL)");
                s.executeUpdate("CREATE TABLE IF NOT EXISTS versions (id INTEGER PRIMARY KEY, bucket TEXT NOT NULL, "
                        + "key TEXT NOT NULL, version_id TEXT NOT NULL, latest INTEGER NOT NULL, delete_marker INTEGER NOT NULL, "
                        + "size INTEGER NOT NULL, etag TEXT NOT NULL, modified_ms INTEGER NOT NULL, meta TEXT NOT NULL, "
                        + "parts INTEGER NOT NULL, blob_id INTEGER, file TEXT)");
                s.executeUpdate("CREATE UNIQUE INDEX IF NOT EXISTS versions_by_id ON versions (bucket, key, version_id)");
                // Covering: a listing page reads only this index, in key order, never the table's rows
                // (which lie in write order, scattered for a range of keys).
                s.executeUpdate("CREATE INDEX IF NOT EXISTS current_keys ON versions "
                        + "(bucket, key, delete_marker, size, etag, modified_ms) WHERE latest = 1");
                s.executeUpdate("CREATE INDEX IF NOT EXISTS versions_by_key ON versions (bucket, key, id)");
                s.executeUpdate("CREATE TABLE IF NOT EXISTS blobs (id INTEGER PRIMARY KEY, data BLOB NOT NULL)");
                s.executeUpdate("CREATE TABLE IF NOT EXISTS uploads (upload_id TEXT PRIMARY KEY, bucket TEXT NOT NULL, "
                        + "key TEXT NOT NULL, initiated_ms INTEGER NOT NULL, meta TEXT NOT NULL)");
                s.executeUpdate("CREATE INDEX IF NOT EXISTS uploads_by_key ON uploads (bucket, key, upload_id)");
                s.executeUpdate("CREATE TABLE IF NOT EXISTS parts (upload_id TEXT NOT NULL, part_number INTEGER NOT NULL, "
                        + "size INTEGER NOT NULL, etag TEXT NOT NULL, modified_ms INTEGER NOT NULL, checksums TEXT NOT NULL, "
                        + "file TEXT NOT NULL, PRIMARY KEY (upload_id, part_number))");
            }
            writer.connection.setAutoCommit(false);
            for (int i = 0; i < READERS; i++) {
                Conn reader = open(file, fullSync);
                all.add(reader);
                readers.add(reader);
            }
        } catch (SQLException e) {
            close();
            throw new IllegalStateException("cannot open the S3 index " + file + ": " + e.getMessage(), e);
        }
    }

    private static Conn open(Path file, boolean fullSync) throws SQLException {
        Properties p = new Properties();
        p.setProperty("journal_mode", "WAL");
        p.setProperty("synchronous", fullSync ? "FULL" : "NORMAL");
        p.setProperty("busy_timeout", "30000");
        p.setProperty("foreign_keys", "false");
        return new Conn(DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), p));
    }

    /** One connection and its prepared statements (SQLite prepares are not free; every query here repeats). */
    static final class Conn {
        final Connection connection;
        private final Map<String, PreparedStatement> statements = new HashMap<>();

        Conn(Connection connection) {
            this.connection = connection;
        }

        PreparedStatement ps(String sql, Object... args) throws SQLException {
            PreparedStatement ps = statements.get(sql);
            if (ps == null) {
                ps = connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS);
                statements.put(sql, ps);
            }
            ps.clearParameters();
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps;
        }
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Tx tx) throws SQLException;
    }

    @FunctionalInterface
    interface Read<T> {
        T run(Conn c) throws SQLException;
    }

    /** Runs {@code work} in one write transaction: all of it is committed, or none. */
    <T> T write(Work<T> work) {
        writeLock.lock();
        try {
            try {
                T result = work.run(new Tx(writer));
                writer.connection.commit();
                return result;
            } catch (SQLException e) {
                rollback(e);
                throw new ObjectEngineException(ObjectEngineException.Code.INTERNAL_ERROR, "index write failed: " + e.getMessage(), e);
            } catch (RuntimeException | Error e) {
                rollback(e);
                throw e;
            }
        } finally {
            writeLock.unlock();
        }
    }

    private void rollback(Throwable failure) {
        try {
            writer.connection.rollback();
        } catch (SQLException rollback) {
            failure.addSuppressed(rollback);
        }
    }

    <T> T read(Read<T> read) {
        Conn c;
        try {
            c = readers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ObjectEngineException(ObjectEngineException.Code.INTERNAL_ERROR, "interrupted", e);
        }
        try {
            return read.run(c);
        } catch (SQLException e) {
            throw new ObjectEngineException(ObjectEngineException.Code.INTERNAL_ERROR, "index read failed: " + e.getMessage(), e);
        } finally {
            readers.add(c);
        }
    }

    // ---- queries shared by readers and the writer ----

    static Optional<Versioning> bucket(Conn c, String bucket) throws SQLException {
        try (ResultSet rs = c.ps("SELECT versioning FROM buckets WHERE name = ?", bucket).executeQuery()) {
            return rs.next() ? Optional.of(Versioning.valueOf(rs.getString(1))) : Optional.empty();
        }
    }

    static Map<String, Instant> buckets(Conn c) throws SQLException {
        Map<String, Instant> out = new LinkedHashMap<>();
        try (ResultSet rs = c.ps("SELECT name, created_ms FROM buckets ORDER BY name").executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)));
            }
        }
        return out;
    }

    /** The current version (maybe a delete marker), or the named one. */
    static Optional<StoredVersion> version(Conn c, String bucket, String key, String versionId) throws SQLException {
        PreparedStatement ps = versionId == null
                ? c.ps("SELECT " + VERSION_COLUMNS + " FROM versions v WHERE v.bucket = ? AND v.key = ? AND v.latest = 1", bucket, key)
                : c.ps("SELECT " + VERSION_COLUMNS + " FROM versions v WHERE v.bucket = ? AND v.key = ? AND v.version_id = ?",
                        bucket, key, versionId);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(row(rs)) : Optional.empty();
        }
    }

    /** The version and, for a small object, its bytes, read in one statement (one snapshot). */
    static Optional<Map.Entry<StoredVersion, byte[]>> versionWithBytes(Conn c, String bucket, String key, String versionId)
            throws SQLException {
        String base = "SELECT " + VERSION_COLUMNS + ", b.data FROM versions v LEFT JOIN blobs b ON b.id = v.blob_id "
                + "WHERE v.bucket = ? AND v.key = ? AND ";
        PreparedStatement ps = versionId == null ? c.ps(base + "v.latest = 1", bucket, key)
                : c.ps(base + "v.version_id = ?", bucket, key, versionId);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            StoredVersion v = row(rs);
            return Optional.of(Map.entry(v, v.content().isInline() ? rs.getBytes(13) : new byte[0]));
        }
    }

    /** Current, non-deleted keys in {@code [from, to)}, in key order (UTF-8 byte order, as S3 sorts). */
    static List<Listing.Entry> currentKeys(Conn c, String bucket, String from, String to, int limit) throws SQLException {
        List<Listing.Entry> out = new ArrayList<>();
        try (ResultSet rs = c.ps("SELECT key, size, etag, modified_ms FROM versions INDEXED BY current_keys "
                        + "WHERE bucket = ? AND latest = 1 AND key >= ? AND key < ? AND delete_marker = 0 ORDER BY key LIMIT ?",
                bucket, from, to, limit).executeQuery()) {
            while (rs.next()) {
                out.add(new Listing.Entry(rs.getString(1), rs.getLong(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4))));
            }
        }
        return out;
    }

    /** Versions of keys in {@code [from, to)}: key ascending, newest first; {@code beforeId} bounds the first key. */
    static List<StoredVersion> versions(Conn c, String bucket, String from, String to, int limit) throws SQLException {
        List<StoredVersion> out = new ArrayList<>();
        try (ResultSet rs = c.ps("SELECT " + VERSION_COLUMNS + " FROM versions v INDEXED BY versions_by_key "
                + "WHERE v.bucket = ? AND v.key >= ? AND v.key < ? ORDER BY v.key, v.id DESC LIMIT ?", bucket, from, to, limit)
                .executeQuery()) {
            while (rs.next()) {
                out.add(row(rs));
            }
        }
        return out;
    }

    /**
     * The versions of one key older than {@code versionId}, newest first; none when there is no such version.
     * How a listing of versions resumes inside a key.
     */
    static List<StoredVersion> versionsOfKeyAfter(Conn c, String bucket, String key, String versionId, int limit)
            throws SQLException {
        List<StoredVersion> out = new ArrayList<>();
        try (ResultSet rs = c.ps("SELECT " + VERSION_COLUMNS + " FROM versions v INDEXED BY versions_by_key "
                        + "WHERE v.bucket = ? AND v.key = ? AND v.id < (SELECT m.id FROM versions m "
                        + "WHERE m.bucket = ? AND m.key = ? AND m.version_id = ?) ORDER BY v.id DESC LIMIT ?",
                bucket, key, bucket, key, versionId, limit).executeQuery()) {
            while (rs.next()) {
                out.add(row(rs));
            }
        }
        return out;
    }

    static Optional<Multipart.Upload> upload(Conn c, String uploadId) throws SQLException {
        try (ResultSet rs = c.ps("SELECT upload_id, bucket, key, initiated_ms, meta FROM uploads WHERE upload_id = ?", uploadId)
                .executeQuery()) {
            return rs.next() ? Optional.of(uploadRow(rs)) : Optional.empty();
        }
    }

    static List<Multipart.Upload> uploads(Conn c, String bucket) throws SQLException {
        List<Multipart.Upload> out = new ArrayList<>();
        try (ResultSet rs = c.ps("SELECT upload_id, bucket, key, initiated_ms, meta FROM uploads WHERE bucket = ? "
                + "ORDER BY key, initiated_ms", bucket).executeQuery()) {
            while (rs.next()) {
                out.add(uploadRow(rs));
            }
        }
        return out;
    }

    static List<Multipart.Part> parts(Conn c, String uploadId) throws SQLException {
        List<Multipart.Part> out = new ArrayList<>();
        try (ResultSet rs = c.ps("SELECT part_number, size, etag, modified_ms, checksums, file FROM parts WHERE upload_id = ? "
                + "ORDER BY part_number", uploadId).executeQuery()) {
            while (rs.next()) {
                out.add(new Multipart.Part(rs.getInt(1), rs.getLong(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)),
                        stringMap(rs.getString(5)), rs.getString(6)));
            }
        }
        return out;
    }

    /** Every content file a version names: what the start-up sweep keeps in {@code objects/}. */
    List<String> objectFiles() {
        return strings("SELECT file FROM versions WHERE file IS NOT NULL");
    }

    /** Every part file of an upload in progress: what the start-up sweep keeps in {@code parts/}. */
    List<String> partFiles() {
        return strings("SELECT file FROM parts");
    }

    private List<String> strings(String sql) {
        return read(c -> {
            List<String> out = new ArrayList<>();
            try (ResultSet rs = c.ps(sql).executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    private static StoredVersion row(ResultSet rs) throws SQLException {
        long blobId = rs.getLong(11);
        String file = rs.getString(12);
        StoredVersion.Content content = blobId != 0 ? StoredVersion.Content.inline(blobId)
                : file != null ? StoredVersion.Content.file(file) : StoredVersion.Content.NONE;
        return new StoredVersion(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4) == 1, rs.getInt(5) == 1,
                rs.getLong(6), rs.getString(7), Instant.ofEpochMilli(rs.getLong(8)), meta(rs.getString(9)), rs.getInt(10), content);
    }

    private static Multipart.Upload uploadRow(ResultSet rs) throws SQLException {
        return new Multipart.Upload(rs.getString(1), rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)),
                meta(rs.getString(5)));
    }

    // ---- the write side ----

    /** The write transaction's operations; only valid inside {@link #write}. */
    static final class Tx {
        final Conn c;

        Tx(Conn c) {
            this.c = c;
        }

        boolean insertBucket(String bucket, Instant created) throws SQLException {
            return c.ps("INSERT OR IGNORE INTO buckets (name, created_ms, versioning) VALUES (?, ?, ?)", bucket,
                    created.toEpochMilli(), Versioning.NEVER.name()).executeUpdate() == 1;
        }

        void setVersioning(String bucket, Versioning versioning) throws SQLException {
            c.ps("UPDATE buckets SET versioning = ? WHERE name = ?", versioning.name(), bucket).executeUpdate();
        }

        boolean bucketHasContent(String bucket) throws SQLException {
            try (ResultSet rs = c.ps("SELECT 1 FROM versions WHERE bucket = ? LIMIT 1", bucket).executeQuery()) {
                if (rs.next()) {
                    return true;
                }
            }
            try (ResultSet rs = c.ps("SELECT 1 FROM uploads WHERE bucket = ? LIMIT 1", bucket).executeQuery()) {
                return rs.next();
            }
        }

        void deleteBucket(String bucket) throws SQLException {
            c.ps("DELETE FROM buckets WHERE name = ?", bucket).executeUpdate();
        }

        long insertBlob(byte[] data) throws SQLException {
            PreparedStatement ps = c.ps("INSERT INTO blobs (data) VALUES (?)", (Object) data);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }

        /** Removes a version row (and its inline bytes); the caller deletes its file after the commit. */
        void deleteVersion(StoredVersion v) throws SQLException {
            c.ps("DELETE FROM versions WHERE bucket = ? AND key = ? AND version_id = ?", v.bucket(), v.key(), v.versionId())
                    .executeUpdate();
            if (v.content().isInline()) {
                c.ps("DELETE FROM blobs WHERE id = ?", v.content().blobId()).executeUpdate();
            }
        }

        void clearLatest(String bucket, String key) throws SQLException {
            c.ps("UPDATE versions SET latest = 0 WHERE bucket = ? AND key = ? AND latest = 1", bucket, key).executeUpdate();
        }

        /** After the current version was removed: the newest remaining one becomes current. */
        void promoteNewest(String bucket, String key) throws SQLException {
            c.ps("UPDATE versions SET latest = 1 WHERE id = (SELECT id FROM versions WHERE bucket = ? AND key = ? "
                    + "ORDER BY id DESC LIMIT 1)", bucket, key).executeUpdate();
        }

        void insertVersion(StoredVersion v) throws SQLException {
            c.ps("INSERT INTO versions (bucket, key, version_id, latest, delete_marker, size, etag, modified_ms, meta, parts, "
                            + "blob_id, file) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    v.bucket(), v.key(), v.versionId(), v.latest() ? 1 : 0, v.deleteMarker() ? 1 : 0, v.size(), v.eTag(),
                    v.lastModified().toEpochMilli(), json(v.meta()), v.partsCount(),
                    v.content().isInline() ? v.content().blobId() : null, v.content().file()).executeUpdate();
        }

        void insertUpload(Multipart.Upload u) throws SQLException {
            c.ps("INSERT INTO uploads (upload_id, bucket, key, initiated_ms, meta) VALUES (?, ?, ?, ?, ?)", u.uploadId(),
                    u.bucket(), u.key(), u.initiated().toEpochMilli(), json(u.meta())).executeUpdate();
        }

        /** Records a part; returns the file of the part it replaced (same number), if any. */
        Optional<String> upsertPart(String uploadId, Multipart.Part p) throws SQLException {
            Optional<String> replaced = Optional.empty();
            try (ResultSet rs = c.ps("SELECT file FROM parts WHERE upload_id = ? AND part_number = ?", uploadId, p.partNumber())
                    .executeQuery()) {
                if (rs.next()) {
                    replaced = Optional.of(rs.getString(1));
                }
            }
            c.ps("INSERT OR REPLACE INTO parts (upload_id, part_number, size, etag, modified_ms, checksums, file) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?)", uploadId, p.partNumber(), p.size(), p.eTag(),
                    p.lastModified().toEpochMilli(), json(p.checksums()), p.file()).executeUpdate();
            return replaced;
        }

        void deleteUpload(String uploadId) throws SQLException {
            c.ps("DELETE FROM parts WHERE upload_id = ?", uploadId).executeUpdate();
            c.ps("DELETE FROM uploads WHERE upload_id = ?", uploadId).executeUpdate();
        }
    }

    // ---- metadata as JSON text ----

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value instanceof ObjectMeta m ? MetaJson.of(m) : value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("metadata not serialisable", e);
        }
    }

    private static ObjectMeta meta(String json) {
        try {
            return JSON.readValue(json, MetaJson.class).meta();
        } catch (JsonProcessingException e) {
            throw new ObjectEngineException(ObjectEngineException.Code.INTERNAL_ERROR, "unreadable metadata in the index", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> stringMap(String json) {
        try {
            return JSON.readValue(json, Map.class);
        } catch (JsonProcessingException e) {
            throw new ObjectEngineException(ObjectEngineException.Code.INTERNAL_ERROR, "unreadable checksums in the index", e);
        }
    }

    /** {@link ObjectMeta} as stored: the expiry in epoch milliseconds. */
    record MetaJson(String contentType, String contentEncoding, String cacheControl, String contentDisposition,
                    String contentLanguage, Long expiresMs, Map<String, String> userMetadata, Map<String, String> checksums) {

        static MetaJson of(ObjectMeta m) {
            return new MetaJson(m.contentType(), m.contentEncoding(), m.cacheControl(), m.contentDisposition(),
                    m.contentLanguage(), m.expires() == null ? null : m.expires().toEpochMilli(), m.userMetadata(), m.checksums());
        }

        ObjectMeta meta() {
            return new ObjectMeta(contentType, contentEncoding, cacheControl, contentDisposition, contentLanguage,
                    expiresMs == null ? null : Instant.ofEpochMilli(expiresMs), userMetadata, checksums);
        }
    }

    @Override
    public void close() {
        for (Conn c : all) {
            try {
                c.connection.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }
}
