package dev.cpaconsole.settings.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagementKeyStoresTest {
    @TempDir
    Path dir;

    @Test
    void findsAnExecutableOnThePath() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path tool = Files.createFile(bin.resolve("secret-tool"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));

        assertThat(ManagementKeyStores.onPath("secret-tool", dir + File.pathSeparator + bin)).hasValue(tool);
    }

    @Test
    void missingToolIsNotFound() {
        assertThat(ManagementKeyStores.onPath("secret-tool", dir.toString())).isEmpty();
        assertThat(ManagementKeyStores.onPath("secret-tool", null)).isEmpty();
    }
}
