package dev.cpaconsole.keys.core;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Run as a separate process by a test: holds the lock on the file named by its argument, says
 * {@code locked} on standard output, and lets go when standard input closes.
 */
public final class LockFileHolder {
    private LockFileHolder() {
    }

    public static void main(String[] args) throws IOException {
        try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
             FileLock held = channel.lock()) {
            java.io.PrintStream out = new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out),
                    true, java.nio.charset.StandardCharsets.UTF_8);
            out.println("locked");
            while (System.in.read() >= 0) {
                // Wait for the test to close standard input.
            }
        }
    }
}
