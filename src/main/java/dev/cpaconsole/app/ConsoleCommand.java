package dev.cpaconsole.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cpaconsole.app.cli.ExportCommand;
import dev.cpaconsole.app.cli.ImportCommand;
import dev.cpaconsole.app.cli.KeysCommand;
import dev.cpaconsole.app.cli.PricesCommand;
import dev.cpaconsole.app.cli.ServeCommand;
import dev.cpaconsole.app.cli.StatsCommand;
import dev.cpaconsole.app.cli.UsersCommand;
import dev.cpaconsole.app.ui.DesktopApp;
import dev.cpaconsole.simulator.SimulateCommand;
import dev.cpaconsole.store.DataDirectory;
import dev.cpaconsole.store.DataDirectoryLock;
import dev.cpaconsole.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cpa-console}: without a subcommand it opens the desktop app; the subcommands run the
 * headless collector, imports, statistics, exports, prices, users and keys, and the simulator.
 * Exit status 0 on success, 2 on a usage error, 1 on failure, each error as one line on standard
 * error.
 */
@Command(name = "cpa-console", mixinStandardHelpOptions = true, versionProvider = ConsoleCommand.Version.class,
        description = "Operator console for CLIProxyAPI: usage history, costs, keys and account health.",
        subcommands = {ServeCommand.class, ImportCommand.class, StatsCommand.class, ExportCommand.class,
            PricesCommand.class, UsersCommand.class, KeysCommand.class, SimulateCommand.class})
public final class ConsoleCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleCommand.class);

    @Spec
    private CommandSpec spec;

    @Option(names = "--demo", description = "Open the console connected to a built-in simulated CPA with live "
            + "traffic (kept in a separate data directory unless --data-dir is given)")
    private boolean demo;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Folder of the console's database (default: the per-user application folder)")
    private Path dataDir;

    /** The command line with the launcher's error conventions. */
    public CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(this);
        commandLine.setParameterExceptionHandler((exception, args) -> {
            CommandLine failed = exception.getCommandLine();
            PrintWriter err = failed.getErr();
            err.println(failed.getCommandSpec().qualifiedName() + ": " + exception.getMessage()
                    + " (see '" + failed.getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            return CommandLine.ExitCode.USAGE;
        });
        commandLine.setExecutionExceptionHandler((exception, failed, parseResult) -> {
            LOG.error("{} failed", failed.getCommandSpec().qualifiedName(), exception);
            PrintWriter err = failed.getErr();
            String message = exception.getMessage() == null ? exception.getClass().getSimpleName()
                    : exception.getMessage();
            err.println(failed.getCommandSpec().qualifiedName() + ": " + message);
            err.flush();
            return CommandLine.ExitCode.SOFTWARE;
        });
        return commandLine;
    }

    @Override
    public Integer call() {
        Path dataDirectory = demo ? DataDirectory.demo(dataDir) : DataDirectory.resolve(dataDir);
        DataDirectoryLock held;
        try {
            held = DataDirectoryLock.acquire(dataDirectory);
        } catch (StoreException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("cpa-console: " + e.getMessage());
            err.flush();
            return CommandLine.ExitCode.SOFTWARE;
        }
        try (DataDirectoryLock lock = held) {
            ConsoleServices services = demo ? ConsoleComposition.demo(dataDirectory)
                    : ConsoleComposition.open(dataDirectory, DataDirectory.besideForDemo(dataDirectory));
            DesktopApp.run(services);
        }
        return CommandLine.ExitCode.OK;
    }

    /** The version from the jar's manifest, as built. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = ConsoleCommand.class.getPackage().getImplementationVersion();
            return new String[] {"cpa-console " + (version == null ? "(development build)" : version)};
        }
    }
}
