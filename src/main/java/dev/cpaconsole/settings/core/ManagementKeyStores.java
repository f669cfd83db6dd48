package dev.cpaconsole.settings.core;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** Chooses where this computer keeps the management key, and the optional client key. */
public final class ManagementKeyStores {
    private static final Path MAC_SECURITY = Path.of("/usr/bin/security");

    private ManagementKeyStores() {
    }

    /**
     * The macOS keychain or the Secret Service keyring when their tool is installed, each with
     * the owner-only file in {@code dataDirectory} as fallback; the file alone elsewhere
     * (Windows included, where the file's access list names only the owner).
     */
    public static ManagementKeyStore forThisComputer(Path dataDirectory) {
        return forThisComputer(dataDirectory, KeyKind.MANAGEMENT_KEY);
    }

    /** Where this computer keeps a key of {@code kind}, chosen as for the management key. */
    public static ManagementKeyStore forThisComputer(Path dataDirectory, KeyKind kind) {
        FileManagementKeyStore file = new FileManagementKeyStore(dataDirectory, kind);
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("mac") && Files.isExecutable(MAC_SECURITY)) {
            return new FallbackKeyStore(new MacKeychainKeyStore(MAC_SECURITY, kind), file);
        }
        if (os.contains("linux")) {
            Optional<Path> secretTool = onPath("secret-tool", System.getenv("PATH"));
            if (secretTool.isPresent()) {
                return new FallbackKeyStore(new SecretToolKeyStore(secretTool.get(), kind), file);
            }
        }
        return file;
    }

    static Optional<Path> onPath(String program, String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isBlank()) {
                continue;
            }
            Path candidate = Path.of(directory, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
