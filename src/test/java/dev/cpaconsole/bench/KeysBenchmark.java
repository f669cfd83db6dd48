package dev.cpaconsole.bench;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;

import dev.cpaconsole.app.AccessServices;
import dev.cpaconsole.cpa.CpaClient;
import dev.cpaconsole.keys.core.CreatedKey;
import dev.cpaconsole.keys.core.KeyFilter;
import dev.cpaconsole.keys.core.KeyLimits;
import dev.cpaconsole.keys.core.KeyService;
import dev.cpaconsole.keys.core.KeyStatus;
import dev.cpaconsole.keys.core.KeyUsageQuery;
import dev.cpaconsole.keys.core.LimitPeriod;
import dev.cpaconsole.keys.core.ManagedKeyStore;
import dev.cpaconsole.pricing.core.CostQuery;
import dev.cpaconsole.pricing.core.PriceSnapshot;
import dev.cpaconsole.pricing.core.PriceStore;
import dev.cpaconsole.settings.core.FileManagementKeyStore;
import dev.cpaconsole.settings.core.KeyKind;
import dev.cpaconsole.simulator.CpaSimulator;
import dev.cpaconsole.simulator.SimulatorOptions;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.usage.core.Origin;
import dev.cpaconsole.usage.core.ReceivedItem;
import dev.cpaconsole.usage.core.UsageEventStore;
import dev.cpaconsole.users.core.Role;
import dev.cpaconsole.users.core.User;
import dev.cpaconsole.users.core.UserDetails;

/**
 * Times the Keys screen's queries and one enforcement check over many managed keys with budgets,
 * against a simulated CPA holding all of them. Prints Markdown for docs/benchmarks.md.
 *
 * <p>Arguments: the number of keys (default 2 000) and of usage events in the last 30 days
 * (default 500 000).
 */
public final class KeysBenchmark {
    private static final String MANAGEMENT_KEY = "bench-management-key-0001";
    private static final int PAGE = 100;
    private static final int REPEATS = 5;
    private static final String[] MODELS = {"gpt-5", "gpt-5-codex", "claude-sonnet-4-5", "gemini-2.5-pro",
        "gpt-5-mini"};

