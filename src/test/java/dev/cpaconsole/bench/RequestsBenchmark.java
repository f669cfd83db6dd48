package dev.cpaconsole.bench;

import static dev.cpaconsole.store.schema.Tables.USAGE_EVENT;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.jooq.impl.DSL;

import dev.cpaconsole.requests.core.RequestFilter;
import dev.cpaconsole.requests.core.RequestOutcome;
import dev.cpaconsole.requests.core.RequestQuery;
import dev.cpaconsole.requests.core.RequestSort;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.usage.core.CpaTimestamps;

/**
 * Times the first page of the requests list for each filter alone over a large synthetic history:
 * events over 365 days, 2 000 client keys of 200 users, 60 models, a few per cent failures. The
 * events are generated inside SQLite and the indexes built once at the end, which is much quicker
 * than writing them through the store and leaves the same indexes. Not a unit test: run the class
 * with the test classpath, {@code java ... dev.cpaconsole.bench.RequestsBenchmark EVENTS [DIR]};
 * an existing DIR is reused. It prints a Markdown table to standard output.
 */
public final class RequestsBenchmark {
    private static final int CHUNK = 500_000;
    private static final int RUNS = 9;
    private static final Instant START = Instant.parse("2025-12-01T00:00:00Z");
    private static final Duration SPAN = Duration.ofDays(365);

