package dev.cpaconsole.app.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.cpaconsole.keys.core.ManagedKey;
import dev.cpaconsole.keys.core.ManagedKeyStore;
import dev.cpaconsole.settings.core.ConnectionSettings;
import dev.cpaconsole.settings.core.FileManagementKeyStore;
import dev.cpaconsole.settings.core.KeyKind;
import dev.cpaconsole.settings.core.ModePreference;
import dev.cpaconsole.settings.core.SettingsStore;
import dev.cpaconsole.settings.core.Theme;
import dev.cpaconsole.simulator.CpaSimulator;
import dev.cpaconsole.simulator.SimulatorOptions;
import dev.cpaconsole.store.Database;

/**
 * A data directory connected to a simulated CPA the way the desktop app leaves it (address in the
 * settings, management key in the owner-only file), with the key-encryption secret in a file
 * there too; runs the {@code users} and {@code keys} commands against it.
 */
final class AccessFixture implements AutoCloseable {
    static final String MANAGEMENT_KEY = "mgmt-test-secret-00001";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    final Path dataDir;
    final CpaSimulator simulator;
    final Map<String, String> environment = new HashMap<>();

    private AccessFixture(Path dataDir, CpaSimulator simulator) {
        this.dataDir = dataDir;
        this.simulator = simulator;
    }

    /** A simulator holding no client keys, and {@code dataDir} connected to it. */
    static AccessFixture start(Path dataDir) {
        CpaSimulator simulator = CpaSimulator.start(SimulatorOptions.builder().managementKey(MANAGEMENT_KEY).build());
        AccessFixture fixture = new AccessFixture(dataDir, simulator);
        try (Database database = Database.open(dataDir)) {
            new SettingsStore(database).save(new ConnectionSettings(simulator.baseUri().toString(),
                    ModePreference.AUTOMATIC, true, Theme.LIGHT));
        }
        new FileManagementKeyStore(dataDir, KeyKind.MANAGEMENT_KEY).save(MANAGEMENT_KEY);
        return fixture;
    }

    AccessContext context() {
        return new AccessContext(environment, FileManagementKeyStore::new, Clock.systemUTC());
    }

    /** {@code users ACTION --data-dir DIR ARGS...}. */
    CommandRun users(String action, String... args) {
        return CommandRun.run(new UsersCommand(context()), withDataDir(action, args));
    }

    /** {@code keys ACTION --data-dir DIR ARGS...}. */
    CommandRun keys(String action, String... args) {
        return CommandRun.run(new KeysCommand(context()), withDataDir(action, args));
    }

    private String[] withDataDir(String action, String... args) {
        List<String> all = new ArrayList<>(List.of(action, "--data-dir", dataDir.toString()));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    /** Creates a user, failing the test when the command fails. */
    JsonNode createUser(String name, String... options) {
        List<String> args = new ArrayList<>(List.of(options));
        args.add("--json");
        args.add(name);
        return json(users("create", args.toArray(String[]::new)));
    }

    /** Creates a key for {@code user}; returns the command's JSON, raw value included. */
    JsonNode createKey(String user, String label, String... options) {
        List<String> args = new ArrayList<>(List.of("--user", user, "--name", label, "--json"));
        args.addAll(List.of(options));
        return json(keys("create", args.toArray(String[]::new)));
    }

    static JsonNode json(CommandRun run) {
        if (run.exitCode() != 0) {
            throw new AssertionError("exit " + run.exitCode() + ": " + run.err() + run.out());
        }
        return parse(run.out());
    }

    static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The key as stored, read in a database handle of its own. */
    ManagedKey stored(long id) {
        try (Database database = Database.open(dataDir)) {
            return new ManagedKeyStore(database).byId(id).orElseThrow();
        }
    }

    /** A loopback address where nothing listens. */
    static String closedAddress() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        simulator.close();
    }
}