    private KeysBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int keyCount = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int eventCount = args.length > 1 ? Integer.parseInt(args[1]) : 500_000;
        Path dir = Files.createTempDirectory("cpa-console-keys-bench");
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        Clock clock = Clock.systemUTC();
        try (HeapWatch heap = new HeapWatch();
             CpaSimulator cpa = CpaSimulator.start(SimulatorOptions.builder().managementKey(MANAGEMENT_KEY).build());
             Database database = Database.open(dir)) {
            PriceStore prices = new PriceStore(database, clock);
            prices.installCatalogue();
            CpaClient client = new CpaClient(URI.create(cpa.baseUri().toString()), MANAGEMENT_KEY);
            AccessServices access = AccessServices.open(database, prices, () -> client,
                    new FileManagementKeyStore(dir, KeyKind.KEY_ENCRYPTION), () -> zone, clock);
            KeyService keys = access.keys();
            List<User> users = new ArrayList<>();
            for (int i = 0; i < keyCount / 4; i++) {
                users.add(access.users().create("bench", UserDetails.named(String.format(Locale.ROOT,
                        "研发-user-%04d", i), Role.USER), null));
            }
            long started = System.nanoTime();
            List<String> values = new ArrayList<>();
            for (int i = 0; i < keyCount; i++) {
                KeyLimits limits = KeyLimits.NONE.withBudget(new BigDecimal(5 + i % 50), LimitPeriod.values()[i % 3]);
                CreatedKey created = keys.create("bench", users.get(i % users.size()).id(),
                        "key " + i, i % 7 == 0 ? "team laptop" : "", limits);
                values.add(created.value());
            }
            double createSeconds = (System.nanoTime() - started) / 1e9;
            writeEvents(database, values, eventCount, clock.instant());
            ManagedKeyStore store = keys.store();

            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT,
                    "## %,d managed keys with budgets, %,d events in the last 30 days%n%n", keyCount, eventCount));
            out.append(String.format(Locale.ROOT, "- creating the keys, each added to CPA by value and read back: "
                    + "%.1f s (%.0f ms a key)%n%n", createSeconds, createSeconds * 1000 / keyCount));
            out.append("| query | first run | best of 5 |\n|---|---|---|\n");
            time(out, "first page of keys (100), no filter", () -> store.list(KeyFilter.LIVE, 0, PAGE).size());
            time(out, "page 10 of keys", () -> store.list(KeyFilter.LIVE, 9 * PAGE, PAGE).size());
            time(out, "count of keys", () -> store.count(KeyFilter.LIVE));
            time(out, "search \"laptop\", first page", () -> store.list(KeyFilter.LIVE.withText("laptop"), 0, PAGE)
                    .size());
            time(out, "search a user name, first page", () -> store.list(KeyFilter.LIVE.withText("user-0042"), 0,
                    PAGE).size());
            time(out, "filter over budget, first page", () -> store.list(KeyFilter.LIVE
                    .withStatus(KeyStatus.OVER_BUDGET), 0, PAGE).size());
            KeyUsageQuery spend = new KeyUsageQuery(store, new CostQuery(database));
            time(out, "spend of every key in its period", () -> spend.usage(store.live(), PriceSnapshot.of(prices),
                    clock.instant(), zone).size());
            time(out, "enforcement check (spend of every key, CPA read once)", () -> keys.check(KeyService.CONSOLE,
                    false).changes().size());
            long overBudget = store.count(KeyFilter.LIVE.withStatus(KeyStatus.OVER_BUDGET));
            out.append(String.format(Locale.ROOT, "%nKeys over budget after the checks: %,d of %,d; "
                    + "CPA holds %,d keys.%n", overBudget, keyCount, cpa.apiKeys().size()));
            out.append(heap.report()).append(System.lineSeparator());
            PrintStream stdout = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
                    StandardCharsets.UTF_8);
            stdout.print(out);
        }
    }

    private static void writeEvents(Database database, List<String> keys, int count, Instant now) {
        Random random = new Random(7);
        UsageEventStore store = new UsageEventStore(database);
        long span = Duration.ofDays(30).toNanos();
        List<ReceivedItem> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant at = now.minusNanos((long) (random.nextDouble() * span));
            String model = MODELS[random.nextInt(MODELS.length)];
            int input = 2_000 + random.nextInt(20_000);
            int output = 100 + random.nextInt(2_000);
            String record = "{\"timestamp\":\"" + at + "\",\"provider\":\"codex\",\"model\":\"" + model
                    + "\",\"alias\":\"" + model + "\",\"endpoint\":\"/v1/responses\",\"auth_type\":\"oauth\","
                    + "\"auth_index\":\"755481f9d70ed642\",\"source\":\"bench@example.com\",\"api_key\":\""
                    + keys.get(random.nextInt(keys.size())) + "\",\"request_id\":\"r" + i + "\",\"latency_ms\":900,"
                    + "\"failed\":false,\"tokens\":{\"input_tokens\":" + input + ",\"output_tokens\":" + output
                    + ",\"reasoning_tokens\":0,\"cached_tokens\":" + random.nextInt(1_500) + ",\"total_tokens\":"
                    + (input + output) + "}}";
            batch.add(new ReceivedItem(record, Origin.HTTP_QUEUE, at));
            if (batch.size() == 2_000) {
                store.write(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            store.write(batch);
        }
    }

    private static void time(StringBuilder out, String what, Supplier<Object> query) {
        long first = 0;
        long best = Long.MAX_VALUE;
        for (int i = 0; i < REPEATS; i++) {
            long start = System.nanoTime();
            query.get();
            long elapsed = System.nanoTime() - start;
            if (i == 0) {
                first = elapsed;
            }
            best = Math.min(best, elapsed);
        }
        out.append(String.format(Locale.ROOT, "| %s | %,.1f ms | %,.1f ms |%n", what, first / 1e6, best / 1e6));
    }
}
