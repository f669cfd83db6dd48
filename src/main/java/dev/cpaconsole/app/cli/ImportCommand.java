package dev.cpaconsole.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cpaconsole.store.DataDirectory;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.store.StoreException;
import dev.cpaconsole.usage.core.ReceivedItem;
import dev.cpaconsole.usage.core.UsageEventStore;
import dev.cpaconsole.usage.core.UsageImportException;
import dev.cpaconsole.usage.core.UsageImportReader;
import dev.cpaconsole.usage.core.WriteResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code import FILE...}: adds saved usage files to the history; importing a file again adds nothing. */
@Command(name = "import",
        description = {"Import saved usage files; importing the same file again adds nothing.",
                "Reads a usage-queue response (JSON array), JSON Lines of records, or a legacy /usage export "
                        + "or /usage response."})
public final class ImportCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ImportCommand.class);
    private static final int BATCH_SIZE = 2_000;

    @Spec
    private CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory (default: $CPA_CONSOLE_DATA_DIR, else the per-user application folder)")
    private Path dataDir;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    private boolean help;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to import")
    private List<Path> files = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path directory = DataDirectory.resolve(dataDir);
        boolean allRead = true;
        WriteResult total = WriteResult.NONE;
        try (Database database = Database.open(directory)) {
            UsageEventStore store = new UsageEventStore(database);
            for (Path file : files) {
                FileImport result = importFile(store, file);
                total = total.plus(result.written());
                if (result.error() == null) {
                    out.println(file + ": " + describe(result.written()));
                } else {
                    allRead = false;
                    err.println(result.error());
                }
            }
            out.println("total: " + describe(total));
            out.flush();
            return allRead ? 0 : 1;
        } catch (StoreException e) {
            LOG.error("Import into {} failed", directory, e);
            err.println("Cannot write the usage history in " + directory + ": " + Database.firstLine(e));
            return 1;
        }
    }

    private static FileImport importFile(UsageEventStore store, Path file) {
        WriteResult written = WriteResult.NONE;
        List<ReceivedItem> batch = new ArrayList<>(BATCH_SIZE);
        try (UsageImportReader reader = UsageImportReader.open(file)) {
            while (reader.hasNext()) {
                batch.add(reader.next());
                if (batch.size() == BATCH_SIZE) {
                    written = written.plus(store.write(batch));
                    batch.clear();
                }
            }
            written = written.plus(store.write(batch));
            LOG.info("Imported {} ({}): {}", file, reader.format(), describe(written));
            return new FileImport(written, null);
        } catch (UsageImportException e) {
            // Everything read before the break is kept: a cut-off file still gives its whole records.
            written = written.plus(store.write(batch));
            LOG.warn("Import of {} stopped: {}", file, e.getMessage());
            String stored = written.items() > 0 ? " (kept what was read before: " + describe(written) + ")" : "";
            return new FileImport(written, e.getMessage() + stored);
        }
    }

    static String describe(WriteResult result) {
        return "added " + result.added() + ", duplicate " + result.duplicates()
                + ", quarantined " + result.quarantined();
    }

    private record FileImport(WriteResult written, String error) {
    }
}
