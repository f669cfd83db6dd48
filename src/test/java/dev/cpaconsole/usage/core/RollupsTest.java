package dev.cpaconsole.usage.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.flywaydb.core.Flyway;
import org.jooq.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cpaconsole.store.Database;

class RollupsTest {
    private static final Instant FROM = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-03-04T00:00:00Z");

    @TempDir
    Path dataDir;

    private Database database;

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void rollUpsHoldExactlyTheStoredEventsAtEveryGrainAndDimension() {
        database = Database.open(dataDir);
        UsageEventStore store = new UsageEventStore(database);
        RandomUsage usage = new RandomUsage(7);
        List<ReceivedItem> items = usage.items(2_500, FROM, TO);
        for (int from = 0; from < items.size(); from += 400) {
            store.write(items.subList(from, Math.min(items.size(), from + 400)));
        }
        // The same records again: duplicates must not be rolled up a second time.
        WriteResult again = store.write(items.subList(0, 600));
        assertThat(again.added()).isZero();

        assertThat(rollupRows()).isEqualTo(expectedFromEvents());
    }

    @Test
    void localDayRowsHoldEachLocalDaysEventsWhenBuiltWrittenToRebuiltAndMovedToAnotherZone() {
        database = Database.open(dataDir);
        UsageEventStore store = new UsageEventStore(database);
        // Over New York's and St. John's switch to summer time and Lord Howe's half-hour switch back.
        List<ReceivedItem> items = new RandomUsage(13).items(3_000, Instant.parse("2026-03-06T00:00:00Z"),
                Instant.parse("2026-04-07T00:00:00Z"));
        store.write(items.subList(0, 1_000));
        useLocalDays(ZoneId.of("Asia/Kathmandu"));
        store.write(items.subList(1_000, 2_000));
        Map<List<Object>, List<Long>> rows = rollupRows();
        assertThat(rows.keySet()).anyMatch(k -> k.getFirst().equals((long) Rollups.LOCAL_DAY));
        assertThat(rows).isEqualTo(expectedFromEvents());

        database.write(dsl -> {
            Rollups.rebuild(dsl);
            return null;
        });
        assertThat(rollupRows()).isEqualTo(expectedFromEvents());

        for (String zone : List.of("America/St_Johns", "Australia/Lord_Howe")) {
            useLocalDays(ZoneId.of(zone));
            store.write(items.subList(2_000, items.size()));
            assertThat(rollupRows()).as(zone).isEqualTo(expectedFromEvents());
        }

        useLocalDays(null);
        assertThat(rollupRows().keySet()).noneMatch(k -> k.getFirst().equals((long) Rollups.LOCAL_DAY));
        assertThat(rollupRows()).isEqualTo(expectedFromEvents());
    }

    private void useLocalDays(ZoneId zone) {
        database.write(dsl -> {
            Rollups.useLocalDays(dsl, zone);
            return null;
        });
    }

    @Test
    void rebuildingGivesTheSameRollUpsAsWritingEventByBatch() {
        database = Database.open(dataDir);
        UsageEventStore store = new UsageEventStore(database);
        List<ReceivedItem> items = new RandomUsage(11).items(1_200, FROM, TO);
        store.write(items.subList(0, 500));
        store.write(items.subList(500, items.size()));
        Map<List<Object>, List<Long>> incremental = rollupRows();

        database.write(dsl -> {
            Rollups.rebuild(dsl);
            return null;
        });

        assertThat(rollupRows()).isEqualTo(incremental);
    }

