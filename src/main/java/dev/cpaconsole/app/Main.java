package dev.cpaconsole.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.cpaconsole.store.DataDirectory;

/**
 * The launcher's entry point. Logging is configured on first use, so the log folder is settled
 * from the arguments before any class that logs is touched.
 */
public final class Main {
    static final String LOG_DIRECTORY_PROPERTY = "cpaconsole.log.dir";
    static final String CONSOLE_LEVEL_PROPERTY = "cpaconsole.console.level";

    private Main() {
    }

    public static void main(String[] args) {
        if (System.getProperty(LOG_DIRECTORY_PROPERTY) == null) {
            System.setProperty(LOG_DIRECTORY_PROPERTY, logDirectory(args).toString());
        }
        if (System.getProperty(CONSOLE_LEVEL_PROPERTY) == null && printsResults(args)) {
            // Their output is the result; the log file still has everything.
            System.setProperty(CONSOLE_LEVEL_PROPERTY, "OFF");
        }
        ConsoleCommand root = new ConsoleCommand();
        int status = root.commandLine().execute(args);
        System.exit(status);
    }

    static boolean printsResults(String[] args) {
        String command = subcommand(args);
        return command.equals("import") || command.equals("stats") || command.equals("users")
                || command.equals("keys") || command.equals("export");
    }

    /**
     * Whether the command reads an existing database and reports a missing one itself: every one
     * of {@code stats}, {@code export}, {@code users} and {@code keys} except {@code users create}.
     */
    static boolean needsExistingData(String[] args) {
        String command = subcommand(args);
        if (command.equals("stats") || command.equals("keys") || command.equals("export")) {
            return true;
        }
        if (!command.equals("users")) {
            return false;
        }
        List<String> rest = List.of(args).subList(List.of(args).indexOf(command) + 1, args.length);
        return rest.stream().filter(a -> !a.startsWith("-")).findFirst()
                .filter(action -> !action.equals("create")).isPresent();
    }

    /** The subcommand the arguments name, or "" for the desktop; the root's own option values are skipped. */
    static String subcommand(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--data-dir")) {
                i++;
            } else if (!args[i].startsWith("-")) {
                return args[i];
            }
        }
        return "";
    }

    /** {@code <data directory>/logs}, for the data directory the arguments select. */
    static Path logDirectory(String[] args) {
        Path explicit = null;
        boolean demo = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--data-dir") && i + 1 < args.length) {
                explicit = Path.of(args[i + 1]);
            } else if (args[i].startsWith("--data-dir=")) {
                explicit = Path.of(args[i].substring("--data-dir=".length()));
            } else if (args[i].equals("--demo")) {
                demo = true;
            }
        }
        Path dataDirectory = demo ? DataDirectory.demo(explicit) : DataDirectory.resolve(explicit);
        if (Files.exists(dataDirectory) && !Files.isDirectory(dataDirectory)
                || needsExistingData(args) && !Files.isDirectory(dataDirectory)) {
            // The command reports an unusable or missing folder itself; logging must neither fail
            // first nor create the folder that the command is about to report as missing.
            return Path.of(System.getProperty("java.io.tmpdir"), "cpa-console-logs");
        }
        return dataDirectory.resolve("logs");
    }
}
