package dev.cpaconsole.settings.core;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The management key in the desktop's Secret Service keyring (GNOME Keyring, KWallet...)
 * through libsecret's {@code secret-tool}. Fails with {@link KeyStoreException} when no keyring
 * answers, e.g. on a machine without a desktop session.
 */
public final class SecretToolKeyStore implements ManagementKeyStore {
    private static final List<String> ATTRIBUTES = List.of("service", "cpa-console", "account", "management-key");
    private static final int NOT_FOUND = 1;

    private final Path executable;

    public SecretToolKeyStore(Path executable) {
        this.executable = executable;
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
            throw new IllegalArgumentException("the management key must not be blank");
        }
        List<String> command = new ArrayList<>(List.of(executable.toString(), "store",
                "--label=CPA Console management key"));
        command.addAll(ATTRIBUTES);
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
        command.addAll(ATTRIBUTES);
        return command;
    }

    private static KeyStoreException failure(String action, KeychainCommand.Outcome outcome) {
        return new KeyStoreException("The desktop keyring could not " + action + " the management key (secret-tool "
                + "exit " + outcome.exitCode() + (outcome.error().isEmpty() ? "" : ": " + outcome.error()) + ")");
    }
}