    private RequestsBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
        Path directory = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("cpa-console-requests");
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        try (Database database = Database.open(directory)) {
            long stored = database.read(dsl -> dsl.fetchCount(dsl.selectOne().from("usage_event")));
            if (stored == 0) {
                long began = System.nanoTime();
                generate(database, events);
                out.printf(Locale.ROOT, "Generated %,d events in %d s in %s%n%n", events,
                        (System.nanoTime() - began) / 1_000_000_000L, directory);
            }
            time(database, out);
        }
    }

    private static void generate(Database database, int events) {
        List<String> indexes = database.read(dsl -> dsl.resultQuery(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'usage_event' AND sql IS NOT NULL")
                .fetch(r -> r.get(0, String.class)));
        database.write(dsl -> {
            for (String index : indexes) {
                dsl.execute("DROP INDEX " + index.replaceFirst("(?s)CREATE (UNIQUE )?INDEX (\\S+) .*", "$2"));
            }
            dsl.execute("""
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
                    INSERT INTO console_user (id, name, display_name, contact, notes, role, disabled, created_ns,
                        updated_ns)
                    SELECT i, 'user-' || i, '', '', '', 'user', 0, 0, 0 FROM n""");
            dsl.execute("""
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
                    INSERT INTO client_key (id, key_hash, masked, first_seen_ns) SELECT i, 'hash-' || i,
                        'sk-b…' || printf('%04d', i), 0 FROM n""");
            dsl.execute("""
                    INSERT INTO managed_key (id, user_id, name, description, key_hash, masked, created_ns,
                        updated_ns, suspended, status, status_detail, in_cpa, out_of_sync)
                    SELECT id, 1 + (id - 1) / 10, 'key-' || id, '', key_hash, masked, 0, 0, 0, 'active', '', 1, ''
                    FROM client_key""");
            dsl.execute("""
                    WITH RECURSIVE n(a) AS (SELECT 0 UNION ALL SELECT a + 1 FROM n WHERE a < 39)
                    INSERT INTO usage_credential (id, auth_index, source, auth_type)
                    SELECT a + 1, printf('%016x', a), 'account-' || a || '@example.com', 'oauth' FROM n""");
            dsl.execute("""
                    INSERT INTO managed_key_value (key_hash, managed_key_id, masked, since_ns)
                    SELECT key_hash, id, masked, 0 FROM client_key""");
            return null;
        });
        long step = CpaTimestamps.toEpochNanos(START.plus(SPAN)) / events - CpaTimestamps.toEpochNanos(START) / events;
        for (int chunk = 0; chunk < events; chunk += CHUNK) {
            int from = chunk;
            int to = Math.min(events, chunk + CHUNK);
            database.write(dsl -> dsl.execute("""
                    WITH RECURSIVE n(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?),
                    e(i, m, k, a, f) AS (SELECT i, abs(random()) % 60, 1 + abs(random()) % 2000,
                        abs(random()) % 40, abs(random()) % 100 < 3 FROM n)
                    INSERT INTO usage_event (ts_ns, record_hash, received_ns, origin, request_id, provider, model,
                        alias, endpoint, auth_type, auth_index, source, client_key_id, failed, status_code,
                        latency_ms, ttft_ms, uncached_input_tokens, cache_read_tokens, cache_write_tokens,
                        output_tokens, reasoning_tokens, unclassified_tokens, total_tokens, accounting,
                        inconsistent, reasoning_effort, service_tier, client_ip, user_agent, credential_id,
                        latency_class)
                    SELECT ? + i * ?, randomblob(16), ? + i * ? + 1000000000, 'http_queue', lower(hex(randomblob(8))),
                        'provider-' || (m % 6), 'model-' || m,
                        CASE WHEN i % 10 = 0 THEN 'alias-' || (m % 10) ELSE 'model-' || m END,
                        CASE i % 4 WHEN 0 THEN 'POST /v1/responses' WHEN 1 THEN 'POST /v1/chat/completions'
                            WHEN 2 THEN 'POST /v1/messages' ELSE 'POST /v1beta/models' END,
                        'oauth', printf('%016x', a), 'account-' || a || '@example.com', k, f,
                        CASE WHEN f THEN CASE i % 3 WHEN 0 THEN 429 WHEN 1 THEN 500 ELSE 502 END ELSE 200 END,
                        200 + abs(random()) % 30000, 100 + abs(random()) % 2000, abs(random()) % 20000,
                        abs(random()) % 50000, 0, abs(random()) % 4000, abs(random()) % 1000, 0, 0, 'breakdown', 0,
                        CASE i % 4 WHEN 0 THEN '' WHEN 1 THEN 'low' WHEN 2 THEN 'medium' ELSE 'high' END,
                        CASE WHEN i % 50 = 7 THEN 'flex' WHEN i % 3 = 0 THEN 'default' ELSE 'auto' END,
                        '10.0.0.1', 'codex-cli', a + 1, 5
                    FROM e""", from, to, CpaTimestamps.toEpochNanos(START), step, CpaTimestamps.toEpochNanos(START),
                    step));
        }
        database.write(dsl -> {
            for (String index : indexes) {
                dsl.execute(index);
            }
            dsl.execute("""
                    INSERT OR IGNORE INTO usage_dimension (kind, value)
                    SELECT 'model', 'model-' || i FROM (WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1
                        FROM n WHERE i < 59) SELECT i FROM n)""");
            dsl.execute("UPDATE usage_event SET total_tokens = uncached_input_tokens + cache_read_tokens"
                    + " + output_tokens + reasoning_tokens");
            return null;
        });
    }

    private static void time(Database database, PrintStream out) {
        RequestQuery query = new RequestQuery(database);
        String someRequestId = database.read(dsl -> dsl.resultQuery(
                "SELECT request_id FROM usage_event WHERE id = (SELECT max(id) / 2 FROM usage_event)")
                .fetchOne(0, String.class));
        // Typed, so that the driver reads the instant as a long and not as a truncated int.
        long newest = database.read(dsl -> dsl.select(DSL.max(USAGE_EVENT.TS_NS)).from(USAGE_EVENT)
                .fetchOne(0, Long.class));
        Instant lastDay = CpaTimestamps.fromEpochNanos(newest).minus(Duration.ofDays(1));
        List<Object[]> cases = List.of(
                new Object[] {"none (all of history)", RequestFilter.ALL},
                new Object[] {"last 24 hours", RequestFilter.ALL.between(lastDay, null)},
                new Object[] {"user (10 keys)", RequestFilter.ALL.withUser(7L)},
                new Object[] {"key", RequestFilter.ALL.withKey(77L)},
                new Object[] {"provider", RequestFilter.ALL.withProvider("provider-3")},
                new Object[] {"model (upstream or alias)", RequestFilter.ALL.withModel("model-13")},
                new Object[] {"model that is only an alias", RequestFilter.ALL.withModel("alias-4")},
                new Object[] {"endpoint", RequestFilter.ALL.withEndpoint("POST /v1/messages")},
                new Object[] {"account", RequestFilter.ALL.withAccount(String.format("%016x", 17))},
                new Object[] {"outcome ok", RequestFilter.ALL.withOutcome(RequestOutcome.OK)},
                new Object[] {"outcome failed", RequestFilter.ALL.withOutcome(RequestOutcome.FAILED)},
                new Object[] {"status 429", RequestFilter.ALL.withOutcome(RequestOutcome.status(429))},
                new Object[] {"reasoning effort", RequestFilter.ALL.withReasoningEffort("high")},
                new Object[] {"service tier (2 %)", RequestFilter.ALL.withServiceTier("flex")},
                new Object[] {"request id", RequestFilter.ALL.withRequestId(someRequestId)});
        out.println("| filter (first page of " + RequestQuery.PAGE_SIZE + ", newest first) | rows | median ms"
                + " | max ms |");
        out.println("|---|---:|---:|---:|");
        for (Object[] c : cases) {
            row(out, (String) c[0], query, (RequestFilter) c[1], RequestSort.NEWEST_FIRST);
        }
        row(out, "last 24 hours, slowest first", query, RequestFilter.ALL.between(lastDay, null),
                new RequestSort(RequestSort.Column.LATENCY, true));
        row(out, "model, last 24 hours, most tokens first", query,
                RequestFilter.ALL.withModel("model-13").between(lastDay, null),
                new RequestSort(RequestSort.Column.TOKENS, true));
    }

    private static void row(PrintStream out, String name, RequestQuery query, RequestFilter filter,
            RequestSort sort) {
        long[] millis = new long[RUNS];
        int rows = 0;
        for (int warmUp = 0; warmUp < 2; warmUp++) {
            query.page(filter, sort, null, RequestQuery.PAGE_SIZE);
        }
        for (int run = 0; run < RUNS; run++) {
            long began = System.nanoTime();
            rows = query.page(filter, sort, null, RequestQuery.PAGE_SIZE).rows().size();
            millis[run] = (System.nanoTime() - began) / 1_000_000L;
        }
        Arrays.sort(millis);
        out.printf(Locale.ROOT, "| %s | %d | %d | %d |%n", name, rows, millis[RUNS / 2], millis[RUNS - 1]);
    }
}
