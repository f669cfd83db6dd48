package dev.cpaconsole.settings.core;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A key in the macOS login keychain through the {@code security} tool, under the service
 * {@code cpa-console} and the account named by its {@link KeyKind}. The key is
 * passed hex-encoded on standard input to {@code security -i}, so it never appears on a
 * command line and needs no quoting.
 */
public final class MacKeychainKeyStore implements ManagementKeyStore {
    private static final String SERVICE = "cpa-console";
    /** {@code security}'s exit code for "the item could not be found". */
    private static final int NOT_FOUND = 44;

    private final Path executable;
    private final KeyKind kind;

    /** The management key's entry. */
    public MacKeychainKeyStore(Path executable) {
        this(executable, KeyKind.MANAGEMENT_KEY);
    }

    public MacKeychainKeyStore(Path executable, KeyKind kind) {
        this.executable = executable;
        this.kind = kind;
    }

    @Override
    public Optional<String> load() {
        KeychainCommand.Outcome outcome = KeychainCommand.run(List.of(executable.toString(),
                "find-generic-password", "-s", SERVICE, "-a", kind.storageName(), "-w"), null);
        if (outcome.exitCode() == NOT_FOUND) {
            return Optional.empty();
        }
        if (!outcome.succeeded()) {
            throw failure("read", outcome);
        }
        String key = outcome.output().strip();
        return key.isEmpty() ? Optional.empty() : Optional.of(key);
    }

    @Override
    public void save(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("the " + kind.noun() + " must not be blank");
        }
        String hex = HexFormat.of().formatHex(key.strip().getBytes(StandardCharsets.UTF_8));
        String script = "add-generic-password -U -s " + SERVICE + " -a " + kind.storageName() + " -X " + hex + "\n";
        KeychainCommand.Outcome outcome = KeychainCommand.run(List.of(executable.toString(), "-i"), script);
        if (!outcome.succeeded() || !outcome.error().isEmpty()) {
            throw failure("save", outcome);
        }
    }

    @Override
    public void clear() {
        KeychainCommand.Outcome outcome = KeychainCommand.run(List.of(executable.toString(),
                "delete-generic-password", "-s", SERVICE, "-a", kind.storageName()), null);
        if (!outcome.succeeded() && outcome.exitCode() != NOT_FOUND) {
            throw failure("clear", outcome);
        }
    }

    @Override
    public String location() {
        return "macOS login keychain";
    }

    private KeyStoreException failure(String action, KeychainCommand.Outcome outcome) {
        return new KeyStoreException("The macOS keychain could not " + action + " the " + kind.noun()
                + " (security exit " + outcome.exitCode() + (outcome.error().isEmpty() ? "" : ": " + outcome.error())
                + ")");
    }
}
