package dev.eventpipe.local.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive OS lock on a file in a data directory, held while an emulator has the directory open: a
 * second process (or a second instance in this JVM) on the same directory fails at start instead of
 * sharing files with the first. The operating system drops the lock when the process dies, so a
 * {@code kill -9} leaves nothing to clean up.
 */
public final class DirectoryLock {

    private DirectoryLock() {
    }

    /**
     * Creates {@code directory} (parents included) and locks {@code name} in it.
     *
     * @param what whose directory it is, for the error ("SQS's", "S3's")
     * @throws IllegalStateException another process or instance holds it
     */
    public static FileChannel acquire(Path directory, String name, String what) {
        FileChannel channel = null;
        try {
            Files.createDirectories(directory);
            channel = FileChannel.open(directory.resolve(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new IllegalStateException(what + " data directory " + directory + " is in use by another process");
            }
            return channel;
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new IllegalStateException(what + " data directory " + directory + " is already open in this process", e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock " + what + " data directory " + directory, e);
        }
    }

    /** Releases the lock (closing the channel does). */
    public static void release(FileChannel channel) {
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the lock goes with the channel either way
            }
        }
    }
}