    @Test
    void upgradingRollsUpTheEventsStoredBeforeRollUpsExisted() throws SQLException {
        String url = "jdbc:sqlite:" + dataDir.resolve(Database.FILE_NAME);
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").target("4").load()
                .migrate();
        long[] latencies = {0, 99, 100, 131, 132, 409_599, 409_600, 5_000_000};
        try (Connection connection = DriverManager.getConnection(url);
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO usage_event (ts_ns, record_hash, received_ns, origin, request_id, provider, model,
                         alias, endpoint, auth_type, auth_index, source, client_key_id, failed, status_code,
                         latency_ms, ttft_ms, uncached_input_tokens, cache_read_tokens, cache_write_tokens,
                         output_tokens, reasoning_tokens, unclassified_tokens, total_tokens, accounting,
                         inconsistent, reasoning_effort, service_tier, client_ip, user_agent)
                     VALUES (?, ?, 0, 'import', 'r', 'codex', 'gpt-5.4', '', '', 'oauth', 'a1', 's', NULL, 0,
                         200, ?, NULL, ?, 0, 0, 10, 0, 0, ?, 'openai', 0, '', '', '', '')""")) {
            for (int i = 0; i < latencies.length; i++) {
                insert.setLong(1, FROM.getEpochSecond() * 1_000_000_000L + i * 60_000_000_000L);
                insert.setBytes(2, new byte[] {(byte) i});
                insert.setLong(3, latencies[i]);
                insert.setLong(4, 300_000L * i);
                insert.setLong(5, 300_000L * i + 10);
                insert.executeUpdate();
            }
        }

        database = Database.open(dataDir);

        List<Long> classes = database.read(dsl -> dsl.fetch("SELECT latency_class FROM usage_event ORDER BY id")
                .getValues(0, Long.class));
        assertThat(classes).containsExactlyElementsOf(Arrays.stream(latencies)
                .mapToObj(ms -> (long) LatencyClasses.of(ms)).toList());
        assertThat(classes).containsExactly(0L, 0L, 1L, 1L, 2L, 30L, 31L, 31L);
        assertThat(rollupRows()).isEqualTo(expectedFromEvents());
        assertThat(new UsageStatistics(database).totals(null, null).requests()).isEqualTo(latencies.length);
    }

    /** Every roll-up row: its key columns mapped to its measures. */
    private Map<List<Object>, List<Long>> rollupRows() {
        Map<List<Object>, List<Long>> rows = new TreeMap<>(RollupsTest::compareKeys);
        database.read(dsl -> dsl.fetch("SELECT * FROM usage_rollup")).forEach(r -> {
            List<Object> key = List.of(r.get("grain", Long.class), r.get("dim", Long.class),
                    r.get("bucket_ns", Long.class), r.get("dim_key", Long.class), r.get("provider", String.class),
                    r.get("model", String.class), r.get("alias", String.class), r.get("input_floor", Long.class),
                    r.get("status_code", Long.class));
            List<Long> measures = new ArrayList<>();
            for (String column : Rollups.MEASURE_COLUMNS) {
                measures.add(r.get(column, Long.class));
            }
            rows.put(key, measures);
        });
        return rows;
    }

    /**
     * The roll-ups computed here, event by event, from the stored events, with rows per local day
     * of the zone the database names for them.
     */
    private Map<List<Object>, List<Long>> expectedFromEvents() {
        Map<List<Object>, long[]> sums = new HashMap<>();
        ZoneId localDayZone = database.read(Rollups::localDayZone);
        long[] thresholds = database.read(Rollups::thresholds).stream().mapToLong(Long::longValue).toArray();
        for (Record e : database.read(dsl -> dsl.fetch("SELECT * FROM usage_event"))) {
            long ts = e.get("ts_ns", Long.class);
            long input = e.get("uncached_input_tokens", Long.class) + e.get("cache_read_tokens", Long.class)
                    + e.get("cache_write_tokens", Long.class);
            long floor = 0;
            for (long t : thresholds) {
                if (input > t) {
                    floor = t;
                }
            }
            Long status = e.get("status_code", Long.class);
            Long key = e.get("client_key_id", Long.class);
            Long credential = e.get("credential_id", Long.class);
            long latency = e.get("latency_ms", Long.class);
            Long ttft = e.get("ttft_ms", Long.class);
            long output = e.get("output_tokens", Long.class) + e.get("reasoning_tokens", Long.class);
            boolean generating = ttft != null && latency > ttft;
            long[] measures = new long[Rollups.MEASURE_COLUMNS.size()];
            long[] values = {1, e.get("failed", Long.class), e.get("uncached_input_tokens", Long.class),
                e.get("cache_read_tokens", Long.class), e.get("cache_write_tokens", Long.class),
                e.get("output_tokens", Long.class), e.get("reasoning_tokens", Long.class),
                e.get("unclassified_tokens", Long.class), e.get("total_tokens", Long.class), latency,
                ttft == null ? 0 : 1, ttft == null ? 0 : ttft, generating ? output : 0,
                generating ? latency - ttft : 0, ts, ts};
            System.arraycopy(values, 0, measures, 0, values.length);
            measures[values.length + LatencyClasses.of(latency)] = 1;
            for (int grain = 0; grain < 3; grain++) {
                long size = Rollups.GRAIN_NANOS[grain];
                long bucket = Math.floorDiv(ts, size) * size;
                long[] dimKeys = {0, key == null ? 0 : key, credential == null ? 0 : credential};
                for (int dim = 0; dim < 3; dim++) {
                    if (grain == Rollups.HOUR && dim == Rollups.BY_KEY) {
                        continue;
                    }
                    List<Object> rowKey = List.of((long) grain, (long) dim, bucket, dimKeys[dim],
                            e.get("provider", String.class), e.get("model", String.class),
                            e.get("alias", String.class), floor, status == null ? 0L : status);
                    sums.merge(rowKey, measures.clone(), RollupsTest::combine);
                }
            }
            if (localDayZone != null) {
                Instant at = Instant.ofEpochSecond(0, ts);
                long dayStart = LocalDate.ofInstant(at, localDayZone).atStartOfDay(localDayZone).toEpochSecond()
                        * 1_000_000_000L;
                sums.merge(List.of((long) Rollups.LOCAL_DAY, (long) Rollups.ALL, dayStart, 0L,
                        e.get("provider", String.class), e.get("model", String.class), e.get("alias", String.class),
                        floor, status == null ? 0L : status), measures.clone(), RollupsTest::combine);
            }
        }
        Map<List<Object>, List<Long>> rows = new TreeMap<>(RollupsTest::compareKeys);
        sums.forEach((k, v) -> rows.put(k, Arrays.stream(v).boxed().toList()));
        return rows;
    }

    private static long[] combine(long[] a, long[] b) {
        long[] sum = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            String column = Rollups.MEASURE_COLUMNS.get(i);
            sum[i] = column.equals("first_ns") ? Math.min(a[i], b[i])
                    : column.equals("last_ns") ? Math.max(a[i], b[i]) : a[i] + b[i];
        }
        return sum;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareKeys(List<Object> a, List<Object> b) {
        for (int i = 0; i < a.size(); i++) {
            int c = ((Comparable) a.get(i)).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
