package dev.cpaconsole.app.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cpaconsole.app.AccessServices;
import dev.cpaconsole.cpa.CpaClient;
import dev.cpaconsole.cpa.CpaException;
import dev.cpaconsole.cpa.ManagementKeyRejectedException;
import dev.cpaconsole.keys.core.KeyCipherException;
import dev.cpaconsole.keys.core.KeyException;
import dev.cpaconsole.keys.core.KeyService;
import dev.cpaconsole.keys.core.LastKeyException;
import dev.cpaconsole.keys.core.ManagedKey;
import dev.cpaconsole.pricing.core.PriceStore;
import dev.cpaconsole.settings.core.CpaNotConfiguredException;
import dev.cpaconsole.settings.core.KeyKind;
import dev.cpaconsole.settings.core.KeyStoreException;
import dev.cpaconsole.settings.core.SavedCpaClient;
import dev.cpaconsole.settings.core.SettingsStore;
import dev.cpaconsole.store.DataDirectory;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.store.StoreException;
import dev.cpaconsole.usage.core.ClientKeys;
import dev.cpaconsole.users.core.User;
import dev.cpaconsole.users.core.UserException;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What every {@code users} and {@code keys} subcommand shares: the data directory, {@code --json},
 * opening the database and the access services over it, and turning refusals into one line on
 * standard error with exit status 1 (2 for a usage error).
 */
