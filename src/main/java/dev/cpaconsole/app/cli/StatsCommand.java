package dev.cpaconsole.app.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cpaconsole.keys.core.KeyFilter;
import dev.cpaconsole.keys.core.ManagedKey;
import dev.cpaconsole.keys.core.ManagedKeyStore;
import dev.cpaconsole.pricing.core.CostFlag;
import dev.cpaconsole.pricing.core.CostQuery;
import dev.cpaconsole.pricing.core.CostReport;
import dev.cpaconsole.pricing.core.CostTotals;
import dev.cpaconsole.pricing.core.PriceFormat;
import dev.cpaconsole.pricing.core.PriceStore;
import dev.cpaconsole.settings.core.SettingsStore;
import dev.cpaconsole.store.DataDirectory;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.store.StoreException;
import dev.cpaconsole.usage.core.UsageScope;
import dev.cpaconsole.usage.core.UsageStatistics;
import dev.cpaconsole.usage.core.UsageStatistics.Group;
import dev.cpaconsole.usage.core.UsageStatistics.GroupBy;
import dev.cpaconsole.usage.core.UsageStatistics.Totals;
import dev.cpaconsole.users.core.User;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stats}: usage totals over a time range, optionally per model, provider, key, user, credential or
 * day.
 */
@Command(name = "stats", description = "Show usage totals from the stored history.")
public final class StatsCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(StatsCommand.class);
    private static final int USAGE_ERROR = 2;
    /** The cost cell of requests none of which has a price. */
    private static final String UNPRICED = "\u2013";
    private static final String[] COLUMNS = {"requests", "failed", "uncached in", "cache read", "cache write",
        "output", "reasoning", "unclassified", "total", "cost usd", "unpriced"};

    @Spec
    private CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory (default: $CPA_CONSOLE_DATA_DIR, else the per-user application folder)")
    private Path dataDir;

    @Option(names = "--from", paramLabel = "TIME",
            description = "Start, inclusive: 2026-03-08 (start of that day), 2026-03-08T10:00 (in --zone), "
                    + "2026-03-08T10:00:00Z or 2026-03-08T10:00:00+01:00")
    private String from;

    @Option(names = "--to", paramLabel = "TIME",
            description = "End, exclusive; a date includes that whole day. Same forms as --from")
    private String to;

    @Option(names = "--zone", paramLabel = "ZONE",
            description = "Time zone for dates, local times and days, e.g. Europe/Berlin (default: the console's "
                    + "display zone, set in Settings, else the system zone)")
    private String zone;

    @Option(names = "--by", paramLabel = "GROUP",
            description = "Group by model, provider, key, user, auth, day or hour (local hours with their offset)")
    private String by;

    @Option(names = "--user", paramLabel = "NAME",
            description = "Only the usage of this user's managed keys, deleted keys included")
    private String user;

    @Option(names = "--key", paramLabel = "ID|NAME",
            description = "Only the usage of this managed key (its id or name)")
    private String key;

    @Option(names = "--model", paramLabel = "MODEL",
            description = "Only requests whose upstream model or alias is this")
    private String model;

    @Option(names = "--json", description = "Print one JSON object: {\"totals\": {...}, \"groups\": [...]}")
    private boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    private boolean help;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Query query;
        try {
            query = query();
        } catch (UsageError e) {
            err.println(e.getMessage());
            err.flush();
            return USAGE_ERROR;
        }
        Path directory = DataDirectory.resolve(dataDir);
        if (!Files.isRegularFile(directory.resolve(Database.FILE_NAME))) {
            // Reading must not create an empty history: a mistyped --data-dir would look like "no usage".
            err.println("No usage history in " + directory + " (nothing collected or imported there yet)");
            err.flush();
            return 1;
        }
        try (Database database = Database.open(directory)) {
            UsageScope scope;
            try {
                if (zone == null) {
                    query = query(new SettingsStore(database).timeZone());
                }
                scope = scope(database);
            } catch (UsageError e) {
                err.println(e.getMessage());
                err.flush();
                return USAGE_ERROR;
            }
            UsageStatistics statistics = new UsageStatistics(database);
            Totals totals = statistics.totals(query.from(), query.to(), scope);
            List<Group> groups = query.by() == null ? List.of()
                    : statistics.groups(query.from(), query.to(), query.by(), query.zone(), scope);
            PriceStore prices = new PriceStore(database, Clock.systemUTC());
            // A history imported before the console ever ran has not seen the shipped catalogue yet.
            prices.installCatalogue();
            CostReport cost = new CostQuery(database).report(query.from(), query.to(), prices.book(), prices.policy(),
                    query.by(), query.zone(), scope);
            out.print(json ? json(totals, groups, cost) : table(totals, groups, query.by(), cost));
            out.flush();
            return 0;
        } catch (StoreException e) {
            LOG.error("Reading statistics from {} failed", directory, e);
            err.println("Cannot read the usage history in " + directory + ": " + Database.firstLine(e));
            err.flush();
            return 1;
        }
    }

    /** The events --user, --key and --model narrow the statistics to. */
    private UsageScope scope(Database database) {
        ManagedKeyStore keys = new ManagedKeyStore(database);
        List<Long> managed = null;
        if (user != null) {
            User owner = OwnerArguments.user(database, user);
            managed = keys.list(KeyFilter.LIVE.forUser(owner.id()).withDeleted(true), 0, Integer.MAX_VALUE).stream()
                    .map(ManagedKey::id).toList();
        }
        if (key != null) {
            ManagedKey chosen = OwnerArguments.managedKey(keys, key.strip());
            managed = managed == null || managed.contains(chosen.id()) ? List.of(chosen.id()) : List.of();
        }
        List<Long> clientKeyIds = null;
        if (managed != null) {
            clientKeyIds = new ArrayList<>();
            for (List<Long> ids : keys.clientKeyIds(managed).values()) {
                clientKeyIds.addAll(ids);
            }
        }
        return new UsageScope(clientKeyIds, model == null ? null : model.strip());
    }

    private Query query() {
        ZoneId zoneId;
        try {
            zoneId = zone == null ? ZoneId.systemDefault() : ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new UsageError("--zone: unknown time zone '" + zone + "' (use e.g. Europe/Berlin, UTC or +05:45)");
        }
        return query(zoneId);
    }

    /** The range and grouping with dates and days in {@code zoneId}. */
    private Query query(ZoneId zoneId) {
        Instant start = TimeArguments.parse("--from", from, zoneId, false);
        Instant end = TimeArguments.parse("--to", to, zoneId, true);
        if (start != null && end != null && !start.isBefore(end)) {
            throw new UsageError("--from " + from + " is not before --to " + to + ": the range is empty");
        }
        return new Query(start, end, zoneId, groupBy());
    }

    private GroupBy groupBy() {
        if (by == null) {
            return null;
        }
        try {
            return GroupBy.valueOf(by.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageError("--by: unknown grouping '" + by
                    + "' (use model, provider, key, user, auth, day or hour)");
        }
    }

    private static String json(Totals totals, List<Group> groups, CostReport cost) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ObjectNode totalsNode = root.putObject("totals");
        measures(totalsNode, totals);
        cost(totalsNode, cost.totals());
        ArrayNode array = root.putArray("groups");
        for (Group group : groups) {
            ObjectNode node = array.addObject();
            node.put("key", group.key());
            measures(node, group.totals());
            cost(node, cost.group(group.key()));
        }
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    private static void measures(ObjectNode node, Totals totals) {
        node.put("requests", totals.requests());
        node.put("failed", totals.failed());
        node.put("uncached_input_tokens", totals.uncachedInputTokens());
        node.put("cache_read_tokens", totals.cacheReadTokens());
        node.put("cache_write_tokens", totals.cacheWriteTokens());
        node.put("output_tokens", totals.outputTokens());
        node.put("reasoning_tokens", totals.reasoningTokens());
        node.put("unclassified_tokens", totals.unclassifiedTokens());
        node.put("total_tokens", totals.totalTokens());
    }

    /**
     * Cost of the priced requests, exact; {@code unpriced_requests} says how many had no price,
     * so a cost can be read as complete or not. Requests of which none has a price have no cost
     * at all ({@code null}), never $0.
     */
    private static void cost(ObjectNode node, CostTotals cost) {
        if (noPriceAtAll(cost)) {
            node.putNull("cost_usd");
        } else {
            node.put("cost_usd", cost.cost().stripTrailingZeros().scale() < 0
                    ? cost.cost().setScale(0) : cost.cost().stripTrailingZeros());
        }
        node.put("unpriced_requests", cost.unpricedRequests());
        ArrayNode flags = node.putArray("cost_flags");
        cost.flags().stream().map(CostFlag::label).sorted().forEach(flags::add);
    }

    private static String table(Totals totals, List<Group> groups, GroupBy by, CostReport cost) {
        List<String[]> rows = new ArrayList<>();
        String[] header = new String[COLUMNS.length + 1];
        header[0] = by == null ? "" : by.name().toLowerCase(Locale.ROOT);
        System.arraycopy(COLUMNS, 0, header, 1, COLUMNS.length);
        rows.add(header);
        for (Group group : groups) {
            rows.add(row(group.key(), group.totals(), cost.group(group.key())));
        }
        rows.add(row("total", totals, cost.totals()));
        int[] widths = new int[header.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            line.append(row[0]).append(" ".repeat(widths[0] - row[0].length()));
            for (int i = 1; i < row.length; i++) {
                line.append("  ").append(" ".repeat(widths[i] - row[i].length())).append(row[i]);
            }
            text.append(line.toString().stripTrailing()).append(System.lineSeparator());
        }
        text.append("Cost is an API-equivalent estimate at public per-token prices");
        if (!cost.totals().complete()) {
            text.append("; ").append(String.format(Locale.ROOT, "%,d", cost.totals().unpricedRequests()))
                    .append(" requests have no price and are not in it (see `cpa-console prices unpriced`)");
        }
        if (cost.totals().flags().contains(CostFlag.CACHE_PRICE_MISSING)) {
            text.append("; some cache tokens were priced at the input price because a cache price is missing");
        }
        if (cost.totals().flags().contains(CostFlag.UNCLASSIFIED_AS_INPUT)) {
            text.append("; tokens reported in no bucket were priced at the input price");
        }
        text.append('.').append(System.lineSeparator());
        return text.toString();
    }

    private static String[] row(String label, Totals totals, CostTotals cost) {
        long[] values = {totals.requests(), totals.failed(), totals.uncachedInputTokens(), totals.cacheReadTokens(),
            totals.cacheWriteTokens(), totals.outputTokens(), totals.reasoningTokens(), totals.unclassifiedTokens(),
            totals.totalTokens()};
        String[] row = new String[values.length + 3];
        row[0] = label;
        for (int i = 0; i < values.length; i++) {
            row[i + 1] = String.format(Locale.ROOT, "%,d", values[i]);
        }
        row[values.length + 1] = noPriceAtAll(cost) ? UNPRICED : PriceFormat.plain(cost.cost());
        row[values.length + 2] = String.format(Locale.ROOT, "%,d", cost.unpricedRequests());
        return row;
    }

    private static boolean noPriceAtAll(CostTotals cost) {
        return cost.pricedRequests() == 0 && cost.unpricedRequests() > 0;
    }

    private record Query(Instant from, Instant to, ZoneId zone, GroupBy by) {
    }
}
