package dev.cpaconsole.settings.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cpaconsole.store.Database;

class FileManagementKeyStoreTest {
    private static final String KEY = "mgmt-key-correct-horse-battery-staple";

    @TempDir
    Path dataDir;

    @Test
    void savedKeyReadsBack() {
        new FileManagementKeyStore(dataDir).save(KEY);

        assertThat(new FileManagementKeyStore(dataDir).load()).hasValue(KEY);
    }

    @Test
    void clientKeyHasItsOwnFile() {
        FileManagementKeyStore management = new FileManagementKeyStore(dataDir);
        FileManagementKeyStore client = new FileManagementKeyStore(dataDir, KeyKind.CLIENT_KEY);
        management.save(KEY);

        client.save("sk-client-key-of-the-console");

        assertThat(management.load()).hasValue(KEY);
        assertThat(client.load()).hasValue("sk-client-key-of-the-console");
        assertThat(client.file()).isEqualTo(dataDir.resolve("client-key"));
    }

    @Test
    void nothingSavedReadsAsEmpty() {
        assertThat(new FileManagementKeyStore(dataDir).load()).isEmpty();
    }

    @Test
    void savingAgainReplacesTheKey() {
        FileManagementKeyStore store = new FileManagementKeyStore(dataDir);
        store.save("first-key-value");

        store.save(KEY);

        assertThat(store.load()).hasValue(KEY);
    }

    @Test
    void fileIsReadableAndWritableByTheOwnerOnly() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        FileManagementKeyStore store = new FileManagementKeyStore(dataDir);

        store.save(KEY);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()))).isEqualTo("rw-------");
    }

    @Test
    void clearRemovesTheFile() {
        FileManagementKeyStore store = new FileManagementKeyStore(dataDir);
        store.save(KEY);

        store.clear();

        assertThat(store.file()).doesNotExist();
        assertThat(store.load()).isEmpty();
    }

    @Test
    void blankKeyIsRefused() {
        assertThatThrownBy(() -> new FileManagementKeyStore(dataDir).save("  "))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keyNeverReachesTheDatabaseFiles() throws IOException {
        try (Database database = Database.open(dataDir)) {
            new SettingsStore(database).save(new ConnectionSettings("http://127.0.0.1:8317",
                    ModePreference.AUTOMATIC, true, Theme.LIGHT));
            new FileManagementKeyStore(dataDir).save(KEY);
        }

        try (Stream<Path> files = Files.list(dataDir)) {
            assertThat(files.filter(file -> file.getFileName().toString().startsWith(Database.FILE_NAME)))
                    .isNotEmpty()
                    .allSatisfy(file -> assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
                            .doesNotContain(KEY));
        }
    }
}