abstract class AccessTask implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(AccessTask.class);

    /** The actor the audit log names for what these commands do. */
    static final String ACTOR = "cli";
    static final int USAGE_ERROR = 2;
    static final int FAILURE = 1;
    static final String NEXT_CHECK = "the next key check does it (serve runs one every minute, `keys sync` one now)";

    @ParentCommand
    AccessContext.Holder parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory (default: $CPA_CONSOLE_DATA_DIR, else the per-user application folder)")
    Path dataDir;

    @Option(names = "--json", description = "Print JSON instead of text")
    boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    /**
     * Checks the options that need no database, before anything is opened.
     *
     * @throws UsageError when one is unusable
     */
    void prepare(AccessContext context) {
    }

    /** Whether the command may create the database; the others refuse a folder without one. */
    boolean createsDatabase() {
        return false;
    }

    /** CPA's address from {@code --cpa-url}, or null to use the saved connection. */
    URI cpaUrl() {
        return null;
    }

    /** Does the command's work; returns its exit status. */
    abstract int run(Session session);

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AccessContext context = parent.context();
        Path directory = DataDirectory.resolve(dataDir, context.environment(), System.getProperty("os.name", ""),
                Path.of(System.getProperty("user.home")));
        try {
            prepare(context);
            Supplier<String> managementKey = managementKey(context);
            if (!createsDatabase() && !Files.isRegularFile(directory.resolve(Database.FILE_NAME))) {
                // A mistyped --data-dir must not leave an empty database behind.
                return fail(err, "No console database in " + directory + " (create a user there with `users create`)");
            }
            try (Database database = Database.open(directory)) {
                Session session = new Session(this, context, directory, database, managementKey, out, err);
                return run(session);
            }
        } catch (UsageError e) {
            return fail(err, e.getMessage(), USAGE_ERROR);
        } catch (LastKeyException e) {
            return fail(err, e.getMessage() + " with --allow-last-key");
        } catch (KeyException | UserException | CpaException | CpaNotConfiguredException | KeyStoreException
                | KeyCipherException e) {
            return fail(err, e.getMessage());
        } catch (StoreException e) {
            LOG.error("{} on {} failed", name(), directory, e);
            return fail(err, "Cannot use the console database in " + directory + ": " + Database.firstLine(e));
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The management key for {@code --cpa-url}, read when CPA is first called; null without the option. */
    private Supplier<String> managementKey(AccessContext context) {
        if (cpaUrl() == null) {
            return null;
        }
        String key = context.environment().get(ServeCommand.KEY_VARIABLE);
        if (key == null || key.isBlank()) {
            throw new UsageError("--cpa-url: set " + ServeCommand.KEY_VARIABLE + " to CPA's management key");
        }
        return key::strip;
    }

    /** {@code keys create}, as errors name the command. */
    String name() {
        return spec.parent() == null ? spec.name() : spec.parent().name() + " " + spec.name();
    }

    int fail(PrintWriter err, String message) {
        return fail(err, message, FAILURE);
    }

    private int fail(PrintWriter err, String message, int status) {
        err.println(name() + ": " + message);
        return status;
    }

    /** One run of a command: the opened database, the services over it and the output. */
    static final class Session {
        private final AccessTask task;
        private final AccessContext context;
        private final Path directory;
        private final Database database;
        private final SettingsStore settings;
        private final Supplier<CpaClient> cpa;
        private final AccessServices access;
        private final PrintWriter out;
        private final PrintWriter err;

        private Session(AccessTask task, AccessContext context, Path directory, Database database,
                Supplier<String> managementKey, PrintWriter out, PrintWriter err) {
            this.task = task;
            this.context = context;
            this.directory = directory;
            this.database = database;
            this.settings = new SettingsStore(database);
            this.cpa = managementKey == null ? savedConnection() : given(task.cpaUrl(), managementKey.get());
            PriceStore prices = new PriceStore(database, context.clock());
            this.access = AccessServices.open(database, prices, cpa,
                    context.secrets().apply(directory, KeyKind.KEY_ENCRYPTION), settings::timeZone, context.clock());
            this.out = out;
            this.err = err;
        }

        private Supplier<CpaClient> savedConnection() {
            SavedCpaClient saved = new SavedCpaClient(settings, context.secrets().apply(directory,
                    KeyKind.MANAGEMENT_KEY));
            return () -> {
                try {
                    return saved.current();
                } catch (CpaNotConfiguredException e) {
                    throw new CpaNotConfiguredException(e.getMessage() + " (or pass --cpa-url URL with the key in "
                            + ServeCommand.KEY_VARIABLE + ")");
                }
            };
        }

        private static Supplier<CpaClient> given(URI url, String key) {
            CpaClient client;
            try {
                client = new CpaClient(url, key);
            } catch (IllegalArgumentException e) {
                throw new UsageError("--cpa-url: " + e.getMessage());
            }
            return () -> client;
        }

        AccessServices access() {
            return access;
        }

        Database database() {
            return database;
        }

        SettingsStore settings() {
            return settings;
        }

        AccessContext context() {
            return context;
        }

        PrintWriter out() {
            return out;
        }

        boolean json() {
            return task.json;
        }

        /** Prints {@code message} as the command's one error line and returns 1. */
        int fail(String message) {
            return task.fail(err, message);
        }

        /** The live user with this name, in any ASCII case. */
        User user(String name) {
            return access.users().store().byName(name)
                    .orElseThrow(() -> new UserException("There is no user named " + name));
        }

        private String whyCpaIsOutOfReach() {
            try {
                cpa.get().apiKeys();
                return "CPA did not answer in time";
            } catch (CpaException | CpaNotConfiguredException e) {
                return reason(e);
            }
        }

        private String reason(RuntimeException failure) {
            if (failure instanceof ManagementKeyRejectedException rejected) {
                return rejected.messageAdvising(task.cpaUrl() == null ? "check it in Settings"
                        : "check " + ServeCommand.KEY_VARIABLE);
            }
            return failure.getMessage();
        }

        /**
         * One line on why CPA does not match the status of {@code key} and what will put it right;
         * may read CPA once to find out why it could not be changed.
         */
        String outOfStepLine(ManagedKey key) {
            String what = (key.belongsInCpa() ? "CPA does not hold key " + key.id() + " yet"
                    : "CPA still holds key " + key.id()) + ": ";
            if (!key.isOutOfSync()) {
                return what + whyCpaIsOutOfReach() + "; " + NEXT_CHECK;
            }
            if (key.outOfSync().equals(KeyService.OPEN_WARNING)) {
                return what + key.outOfSync();
            }
            return what + key.outOfSync() + "; `keys sync` repairs it";
        }

        /**
         * What is wrong in CPA after {@code key} got a new value in place of the one with
         * {@code oldHash}: "" when CPA holds the new value exactly when the key is active, and not
         * the old one.
         */
        String rotationProblem(ManagedKey key, String oldHash) {
            List<String> entries;
            try {
                entries = cpa.get().apiKeys();
            } catch (CpaException | CpaNotConfiguredException e) {
                return "CPA cannot be asked whether it took the new value (" + reason(e) + "): until it has, the "
                        + "old value keeps working and the new one does not; `keys sync` repairs the key";
            }
            Set<String> held = new HashSet<>();
            entries.stream().map(String::strip).filter(e -> !e.isEmpty()).forEach(e -> held.add(ClientKeys.hash(e)));
            if (key.belongsInCpa() && !held.contains(key.keyHash())) {
                return "CPA does not hold the new value of key " + key.id() + "; `keys sync` repairs it";
            }
            if (held.contains(oldHash)) {
                return "CPA still holds the old value of key " + key.id() + ", which keeps working; "
                        + "`keys sync` removes it";
            }
            return "";
        }

        /** Keys whose presence in CPA differs from what their status asks for. */
        static List<ManagedKey> outOfStep(List<ManagedKey> keys) {
            return keys.stream().filter(Session::outOfStep).toList();
        }

        static boolean outOfStep(ManagedKey key) {
            return key.inCpa() != key.belongsInCpa() || key.isOutOfSync();
        }
    }
}
