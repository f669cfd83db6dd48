package dev.cpaconsole.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cpaconsole.keys.core.ManagedKeyStore;
import dev.cpaconsole.pricing.core.PriceSnapshot;
import dev.cpaconsole.pricing.core.PriceStore;
import dev.cpaconsole.requests.core.RequestExport;
import dev.cpaconsole.requests.core.RequestFilter;
import dev.cpaconsole.requests.core.RequestOutcome;
import dev.cpaconsole.requests.core.RequestQuery;
import dev.cpaconsole.requests.core.RequestSort;
import dev.cpaconsole.settings.core.SettingsStore;
import dev.cpaconsole.store.DataDirectory;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.store.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code export}: writes stored history out; {@code export requests} the requests a filter matches. */
@Command(name = "export", description = "Export stored history.", subcommands = ExportCommand.Requests.class)
public final class ExportCommand implements Callable<Integer> {
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

    /**
     * {@code export requests}: the requests the filters match, newest first, as the Requests screen
     * lists them, in CSV or JSON Lines.
     */
    @Command(name = "requests", description = "Write the requests the filters match, newest first, as CSV or JSON"
            + " Lines: times with their offset, keys masked.")
    static final class Requests implements Callable<Integer> {
        private static final Logger LOG = LoggerFactory.getLogger(ExportCommand.class);

        @Spec
        CommandSpec spec;

        @Option(names = "--data-dir", paramLabel = "DIR",
                description = "Data directory (default: $CPA_CONSOLE_DATA_DIR, else the per-user application folder)")
        Path dataDir;

        @Option(names = "--from", paramLabel = "TIME",
                description = "Start, inclusive: 2026-03-08 (start of that day), 2026-03-08T10:00 (in --zone), "
                        + "2026-03-08T10:00:00Z or 2026-03-08T10:00:00+01:00")
        String from;

        @Option(names = "--to", paramLabel = "TIME",
                description = "End, exclusive; a date includes that whole day. Same forms as --from")
        String to;

        @Option(names = "--zone", paramLabel = "ZONE",
                description = "Time zone of dates, local times and the times written (default: the console's"
                        + " display zone, else the system's)")
        String zone;

        @Option(names = "--user", paramLabel = "NAME",
                description = "Only requests of this user's managed keys, deleted keys included")
        String user;

        @Option(names = "--key", paramLabel = "ID|NAME", description = "Only requests of this managed key")
        String key;

        @Option(names = "--provider", paramLabel = "P", description = "Only requests of this provider, e.g. codex")
        String provider;

        @Option(names = "--model", paramLabel = "M", description = "Only requests whose upstream model or alias is M")
        String model;

        @Option(names = "--endpoint", paramLabel = "E", description = "Only requests of this endpoint, e.g. "
                + "'POST /v1/responses'")
        String endpoint;

        @Option(names = "--account", paramLabel = "A",
                description = "Only requests served by this auth file: its auth_index, or its e-mail or project")
        String account;

        @Option(names = "--outcome", paramLabel = "ok|failed|CODE",
                description = "Only succeeded or failed requests, or those with this status code")
        String outcome;

        @Option(names = "--reasoning-effort", paramLabel = "R", description = "Only requests with this reasoning"
                + " effort ('' for none)")
        String reasoningEffort;

        @Option(names = "--service-tier", paramLabel = "S", description = "Only requests with this service tier"
                + " ('' for none)")
        String serviceTier;

        @Option(names = "--request-id", paramLabel = "ID", description = "Only the attempts of this request id")
        String requestId;

        @Option(names = "--format", paramLabel = "csv|jsonl", defaultValue = "csv",
                description = "csv (default) or jsonl: one JSON object per line")
        String format;

        @Option(names = "--bom", description = "Start the CSV with a UTF-8 byte order mark, for Excel")
        boolean byteOrderMark;

