package dev.cpaconsole.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Keeps a second collecting console (desktop or {@code serve}) off a data directory that one is
 * already using: two collectors on one history would record each other's time as gaps, overwrite
 * each other's saved key and interleave two streams. The operating system releases the lock when
 * the process ends, however it ends.
 */
public final class DataDirectoryLock implements AutoCloseable {
    static final String FILE_NAME = "console.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code dataDirectory}, creating the directory if needed.
     *
     * @throws StoreException when another console holds it, or the directory cannot be used
     */
    public static DataDirectoryLock acquire(Path dataDirectory) {
        FileChannel channel = null;
        try {
            Files.createDirectories(dataDirectory);
            channel = FileChannel.open(dataDirectory.resolve(FILE_NAME), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new StoreException("Another CPA Console is already collecting into " + dataDirectory, null);
            }
            return new DataDirectoryLock(channel, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new StoreException("Another CPA Console is already collecting into " + dataDirectory, e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StoreException("Cannot use the data directory " + dataDirectory, e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // Released by the operating system at exit in any case.
            closeQuietly(channel);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing more to release.
            }
        }
    }
}
