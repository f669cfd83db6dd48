package dev.cpaconsole.bench;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import dev.cpaconsole.dashboard.core.DashboardRange;
import dev.cpaconsole.dashboard.core.DashboardScope;
import dev.cpaconsole.dashboard.core.DashboardService;
import dev.cpaconsole.dashboard.core.RangePreset;
import dev.cpaconsole.pricing.core.CostPolicy;
import dev.cpaconsole.pricing.core.CostQuery;
import dev.cpaconsole.pricing.core.PriceBook;
import dev.cpaconsole.pricing.core.PriceStore;
import dev.cpaconsole.requests.core.FilterChoice;
import dev.cpaconsole.requests.core.RequestFilter;
import dev.cpaconsole.requests.core.RequestOutcome;
import dev.cpaconsole.requests.core.RequestQuery;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.usage.core.ClientKeys;
import dev.cpaconsole.usage.core.CpaTimestamps;
import dev.cpaconsole.usage.core.HistoryMaintenance;
import dev.cpaconsole.usage.core.Origin;
import dev.cpaconsole.usage.core.ReceivedItem;
import dev.cpaconsole.usage.core.UsageEventStore;
import dev.cpaconsole.usage.core.UsageScope;
import dev.cpaconsole.usage.core.UsageStatistics;
import dev.cpaconsole.usage.core.UsageStatistics.GroupBy;
import dev.cpaconsole.usage.core.WriteResult;

/**
 * A year of usage from 2 000 client keys over 60 models, written through the collector's write
 * path while dashboard queries run in another thread, then the dashboard's 30-day queries and the
 * first page of the requests list timed on the full history. Beside it, the same rows inserted
 * with plain JDBC batches into a table without indexes: the ceiling of what SQLite takes here.
 * Not a unit test: run it with {@code ./mvnw -q test-compile exec:exec@history-benchmark} (see
 * README); it prints a Markdown report to standard output.
 */
public final class HistoryBenchmark {
    /** A dashboard refreshes every few seconds while the collector writes. */
    private static final Duration DASHBOARD_REFRESH = Duration.ofSeconds(5);
    private static final Instant END = Instant.parse("2026-12-01T00:00:00Z");
    /** Dashboards ask up to the present, which is never a whole quarter hour. */
    private static final Instant NOW = END.minusSeconds(437);
    private static final int CLIENT_KEYS = 2_000;
    private static final int MODELS = 60;
    private static final int USERS = 200;
    private static final int KEYS_PER_USER = 8;
    private static final int BATCH = 2_000;
    private static final long SEED = 42;
    private static final int WARM_UP_RUNS = 3;
    private static final int TIMED_RUNS = 20;
    private static final ZoneId DISPLAY_ZONE = ZoneId.of("America/New_York");

    private final PrintStream out;
    private final long events;
    private final Duration span;

    private HistoryBenchmark(PrintStream out, long events, Duration span) {
        this.out = out;
        this.events = events;
        this.span = span;
    }

