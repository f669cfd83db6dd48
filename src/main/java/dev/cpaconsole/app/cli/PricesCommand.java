package dev.cpaconsole.app.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import dev.cpaconsole.pricing.core.CostQuery;
import dev.cpaconsole.pricing.core.CostReport;
import dev.cpaconsole.pricing.core.ImportPlan;
import dev.cpaconsole.pricing.core.PriceFileResult;
import dev.cpaconsole.pricing.core.PriceFiles;
import dev.cpaconsole.pricing.core.PriceFormat;
import dev.cpaconsole.pricing.core.PriceRule;
import dev.cpaconsole.pricing.core.PriceStore;
import dev.cpaconsole.pricing.core.Rates;
import dev.cpaconsole.pricing.core.UnpricedModel;
import dev.cpaconsole.store.DataDirectory;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code prices list|import|export|unpriced}: the price table from the command line. */
@Command(name = "prices", description = "List, import and export the price table; list unpriced models.",
        subcommands = {PricesCommand.ListPrices.class, PricesCommand.ImportPrices.class,
            PricesCommand.ExportPrices.class, PricesCommand.Unpriced.class})
public final class PricesCommand implements Callable<Integer> {
    private static final int USAGE_ERROR = 2;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    private boolean help;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE_ERROR;
    }

    /** What every price subcommand shares: the data directory and opening the store. */
    abstract static class PriceTask implements Callable<Integer> {
        private static final Logger LOG = LoggerFactory.getLogger(PricesCommand.class);

        @Spec
        CommandSpec spec;

        @Option(names = "--data-dir", paramLabel = "DIR",
                description = "Data directory (default: $CPA_CONSOLE_DATA_DIR, else the per-user application folder)")
        Path dataDir;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
        boolean help;

        @Override
        public final Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Path directory = DataDirectory.resolve(dataDir);
            try (Database database = Database.open(directory)) {
                PriceStore store = new PriceStore(database, Clock.systemUTC());
                // A price table that never saw the catalogue would leave typical traffic unpriced.
                store.installCatalogue();
                int status = run(database, store, out, err);
                out.flush();
                err.flush();
                return status;
            } catch (StoreException e) {
                LOG.error("Price command on {} failed", directory, e);
                err.println("Cannot use the price table in " + directory + ": " + Database.firstLine(e));
                err.flush();
                return 1;
            }
        }

        abstract int run(Database database, PriceStore store, PrintWriter out, PrintWriter err);
    }

    /** {@code prices list}. */
    @Command(name = "list", description = "Show every price row (USD per 1M tokens).")
    static final class ListPrices extends PriceTask {
        @Override
        int run(Database database, PriceStore store, PrintWriter out, PrintWriter err) {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"model", "provider", "input", "output", "cache read", "cache write", "reasoning",
                "fee", "long context", "from", "source"});
            for (PriceRule rule : store.list()) {
                Rates r = rule.rates();
                rows.add(new String[] {rule.model(), rule.provider(), plain(r.input()), plain(r.output()),
                    plain(r.cacheRead()), plain(r.cacheWrite()), plain(r.reasoning()), plain(rule.requestFee()),
                    rule.tier() == null ? "" : "> " + rule.tier().thresholdTokens() + ": "
                            + plain(rule.tier().rates().input()) + "/" + plain(rule.tier().rates().output()),
                    PriceFormat.date(rule.effectiveFrom()), rule.source().code()});
            }
            out.print(Tables.render(rows));
            out.println(store.list().size() + " rows; an empty cache price falls back to the input price, "
                    + "an empty reasoning price to the output price.");
            return 0;
        }

        private static String plain(BigDecimal value) {
            return value == null ? "" : value.toPlainString();
        }
    }

    /** {@code prices import FILE}: applies at once and prints what it did. */
    @Command(name = "import", description = {"Import LiteLLM's model price JSON or a price CSV and apply it at once.",
        "Adds new rows and updates imported or catalogue rows; manual prices are never changed and nothing is "
                + "deleted. Prints what changed, marking every price it lowers."})
    static final class ImportPrices extends PriceTask {
        @Parameters(paramLabel = "FILE", description = "model_prices_and_context_window.json or a .csv")
        Path file;

        @Option(names = "--dry-run", description = "Only show what the import would change")
        boolean dryRun;

        @Override
        int run(Database database, PriceStore store, PrintWriter out, PrintWriter err) {
            if (!Files.isRegularFile(file)) {
                err.println("No such file: " + file);
                return 1;
            }
            PriceFileResult read;
            try {
                read = PriceFiles.read(file, LocalDate.now(ZoneId.systemDefault()));
            } catch (IllegalArgumentException e) {
                err.println(file + ": " + e.getMessage());
                return 1;
            }
            ImportPlan plan = ImportPlan.of(store.list(), read.rules());
            out.print(plan.describe());
            for (String problem : read.problems()) {
                out.println("? " + problem);
            }
            if (dryRun) {
                out.println("Nothing applied (--dry-run).");
            } else {
                store.apply(plan);
                out.println("Applied: " + plan.additions().size() + " added, " + plan.changes().size() + " changed.");
            }
            return 0;
        }
    }

    /** {@code prices export FILE}. */
    @Command(name = "export", description = "Write every price row to a CSV file (see docs/pricing.md).")
    static final class ExportPrices extends PriceTask {
        @Parameters(paramLabel = "FILE", description = "CSV file to write; replaced if it exists")
        Path file;

        @Override
        int run(Database database, PriceStore store, PrintWriter out, PrintWriter err) {
            List<PriceRule> rules = store.list();
            try {
                PriceFiles.writeCsv(rules, file);
            } catch (UncheckedIOException e) {
                err.println(e.getMessage());
                return 1;
            }
            out.println(file + ": " + rules.size() + " rows written");
            return 0;
        }
    }

    /** {@code prices unpriced}. */
    @Command(name = "unpriced", description = "List the models of stored usage that no price row matches.")
    static final class Unpriced extends PriceTask {
        @Option(names = "--days", paramLabel = "N", defaultValue = "30",
                description = "Look at the last N days (default: ${DEFAULT-VALUE}); 0 for all history")
        int days;

        @Override
        int run(Database database, PriceStore store, PrintWriter out, PrintWriter err) {
            if (days < 0) {
                err.println("--days must be 0 or more");
                return USAGE_ERROR;
            }
            Instant from = days == 0 ? null : Instant.now().minus(days, ChronoUnit.DAYS);
            CostReport report = new CostQuery(database).report(from, null, store.book(), store.policy(), null,
                    ZoneId.systemDefault());
            if (report.unpriced().isEmpty()) {
                out.println("Every request " + (days == 0 ? "in the history" : "of the last " + days + " days")
                        + " is priced.");
                return 0;
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"provider", "model", "alias", "requests", "tokens", "last seen"});
            for (UnpricedModel model : report.unpriced()) {
                rows.add(new String[] {model.provider(), model.model(), model.alias(),
                    String.format(Locale.ROOT, "%,d", model.requests()), String.format(Locale.ROOT, "%,d",
                            model.tokens()), model.lastSeen().toString()});
            }
            out.print(Tables.render(rows));
            out.println("Add a price with the desktop app's Prices screen, or import a CSV with `prices import`.");
            return 0;
        }
    }
}
