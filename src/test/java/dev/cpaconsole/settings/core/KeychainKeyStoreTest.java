package dev.cpaconsole.settings.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Secret Service adapter against a stand-in {@code secret-tool}: a shell script that keeps
 * the secret in a file and answers like the real tool (exit 1 with no output when nothing is
 * stored). The real keyring needs a desktop session, which build machines lack.
 */
class KeychainKeyStoreTest {
    private static final String KEY = "mgmt-key-from-the-keyring";

    @TempDir
    Path workDir;

    private Path secretTool;
    private Path dataDir;

    @BeforeEach
    void writeStandInTool() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs a POSIX shell");
        Path vault = workDir.resolve("vault");
        secretTool = workDir.resolve("secret-tool");
        // One vault file per account, the last argument, as the keyring keeps one secret per attributes.
        Files.writeString(secretTool, """
                #!/bin/sh
                for account in "$@"; do :; done
                vault='%1$s'-"$account"
                case "$1" in
                  store) cat > "$vault" ;;
                  lookup) [ -f "$vault" ] || exit 1; cat "$vault" ;;
                  clear) rm -f "$vault" ;;
                  *) echo "unknown action" >&2; exit 2 ;;
                esac
                """.formatted(vault));
        Files.setPosixFilePermissions(secretTool, PosixFilePermissions.fromString("rwx------"));
        dataDir = workDir.resolve("data");
    }

    @Test
    void secretToolStoresReadsAndClearsTheKey() {
        SecretToolKeyStore store = new SecretToolKeyStore(secretTool);

        store.save(KEY);
        assertThat(store.load()).hasValue(KEY);

        store.clear();
        assertThat(store.load()).isEmpty();
    }

    @Test
    void clientKeyIsKeptApartFromTheManagementKey() {
        SecretToolKeyStore management = new SecretToolKeyStore(secretTool);
        SecretToolKeyStore client = new SecretToolKeyStore(secretTool, KeyKind.CLIENT_KEY);

        management.save(KEY);
        client.save("sk-client-key-of-the-console");
        client.clear();

        assertThat(management.load()).hasValue(KEY);
        assertThat(client.load()).isEmpty();
    }

    @Test
    void keyInTheKeyringLeavesNoFileBehind() {
        FallbackKeyStore store = new FallbackKeyStore(new SecretToolKeyStore(secretTool),
                new FileManagementKeyStore(dataDir));

        store.save(KEY);

        assertThat(store.load()).hasValue(KEY);
        assertThat(dataDir.resolve(FileManagementKeyStore.FILE_NAME)).doesNotExist();
        assertThat(store.location()).contains("keyring");
    }

    @Test
    void missingKeyringToolFallsBackToTheOwnerOnlyFile() {
        FallbackKeyStore store = new FallbackKeyStore(new SecretToolKeyStore(workDir.resolve("no-such-tool")),
                new FileManagementKeyStore(dataDir));

        store.save(KEY);

        assertThat(store.load()).hasValue(KEY);
        assertThat(dataDir.resolve(FileManagementKeyStore.FILE_NAME)).exists();
        assertThat(store.location()).startsWith("file ");
    }

    @Test
    void keyringThatFailsFallsBackToTheFile() throws IOException {
        Files.writeString(secretTool, "#!/bin/sh\necho 'Cannot autolaunch D-Bus without X11 $DISPLAY' >&2\nexit 1\n");
        FallbackKeyStore store = new FallbackKeyStore(new SecretToolKeyStore(secretTool),
                new FileManagementKeyStore(dataDir));

        store.save(KEY);

        assertThat(store.load()).hasValue(KEY);
        assertThat(store.location()).startsWith("file ");
    }
}