    /** Arguments: the number of events (10 million) and the days they spread over (365). */
    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        Duration span = Duration.ofDays(args.length > 1 ? Long.parseLong(args[1]) : 365);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        Path directory = Files.createTempDirectory("cpa-console-bench");
        try {
            new HistoryBenchmark(out, events, span).run(directory);
        } finally {
            deleteRecursively(directory);
        }
    }

    private void run(Path directory) throws Exception {
        out.printf(Locale.ROOT, "## %,d events over %d days, %,d client keys, %d models%n%n", events, span.toDays(),
                CLIENT_KEYS, MODELS);
        out.printf(Locale.ROOT, "Run on %s; %d cores; JVM %s, max heap %,d MiB.%n%n", Instant.now().toString()
                .substring(0, 10), Runtime.getRuntime().availableProcessors(), Runtime.version(),
                Runtime.getRuntime().maxMemory() / 1_048_576);
        double ceiling = plainInsertRate(directory.resolve("plain"));
        try (HeapWatch heap = new HeapWatch(); Database database = Database.open(directory.resolve("console"))) {
            addUsersOwningKeys(database);
            PriceStore prices = new PriceStore(database, Clock.fixed(END, ZoneOffset.UTC));
            prices.installCatalogue();
            // As the console does for its display zone shortly after it starts.
            new HistoryMaintenance(database, Clock.fixed(END, ZoneOffset.UTC), () -> DISPLAY_ZONE).followDisplayZone();
            Dashboard dashboard = new Dashboard(database, prices.book());
            ingest(database, dashboard, ceiling);
            storageReport(database);
            queryReport(dashboard);
            requestsReport(database);
            out.println(heap.report());
        }
    }

    // ---- the ceiling: plain JDBC batches, no reading, no indexes ------------------------------

    private double plainInsertRate(Path directory) throws IOException, SQLException {
        Files.createDirectories(directory);
        SyntheticUsage usage = usage();
        long insertNanos = 0;
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("plain.db"))) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode = WAL");
                statement.execute("PRAGMA synchronous = NORMAL");
                statement.execute("CREATE TABLE usage_event (id INTEGER PRIMARY KEY, ts_ns BIGINT, request_id TEXT, "
                        + "provider TEXT, model TEXT, alias TEXT, endpoint TEXT, auth_type TEXT, auth_index TEXT, "
                        + "source TEXT, client_key TEXT, failed INTEGER, status_code INTEGER, latency_ms BIGINT, "
                        + "ttft_ms BIGINT, uncached_input_tokens BIGINT, cache_read_tokens BIGINT, "
                        + "output_tokens BIGINT, reasoning_tokens BIGINT, total_tokens BIGINT, "
                        + "reasoning_effort TEXT, service_tier TEXT, client_ip TEXT, user_agent TEXT, record TEXT)");
            }
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO usage_event (ts_ns, request_id, "
                    + "provider, model, alias, endpoint, auth_type, auth_index, source, client_key, failed, "
                    + "status_code, latency_ms, ttft_ms, uncached_input_tokens, cache_read_tokens, output_tokens, "
                    + "reasoning_tokens, total_tokens, reasoning_effort, service_tier, client_ip, user_agent, record) "
                    + "VALUES (" + "?, ".repeat(23) + "?)")) {
                for (long written = 0; written < events; written += BATCH) {
                    List<SyntheticUsage.Event> batch = new ArrayList<>(BATCH);
                    for (int i = 0; i < BATCH && written + i < events; i++) {
                        batch.add(usage.next());
                    }
                    long start = System.nanoTime();
                    for (SyntheticUsage.Event e : batch) {
                        bindPlain(insert, e);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                    connection.commit();
                    insertNanos += System.nanoTime() - start;
                }
            }
        }
        deleteRecursively(directory);
        double rate = events / (insertNanos / 1e9);
        out.printf(Locale.ROOT, "- ceiling, the same rows (the record and its columns, no reading) inserted with "
                + "plain JDBC batches of %,d into one table without indexes: **%,.0f events/s**%n", BATCH, rate);
        return rate;
    }

    private static void bindPlain(PreparedStatement insert, SyntheticUsage.Event e) throws SQLException {
        Object[] values = {e.tsNs(), e.requestId(), e.provider(), e.model(), e.alias(), e.endpoint(), e.authType(),
            e.authIndex(), e.source(), e.apiKey().isEmpty() ? "" : ClientKeys.hash(e.apiKey()), e.failed() ? 1 : 0,
            e.statusCode(), e.latencyMs(), e.ttftMs(), e.uncachedInput(), e.cacheRead(), e.output(), e.reasoning(),
            e.total(), e.reasoningEffort(), e.serviceTier(), e.clientIp(), e.userAgent(), e.json()};
        for (int i = 0; i < values.length; i++) {
            insert.setObject(i + 1, values[i]);
        }
    }

    // ---- ingestion through the collector's write path ----------------------------------------

    private void ingest(Database database, Dashboard dashboard, double ceiling) throws InterruptedException {
        BlockingQueue<List<ReceivedItem>> queue = new ArrayBlockingQueue<>(4);
        List<ReceivedItem> endOfStream = List.of();
        Thread generator = Thread.ofPlatform().name("bench-generator").start(() -> {
            SyntheticUsage usage = usage();
            try {
                for (long made = 0; made < events; made += BATCH) {
                    List<ReceivedItem> batch = new ArrayList<>(BATCH);
                    for (int i = 0; i < BATCH && made + i < events; i++) {
                        batch.add(new ReceivedItem(usage.next().json(), Origin.HTTP_QUEUE, END));
                    }
                    queue.put(batch);
                }
                queue.put(endOfStream);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong writtenUpTo = new AtomicLong(CpaTimestamps.toEpochNanos(END.minus(span)));
        AtomicLong dashboardRounds = new AtomicLong();
        Thread queries = Thread.ofPlatform().name("bench-dashboard").start(() -> {
            while (writing.get()) {
                long roundStart = System.nanoTime();
                Instant now = CpaTimestamps.fromEpochNanos(writtenUpTo.get());
                for (Query query : dashboard.queries()) {
                    if (query.whileWriting()) {
                        query.run().apply(now);
                    }
                }
                dashboardRounds.incrementAndGet();
                long rest = DASHBOARD_REFRESH.toNanos() - (System.nanoTime() - roundStart);
                try {
                    Thread.sleep(Duration.ofNanos(Math.max(0, rest)));
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        UsageEventStore store = new UsageEventStore(database);
        out.println();
        out.println("| events stored | events/s in the last segment |");
        out.println("|---|---|");
        long segment = Math.max(events / 10, BATCH);
        long written = 0;
        long start = System.nanoTime();
        long segmentStart = start;
        while (true) {
            List<ReceivedItem> batch = queue.take();
            if (batch == endOfStream) {
                break;
            }
            WriteResult result = store.write(batch);
            long before = written;
            written += result.added();
            writtenUpTo.set(CpaTimestamps.toEpochNanos(CpaTimestamps.parse(lastTimestamp(batch))));
            if (written / segment > before / segment) {
                long now = System.nanoTime();
                out.printf(Locale.ROOT, "| %,d | %,.0f |%n", written,
                        (written - (before / segment) * segment) / ((now - segmentStart) / 1e9));
                segmentStart = now;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        writing.set(false);
        queries.interrupt();
        queries.join();
        generator.join();
        double rate = written / seconds;
        out.println();
        out.printf(Locale.ROOT, "- console write path (read, normalise, deduplicate, insert, roll up; one "
                + "transaction a batch of %,d) while a dashboard refreshed its queries every %d s in another thread: "
                + "**%,.0f events/s**, %.0f %% of the ceiling; %,d events stored in %,.0f s, %,d dashboard "
                + "refreshes%n", BATCH, DASHBOARD_REFRESH.toSeconds(), rate, 100 * rate / ceiling, written, seconds,
                dashboardRounds.get());
    }

    private static String lastTimestamp(List<ReceivedItem> batch) {
        String json = batch.getLast().text();
        int at = json.indexOf("\"timestamp\":\"") + 13;
        return json.substring(at, json.indexOf('"', at));
    }

    /** Users owning most keys, so that grouping by user has real owners to find. */
    private void addUsersOwningKeys(Database database) {
        List<String> keys = usage().clientKeys();
        long at = CpaTimestamps.toEpochNanos(END.minus(span));
        database.write(dsl -> {
            for (int user = 1; user <= USERS; user++) {
                dsl.execute("INSERT INTO console_user (id, name, display_name, contact, notes, role, disabled, "
                        + "created_ns, updated_ns) VALUES (?, ?, ?, '', '', 'user', 0, ?, ?)", user, "user" + user,
                        "User " + user, at, at);
                for (int k = 0; k < KEYS_PER_USER; k++) {
                    int id = (user - 1) * KEYS_PER_USER + k + 1;
                    String key = keys.get(id - 1);
                    dsl.execute("INSERT INTO managed_key (id, user_id, name, description, key_hash, masked, "
                            + "created_ns, updated_ns, suspended, status, status_detail, in_cpa, out_of_sync) "
                            + "VALUES (?, ?, ?, '', ?, ?, ?, ?, 0, 'active', '', 1, '')", id, user, "key" + k,
                            ClientKeys.hash(key), ClientKeys.mask(key), at, at);
                    dsl.execute("INSERT INTO managed_key_value (key_hash, managed_key_id, masked, since_ns) "
                            + "VALUES (?, ?, ?, ?)", ClientKeys.hash(key), id, ClientKeys.mask(key), at);
                }
            }
            return null;
        });
    }

    /** The same records every time it is called: the ceiling and the console write the same rows. */
    private SyntheticUsage usage() {
        return new SyntheticUsage(SEED, events, CLIENT_KEYS, MODELS, END, span);
    }

    // ---- storage -----------------------------------------------------------------------------

    private void storageReport(Database database) throws IOException {
        database.read(dsl -> dsl.fetch("PRAGMA wal_checkpoint(TRUNCATE)"));
        long bytes = Files.size(database.file());
        out.printf(Locale.ROOT, "- database file: %,.0f MiB, **%,.0f bytes per event**%n%n", bytes / 1_048_576.0,
                (double) bytes / events);
        try {
            // As text: the driver reads an untyped integer column as a 32-bit int.
            var tables = database.read(dsl -> dsl.fetch("SELECT name, CAST(SUM(pgsize) AS TEXT) FROM dbstat "
                    + "GROUP BY name ORDER BY SUM(pgsize) DESC LIMIT 10"));
            out.println("| table or index | bytes per event |");
            out.println("|---|---|");
            tables.forEach(r -> out.printf(Locale.ROOT, "| %s | %,.0f |%n", r.get(0, String.class),
                    Long.parseLong(r.get(1, String.class)) / (double) events));
            out.println();
        } catch (RuntimeException e) {
            out.println("(no per-table sizes: this SQLite has no dbstat table)");
            out.println();
        }
    }

    // ---- the dashboard's 30-day queries --------------------------------------------------------

    /** A timed query; {@code whileWriting}: also one of the dashboard's refreshes during ingestion. */
    private record Query(String label, Function<Instant, ?> run, boolean whileWriting) {
    }

    /** The queries a dashboard runs for a range ending now; each takes "now". */
    private static final class Dashboard {
        private final List<Query> queries = new ArrayList<>();

        Dashboard(Database database, PriceBook book) {
            UsageStatistics statistics = new UsageStatistics(database);
            CostQuery cost = new CostQuery(database);
            Duration month = Duration.ofDays(30);
            add("totals", now -> statistics.totals(now.minus(month), now));
            add("by model", now -> statistics.groups(now.minus(month), now, GroupBy.MODEL, DISPLAY_ZONE));
            add("by provider", now -> statistics.groups(now.minus(month), now, GroupBy.PROVIDER, DISPLAY_ZONE));
            add("by client key", now -> statistics.groups(now.minus(month), now, GroupBy.KEY, DISPLAY_ZONE));
            add("by user", now -> statistics.groups(now.minus(month), now, GroupBy.USER, DISPLAY_ZONE));
            add("by account", now -> statistics.groups(now.minus(month), now, GroupBy.AUTH, DISPLAY_ZONE));
            add("by day, " + DISPLAY_ZONE, now -> statistics.groups(now.minus(month), now, GroupBy.DAY,
                    DISPLAY_ZONE));
            add("cost, total", now -> cost.report(now.minus(month), now, book, CostPolicy.DEFAULT, null,
                    DISPLAY_ZONE));
            add("cost by day, " + DISPLAY_ZONE, now -> cost.report(now.minus(month), now, book, CostPolicy.DEFAULT,
                    GroupBy.DAY, DISPLAY_ZONE));
            add("cost by model", now -> cost.report(now.minus(month), now, book, CostPolicy.DEFAULT, GroupBy.MODEL,
                    DISPLAY_ZONE));
            add("hourly series, last 48 h", now -> statistics.groups(now.minus(Duration.ofHours(48)), now,
                    GroupBy.HOUR, DISPLAY_ZONE));
            // Narrowed dashboards: one client key, eight keys (as many as a user here owns), one account.
            UsageScope key = new UsageScope(List.of(1L), null);
            UsageScope user = new UsageScope(java.util.stream.LongStream.rangeClosed(1, KEYS_PER_USER).boxed()
                    .toList(), null);
            UsageScope account = new UsageScope(null, null, null, List.of(1L));
            add("one key: totals", now -> statistics.totals(now.minus(month), now, key));
            add("one key: by model", now -> statistics.groups(now.minus(month), now, GroupBy.MODEL, DISPLAY_ZONE,
                    key));
            add("one key: cost by day, " + DISPLAY_ZONE, now -> cost.report(now.minus(month), now, book,
                    CostPolicy.DEFAULT, GroupBy.DAY, DISPLAY_ZONE, key));
            add("eight keys: by day, " + DISPLAY_ZONE, now -> statistics.groups(now.minus(month), now,
                    GroupBy.DAY, DISPLAY_ZONE, user));
            add("one account: by day, " + DISPLAY_ZONE, now -> statistics.groups(now.minus(month), now,
                    GroupBy.DAY, DISPLAY_ZONE, account));
            // The Overview screen's whole read: figures, series, costs, heatmap, every ranking, gaps.
            add("whole dashboard (all of the above that it shows, 30 days)", now -> new DashboardService(database,
                    Clock.fixed(now, ZoneOffset.UTC)).read(DashboardRange.of(RangePreset.LAST_30_DAYS, now,
                    DISPLAY_ZONE), DashboardScope.GLOBAL, book, CostPolicy.DEFAULT));
            // The same, as the first read after a price change: every day's sums per key and account again.
            // Timed at the end only: a refresh does not change the prices.
            queries.add(new Query("whole dashboard, first read under new prices", now -> {
                database.write(dsl -> dsl.execute("DELETE FROM usage_member_day_state"));
                return new DashboardService(database, Clock.fixed(now, ZoneOffset.UTC)).read(
                        DashboardRange.of(RangePreset.LAST_30_DAYS, now, DISPLAY_ZONE), DashboardScope.GLOBAL, book,
                        CostPolicy.DEFAULT);
            }, false));
        }

        private void add(String label, Function<Instant, ?> run) {
            queries.add(new Query(label, run, true));
        }

        List<Query> queries() {
            return queries;
        }
    }

    private void queryReport(Dashboard dashboard) {
        out.printf(Locale.ROOT, "### Dashboard queries, last 30 days up to %s (after %d warm-up runs, %d timed)%n%n",
                NOW, WARM_UP_RUNS, TIMED_RUNS);
        out.println("| query | p50 | p95 | max |");
        out.println("|---|---|---|---|");
        for (Query query : dashboard.queries()) {
            timed(query.label(), () -> query.run().apply(NOW));
        }
        out.println();
    }

    // ---- the requests list ---------------------------------------------------------------------

    private void requestsReport(Database database) {
        RequestQuery requests = new RequestQuery(database);
        // One line per filter of the requests view: add a filter here when the view gains one.
        Map<String, RequestFilter> filters = new LinkedHashMap<>();
        filters.put("no filter", RequestFilter.ALL);
        filters.put("last 30 days", RequestFilter.ALL.between(NOW.minus(Duration.ofDays(30)), NOW));
        filters.put("a popular model", RequestFilter.ALL.withModel("gpt-5.4"));
        filters.put("a rare model", RequestFilter.ALL.withModel(rareModel(requests)));
        filters.put("failed only", RequestFilter.ALL.withOutcome(RequestOutcome.FAILED));
        filters.put("status 429", RequestFilter.ALL.withOutcome(RequestOutcome.status(429)));
        filters.put("succeeded only", RequestFilter.ALL.withOutcome(RequestOutcome.OK));
        filters.put("an endpoint", RequestFilter.ALL.withEndpoint("POST /v1/messages"));
        filters.put("a reasoning effort", RequestFilter.ALL.withReasoningEffort("high"));
        filters.put("a provider", RequestFilter.ALL.withProvider("claude"));
        filters.put("a request id", RequestFilter.ALL.withRequestId(someRequestId(database)));
        out.printf(Locale.ROOT, "### First page (%d rows) of the requests list, one filter at a time%n%n",
                RequestQuery.PAGE_SIZE);
        out.println("| filter | p50 | p95 | max |");
        out.println("|---|---|---|---|");
        filters.forEach((label, filter) -> timed(label, () -> requests.page(filter, null, RequestQuery.PAGE_SIZE)));
        out.println();
    }

    private static String someRequestId(Database database) {
        return database.read(dsl -> dsl.fetchOne("SELECT request_id FROM usage_event WHERE request_id <> '' "
                + "ORDER BY id DESC LIMIT 1 OFFSET 1000").get(0, String.class));
    }

    private static String rareModel(RequestQuery requests) {
        List<String> models = requests.choices().models().stream().map(FilterChoice::value).toList();
        return models.stream().filter(m -> m.startsWith("kimi-k2-")).max(Comparator.naturalOrder())
                .orElse(models.getLast());
    }

    private void timed(String label, Runnable query) {
        for (int run = 0; run < WARM_UP_RUNS; run++) {
            query.run();
        }
        long[] nanos = new long[TIMED_RUNS];
        for (int run = 0; run < TIMED_RUNS; run++) {
            long start = System.nanoTime();
            query.run();
            nanos[run] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        out.printf(Locale.ROOT, "| %s | %,.1f ms | %,.1f ms | %,.1f ms |%n", label, percentile(nanos, 0.50) / 1e6,
                percentile(nanos, 0.95) / 1e6, nanos[nanos.length - 1] / 1e6);
    }

    /** The nearest-rank percentile of sorted values. */
    private static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
