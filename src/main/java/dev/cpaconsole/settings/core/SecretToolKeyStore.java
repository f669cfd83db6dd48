package dev.cpaconsole.settings.core;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A key in the desktop's Secret Service keyring, under the attributes {@code service cpa-console}
 * and {@code account} named by its {@link KeyKind}, (GNOME Keyring, KWallet...)
 * through libsecret's {@code secret-tool}. Fails with {@link KeyStoreException} when no keyring
 * answers, e.g. on a machine without a desktop session.
 */
public final class SecretToolKeyStore implements ManagementKeyStore {
    private static final int NOT_FOUND = 1;

    private final Path executable;
    private final KeyKind kind;
    private final List<String> attributes;

    /** The management key's entry. */
    public SecretToolKeyStore(Path executable) {
        this(executable, KeyKind.MANAGEMENT_KEY);
    }

    public SecretToolKeyStore(Path executable, KeyKind kind) {
        this.executable = executable;
        this.kind = kind;
        this.attributes = List.of("service", "cpa-console", "account", kind.storageName());
    }

    @Override
    public Optional<String> load() {
        KeychainCommand.Outcome outcome = KeychainCommand.run(command("lookup"), null);
        if (outcome.succeeded()) {
            String key = outcome.output().strip();
            return key.isEmpty() ? Optional.empty() : Optional.of(key);
        }
        if (outcome.exitCode() == NOT_FOUND && outcome.error().isEmpty()) {
            return Optional.empty();
        }
        throw failure("read", outcome);
    }

    @Override
    public void save(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("the " + kind.noun() + " must not be blank");
        }
        List<String> command = new ArrayList<>(List.of(executable.toString(), "store",
                "--label=CPA Console " + kind.noun()));
        command.addAll(attributes);
        KeychainCommand.Outcome outcome = KeychainCommand.run(command, key.strip());
        if (!outcome.succeeded()) {
            throw failure("save", outcome);
        }
    }

    @Override
    public void clear() {
        KeychainCommand.Outcome outcome = KeychainCommand.run(command("clear"), null);
        if (!outcome.succeeded() && !(outcome.exitCode() == NOT_FOUND && outcome.error().isEmpty())) {
            throw failure("clear", outcome);
        }
    }

    @Override
    public String location() {
        return "desktop keyring (Secret Service)";
    }

    private List<String> command(String action) {
        List<String> command = new ArrayList<>(List.of(executable.toString(), action));
        command.addAll(attributes);
        return command;
    }

    private KeyStoreException failure(String action, KeychainCommand.Outcome outcome) {
        return new KeyStoreException("The desktop keyring could not " + action + " the " + kind.noun()
                + " (secret-tool exit " + outcome.exitCode()
                + (outcome.error().isEmpty() ? "" : ": " + outcome.error()) + ")");
    }
}
