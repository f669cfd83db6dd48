package dev.cpaconsole.usage.core;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The roll-up rows of one batch of new events, summed in memory and then added to
 * {@code usage_rollup} with one upsert per row, in the order of the primary key. Equivalent to
 * {@link Rollups#addEvents}, which computes the same sums in SQL from stored events (for rebuilds),
 * but it neither reads the events back nor sorts them in SQLite, and the input floor of an event
 * is found once, not once per grain and dimension.
 */
final class BatchRollup {
    private static final int GRAINS = 3;
    private static final int DIMENSIONS = 3;
    private static final int MEASURES = Rollups.MEASURE_COLUMNS.size();
    private static final int FIRST_NS = Rollups.MEASURE_COLUMNS.indexOf("first_ns");
    private static final int LAST_NS = Rollups.MEASURE_COLUMNS.indexOf("last_ns");
    private static final int LATENCY_CLASSES = Rollups.MEASURE_COLUMNS.indexOf("lat_00");
    private static final String UPSERT = upsertStatement();

    /**
     * A roll-up row's primary key, ordered by its leading columns: rows that share them lie
     * together in the table whatever their order, so the text columns need no comparing.
     */
    private record Key(int grain, int dim, long bucket, long dimKey, String provider, String model, String alias,
            long inputFloor, int statusCode) implements Comparable<Key> {

        @Override
        public int compareTo(Key other) {
            int c = Integer.compare(grain, other.grain);
            c = c != 0 ? c : Integer.compare(dim, other.dim);
            c = c != 0 ? c : Long.compare(bucket, other.bucket);
            return c != 0 ? c : Long.compare(dimKey, other.dimKey);
        }
    }

    private final long[] thresholds;
    private final ZoneId localDayZone;
    private final Map<Key, long[]> sums = new HashMap<>();
    /** The local day of the event added last, which the next one most likely falls in too. */
    private long[] localDay = {0, 0};

    /**
     * @param thresholds the input thresholds roll-ups are cut at, as in {@code rollup_threshold}
     * @param localDayZone the zone of the {@link Rollups#LOCAL_DAY} rows, null when there are none
     */
    BatchRollup(long[] thresholds, ZoneId localDayZone) {
        this.thresholds = thresholds.clone();
        Arrays.sort(this.thresholds);
        this.localDayZone = localDayZone;
    }

    /** Adds one stored event; {@code clientKeyId} and {@code credentialId} are 0 for none. */
    void add(UsageEvent e, long clientKeyId, long credentialId) {
        long[] measures = measures(e);
        long floor = inputFloor(e.tokens().uncachedInput() + e.tokens().cacheRead() + e.tokens().cacheWrite());
        int status = e.statusCode() == null ? 0 : e.statusCode();
        long[] dimKeys = {0, clientKeyId, credentialId};
        for (int grain = 0; grain < GRAINS; grain++) {
            long size = Rollups.GRAIN_NANOS[grain];
            long bucket = Math.floorDiv(e.timestampNanos(), size) * size;
            for (int dim = 0; dim < DIMENSIONS; dim++) {
                if (!Rollups.kept(grain, dim)) {
                    continue;
                }
                add(new Key(grain, dim, bucket, dimKeys[dim], e.provider(), e.model(), e.alias(), floor, status),
                        measures);
            }
        }
        if (localDayZone != null) {
            long at = e.timestampNanos();
            if (at < localDay[0] || at >= localDay[1]) {
                localDay = Rollups.localDay(at, localDayZone);
            }
            if (Rollups.rolledUpAsLocalDay(localDay)) {
                add(new Key(Rollups.LOCAL_DAY, Rollups.ALL, localDay[0], 0, e.provider(), e.model(), e.alias(), floor,
                        status), measures);
            }
        }
    }

    private void add(Key key, long[] measures) {
        long[] row = sums.get(key);
        if (row == null) {
            sums.put(key, measures.clone());
        } else {
            combine(row, measures);
        }
    }

    private long inputFloor(long input) {
        long floor = 0;
        for (long threshold : thresholds) {
            if (threshold >= input) {
                break;
            }
            floor = threshold;
        }
        return floor;
    }

    /** The measures of one event, in the order of {@link Rollups#MEASURE_COLUMNS}. */
    private static long[] measures(UsageEvent e) {
        TokenBuckets t = e.tokens();
        Integer ttft = e.ttftMs();
        boolean generating = ttft != null && e.latencyMs() > ttft;
        long[] m = new long[MEASURES];
        long[] values = {1, e.failed() ? 1 : 0, t.uncachedInput(), t.cacheRead(), t.cacheWrite(), t.output(),
            t.reasoning(), t.unclassified(), t.total(), e.latencyMs(), ttft == null ? 0 : 1,
            ttft == null ? 0 : ttft, generating ? t.output() + t.reasoning() : 0,
            generating ? e.latencyMs() - ttft : 0, e.timestampNanos(), e.timestampNanos()};
        System.arraycopy(values, 0, m, 0, values.length);
        m[LATENCY_CLASSES + LatencyClasses.of(e.latencyMs())] = 1;
        return m;
    }

    private static void combine(long[] row, long[] measures) {
        for (int i = 0; i < MEASURES; i++) {
            if (i == FIRST_NS) {
                row[i] = Math.min(row[i], measures[i]);
            } else if (i == LAST_NS) {
                row[i] = Math.max(row[i], measures[i]);
            } else {
                row[i] += measures[i];
            }
        }
    }

    /** Adds every row to {@code usage_rollup}, within the caller's transaction. */
    void upsert(Connection connection) throws SQLException {
        if (sums.isEmpty()) {
            return;
        }
        List<Map.Entry<Key, long[]>> rows = new ArrayList<>(sums.entrySet());
        // In primary-key order, each upsert lands next to the one before in the roll-up's B-tree.
        rows.sort(Map.Entry.comparingByKey());
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
            for (Map.Entry<Key, long[]> row : rows) {
                Key key = row.getKey();
                upsert.setInt(1, key.grain());
                upsert.setInt(2, key.dim());
                upsert.setLong(3, key.bucket());
                upsert.setLong(4, key.dimKey());
                upsert.setString(5, key.provider());
                upsert.setString(6, key.model());
                upsert.setString(7, key.alias());
                upsert.setLong(8, key.inputFloor());
                upsert.setInt(9, key.statusCode());
                long[] measures = row.getValue();
                for (int i = 0; i < MEASURES; i++) {
                    upsert.setLong(10 + i, measures[i]);
                }
                upsert.executeUpdate();
            }
        }
    }

    private static String upsertStatement() {
        return "INSERT INTO usage_rollup (grain, dim, bucket_ns, dim_key, provider, model, alias, input_floor, "
                + "status_code, " + String.join(", ", Rollups.MEASURE_COLUMNS) + ") VALUES ("
                + "?, ".repeat(9 + MEASURES - 1) + "?)" + Rollups.ADD_ON_CONFLICT;
    }
}