        @Option(names = "--output", paramLabel = "FILE",
                description = "Write to FILE, replacing it only once the export is complete (default: standard"
                        + " output)")
        Path output;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
        boolean help;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            RequestExport.Format chosenFormat;
            RequestOutcome chosenOutcome;
            try {
                chosenFormat = format();
                chosenOutcome = outcome == null ? null : outcome();
                if (byteOrderMark && chosenFormat != RequestExport.Format.CSV) {
                    throw new UsageError("--bom applies to CSV only: JSON Lines must not start with a byte order"
                            + " mark");
                }
                zoneOrNull();
            } catch (UsageError e) {
                return usageError(err, e);
            }
            Path directory = DataDirectory.resolve(dataDir);
            if (!Files.isRegularFile(directory.resolve(Database.FILE_NAME))) {
                // Reading must not create an empty history: a mistyped --data-dir would look like "no usage".
                err.println("No usage history in " + directory + " (nothing collected or imported there yet)");
                err.flush();
                return 1;
            }
            try (Database database = Database.open(directory)) {
                RequestQuery query = new RequestQuery(database);
                RequestExport.Request request;
                try {
                    ZoneId displayZone = zoneOrNull() != null ? zoneOrNull()
                            : new SettingsStore(database).timeZone();
                    request = new RequestExport.Request(filter(database, query, displayZone, chosenOutcome),
                            RequestSort.NEWEST_FIRST, chosenFormat, byteOrderMark, displayZone);
                } catch (UsageError e) {
                    return usageError(err, e);
                }
                PriceStore prices = new PriceStore(database, Clock.systemUTC());
                // A history imported before the console ever ran has not seen the shipped catalogue yet.
                prices.installCatalogue();
                return write(new RequestExport(query), request, PriceSnapshot.of(prices), out, err);
            } catch (StoreException e) {
                LOG.error("Exporting requests from {} failed", directory, e);
                err.println("Cannot read the usage history in " + directory + ": " + Database.firstLine(e));
                err.flush();
                return 1;
            }
        }

        private int write(RequestExport export, RequestExport.Request request, PriceSnapshot prices, PrintWriter out,
                PrintWriter err) {
            if (output == null) {
                try {
                    export.write(request, prices, out);
                } catch (IOException e) {
                    throw new IllegalStateException("a PrintWriter reports errors through checkError", e);
                }
                if (out.checkError()) {
                    err.println("Could not write the export to standard output");
                    err.flush();
                    return 1;
                }
                return 0;
            }
            Path target = output.toAbsolutePath();
            // Written beside the target and moved over it when complete, so a failed export leaves an
            // earlier file as it was.
            Path partial = target.resolveSibling(target.getFileName() + ".part");
            long count;
            try {
                try (Writer file = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
                    count = export.write(request, prices, file);
                }
                moveOver(partial, target);
            } catch (IOException e) {
                LOG.warn("Writing {} failed", target, e);
                try {
                    Files.deleteIfExists(partial);
                } catch (IOException ignored) {
                    LOG.warn("Could not remove the partial export {}", partial, ignored);
                }
                err.println("Cannot write " + output + ": " + e.getMessage());
                err.flush();
                return 1;
            }
            out.println(output + ": " + count + (count == 1 ? " request" : " requests") + " written");
            out.flush();
            return 0;
        }

        private static void moveOver(Path partial, Path target) throws IOException {
            try {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }

        private RequestFilter filter(Database database, RequestQuery query, ZoneId displayZone,
                RequestOutcome chosenOutcome) {
            Instant start = TimeArguments.parse("--from", from, displayZone, false);
            Instant end = TimeArguments.parse("--to", to, displayZone, true);
            if (start != null && end != null && !start.isBefore(end)) {
                throw new UsageError("--from " + from + " is not before --to " + to + ": the range is empty");
            }
            Long userId = user == null ? null : OwnerArguments.user(database, user).id();
            Long keyId = key == null ? null
                    : OwnerArguments.managedKey(new ManagedKeyStore(database), key.strip()).id();
            return new RequestFilter(start, end, userId, keyId, provider, model, endpoint,
                    account == null ? null : account(query), chosenOutcome, reasoningEffort, serviceTier, requestId);
        }

        private ZoneId zoneOrNull() {
            if (zone == null) {
                return null;
            }
            try {
                return ZoneId.of(zone.strip());
            } catch (DateTimeException e) {
                throw new UsageError("--zone: unknown time zone '" + zone + "' (use e.g. Europe/Berlin, UTC or"
                        + " +05:45)");
            }
        }

        private RequestExport.Format format() {
            return switch (format.strip().toLowerCase(Locale.ROOT)) {
                case "csv" -> RequestExport.Format.CSV;
                case "jsonl" -> RequestExport.Format.JSON_LINES;
                default -> throw new UsageError("--format: unknown format '" + format + "' (use csv or jsonl)");
            };
        }

        private RequestOutcome outcome() {
            try {
                return RequestOutcome.parse(outcome);
            } catch (IllegalArgumentException e) {
                throw new UsageError("--outcome: " + e.getMessage());
            }
        }

        private String account(RequestQuery query) {
            List<String> found = query.accountsNamed(account.strip());
            if (found.isEmpty()) {
                throw new UsageError("--account: no stored request was served by '" + account + "' (give an"
                        + " auth_index, or the e-mail or project of an auth file)");
            }
            if (found.size() > 1) {
                throw new UsageError("--account: " + found.size() + " auth files belong to " + account
                        + "; give one auth_index (" + String.join(", ", found) + ")");
            }
            return found.getFirst();
        }

        private static int usageError(PrintWriter err, UsageError e) {
            err.println(e.getMessage());
            err.flush();
            return USAGE_ERROR;
        }
    }
}
