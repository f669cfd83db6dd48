package dev.cpaconsole.usage.core;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the usage roll-ups ({@code usage_rollup}) in step with the events: the events a write
 * adds are rolled up in the same transaction, so the roll-ups always hold exactly the events
 * ever stored, including those pruned since. The sums are computed by SQLite from the rows just
 * inserted, one statement per grain and dimension.
 */
public final class Rollups {
    private static final Logger LOG = LoggerFactory.getLogger(Rollups.class);

    /** Grain of a roll-up row: quarter hour, hour or UTC day. */
    public static final int QUARTER = 0;
    public static final int HOUR = 1;
    public static final int DAY = 2;
    /**
     * Grain of rows per local day of one zone, {@link #localDayZone}: every event (dimension
     * {@link #ALL}) only; a row's bucket is the instant its local day starts. A dashboard cutting
     * days in that zone reads one row set per day instead of a day's hours.
     */
    public static final int LOCAL_DAY = 3;
    /** Name of the setting that holds the zone of {@link #LOCAL_DAY} rows; absent when there are none. */
    public static final String LOCAL_DAY_ZONE_SETTING = "usage.local-day-zone";
    /** Nanoseconds of each fixed grain (quarter hour, hour, UTC day), by grain. */
    public static final long[] GRAIN_NANOS = {15L * 60 * 1_000_000_000L, 3_600L * 1_000_000_000L,
            86_400L * 1_000_000_000L};

    /** Dimension of a roll-up row: every event, per client key, per credential. */
    public static final int ALL = 0;
    public static final int BY_KEY = 1;
    public static final int BY_CREDENTIAL = 2;

    /**
     * Whether roll-ups hold rows of {@code grain} for {@code dim}. Per client key there are no
     * hour rows: with many keys each key's hour holds about as many rows as its quarter hours, so
     * they would cost a row per event and save no reading; a range reads the quarter hours instead.
     */
    public static boolean kept(int grain, int dim) {
        if (grain == LOCAL_DAY) {
            return dim == ALL;
        }
        return !(grain == HOUR && dim == BY_KEY);
    }

    /** Kinds of {@code usage_dimension} values, with the event column each comes from. */
    public static final List<String> DIMENSION_KINDS = List.of("provider", "model", "alias", "endpoint",
            "reasoning_effort", "service_tier", "status_code");

    /** Events rolled up per statement when rebuilding, so that no statement holds a huge sort. */
    private static final long REBUILD_CHUNK = 200_000;

    private Rollups() {
    }

    /**
     * The input floor of an event: the largest roll-up threshold strictly below its input
     * (uncached, cache read and cache write tokens), 0 when none is.
     */
    static String inputFloor(String alias) {
        return "COALESCE((SELECT MAX(t.tokens) FROM rollup_threshold t WHERE t.tokens < " + alias
                + ".uncached_input_tokens + " + alias + ".cache_read_tokens + " + alias
                + ".cache_write_tokens), 0)";
    }

    /** The start of the bucket of the given grain that an instant column falls in. */
    static String bucketStart(String column, int grain) {
        long size = GRAIN_NANOS[grain];
        return "(" + column + " - (((" + column + " % " + size + ") + " + size + ") % " + size + "))";
    }

    /** The {@code dim_key} of an event row for a dimension. */
    static String dimensionKey(String alias, int dim) {
        return switch (dim) {
            case ALL -> "0";
            case BY_KEY -> "COALESCE(" + alias + ".client_key_id, 0)";
            case BY_CREDENTIAL -> "COALESCE(" + alias + ".credential_id, 0)";
            default -> throw new IllegalArgumentException("no dimension " + dim);
        };
    }

    /** The measures of one event as roll-up columns, in the order of {@link #MEASURE_COLUMNS}. */
    static List<String> eventMeasures(String e) {
        List<String> measures = new ArrayList<>(List.of(
                "1",
                e + ".failed",
                e + ".uncached_input_tokens",
                e + ".cache_read_tokens",
                e + ".cache_write_tokens",
                e + ".output_tokens",
                e + ".reasoning_tokens",
                e + ".unclassified_tokens",
                e + ".total_tokens",
                e + ".latency_ms",
                "(" + e + ".ttft_ms IS NOT NULL)",
                "COALESCE(" + e + ".ttft_ms, 0)",
                "(CASE WHEN " + e + ".ttft_ms IS NOT NULL AND " + e + ".latency_ms > " + e + ".ttft_ms THEN "
                        + e + ".output_tokens + " + e + ".reasoning_tokens ELSE 0 END)",
                "(CASE WHEN " + e + ".ttft_ms IS NOT NULL AND " + e + ".latency_ms > " + e + ".ttft_ms THEN "
                        + e + ".latency_ms - " + e + ".ttft_ms ELSE 0 END)",
                e + ".ts_ns",
                e + ".ts_ns"));
        for (int k = 0; k < LatencyClasses.COUNT; k++) {
            measures.add("(" + e + ".latency_class = " + k + ")");
        }
        return measures;
    }

    /** The summed columns of a roll-up row. */
    public static final List<String> MEASURE_COLUMNS;

    static {
        List<String> columns = new ArrayList<>(List.of("requests", "failed", "uncached_input_tokens",
                "cache_read_tokens", "cache_write_tokens", "output_tokens", "reasoning_tokens",
                "unclassified_tokens", "total_tokens", "latency_ms_sum", "ttft_count", "ttft_ms_sum",
                "gen_tokens_sum", "gen_ms_sum", "first_ns", "last_ns"));
        for (int k = 0; k < LatencyClasses.COUNT; k++) {
            columns.add(String.format("lat_%02d", k));
        }
        MEASURE_COLUMNS = List.copyOf(columns);
    }

    /** How a measure combines over rows: first and last instants take the extremes. */
    static String aggregate(String column, String expression) {
        return switch (column) {
            case "first_ns" -> "MIN(" + expression + ")";
            case "last_ns" -> "MAX(" + expression + ")";
            default -> "SUM(" + expression + ")";
        };
    }

    private static String rollUpStatement(int grain, int dim) {
        List<String> measures = eventMeasures("e");
        StringBuilder select = new StringBuilder();
        for (int i = 0; i < MEASURE_COLUMNS.size(); i++) {
            select.append(", ").append(aggregate(MEASURE_COLUMNS.get(i), measures.get(i)));
        }
        return "INSERT INTO usage_rollup (grain, dim, bucket_ns, dim_key, provider, model, alias, input_floor, "
                + "status_code, " + String.join(", ", MEASURE_COLUMNS) + ") "
                + "SELECT " + grain + ", " + dim + ", " + bucketStart("e.ts_ns", grain) + ", "
                + dimensionKey("e", dim) + ", e.provider, e.model, e.alias, " + inputFloor("e") + ", "
                + "COALESCE(e.status_code, 0)" + select
                + " FROM usage_event e WHERE e.id > ? AND e.id <= ?"
                + " GROUP BY 3, 4, 5, 6, 7, 8, 9" + ADD_ON_CONFLICT;
    }

    /** Ends an insert into {@code usage_rollup}: a row that exists already gets the new measures added. */
    static final String ADD_ON_CONFLICT = addOnConflict();

    private static String addOnConflict() {
        StringBuilder update = new StringBuilder();
        for (String column : MEASURE_COLUMNS) {
            update.append(update.isEmpty() ? "" : ", ").append(column).append(" = ").append(switch (column) {
                case "first_ns" -> "MIN(first_ns, excluded.first_ns)";
                case "last_ns" -> "MAX(last_ns, excluded.last_ns)";
                default -> column + " + excluded." + column;
            });
        }
        return " ON CONFLICT (grain, dim, bucket_ns, dim_key, provider, model, alias, input_floor, status_code)"
                + " DO UPDATE SET " + update;
    }

    private static final List<String> ROLL_UP = new ArrayList<>();

    static {
        for (int grain = QUARTER; grain <= DAY; grain++) {
            for (int dim = ALL; dim <= BY_CREDENTIAL; dim++) {
                if (kept(grain, dim)) {
                    ROLL_UP.add(rollUpStatement(grain, dim));
                }
            }
        }
        for (String kind : DIMENSION_KINDS) {
            String value = kind.equals("status_code") ? "CAST(e.status_code AS TEXT)" : "e." + kind;
            ROLL_UP.add("INSERT OR IGNORE INTO usage_dimension (kind, value) SELECT DISTINCT '" + kind + "', "
                    + value + " FROM usage_event e WHERE e.id > ? AND e.id <= ? AND e." + kind + " IS NOT NULL");
        }
    }

    /** The largest event id, 0 when there is none; call before inserting to know which rows are new. */
    public static long lastEventId(DSLContext dsl) {
        Long id = value(dsl, Long.class, "SELECT MAX(id) FROM usage_event");
        return id == null ? 0 : id;
    }

    /** Rolls up the events with ids in {@code (afterId, upToId]}; part of the caller's transaction. */
    public static void addEvents(DSLContext dsl, long afterId, long upToId) {
        if (upToId <= afterId) {
            return;
        }
        for (String statement : ROLL_UP) {
            dsl.execute(statement, afterId, upToId);
        }
    }

    /** Rolls up the events added since {@code afterId}, as returned by {@link #lastEventId} before the insert. */
    public static void addEventsAfter(DSLContext dsl, long afterId) {
        addEvents(dsl, afterId, lastEventId(dsl));
    }

    /**
     * Name of the setting that holds the instant (UTC epoch nanoseconds, a UTC midnight) before
     * which events have been pruned; absent when none has been.
     */
    public static final String PRUNED_BEFORE_SETTING = "usage.pruned_before_ns";

    /** The instant before which events were pruned, or {@link Long#MIN_VALUE} when none were. */
    public static long prunedBefore(DSLContext dsl) {
        String value = value(dsl, String.class, "SELECT value FROM setting WHERE name = ?", PRUNED_BEFORE_SETTING);
        return value == null ? Long.MIN_VALUE : Long.parseLong(value);
    }

    /**
     * Builds the roll-ups of the stored events from scratch: for the events of a database created
     * before roll-ups existed, and after the set of thresholds changed. Roll-ups of buckets before
     * the pruning horizon are kept, since their events are gone; pruning removes whole UTC days,
     * so no bucket holds both pruned and stored events. An event from before the horizon that
     * arrived after it was set (an import of an old file) is already in those roll-ups, so it is
     * removed here rather than rolled up again.
     */
    public static void rebuild(DSLContext dsl) {
        long horizon = prunedBefore(dsl);
        if (horizon != Long.MIN_VALUE) {
            HistoryMaintenance.removeBefore(dsl, horizon);
        }
        dsl.execute("DELETE FROM usage_rollup WHERE bucket_ns >= ?", horizon);
        // Before the migration that adds them, there are no per-day sums of keys to forget.
        if (dsl.fetchOne("SELECT 1 FROM sqlite_master WHERE name = 'usage_member_day_state'") != null) {
            dsl.execute("DELETE FROM usage_member_day_state");
        }
        Long first = value(dsl, Long.class, "SELECT MIN(id) FROM usage_event");
        long last = lastEventId(dsl);
        if (first != null) {
            for (long after = first - 1; after < last; after += REBUILD_CHUNK) {
                addEvents(dsl, after, Math.min(last, after + REBUILD_CHUNK));
            }
        }
        // A local day can straddle the horizon: its row is summed again from the rows just rebuilt.
        ZoneId zone = localDayZone(dsl);
        if (zone != null) {
            useLocalDays(dsl, zone);
        }
        LOG.info("Usage roll-ups rebuilt from the stored events up to id {}", last);
    }

    /**
     * The first and the last instant (exclusive) of the local day of {@code zone} that {@code at}
     * falls in, as epoch nanoseconds.
     */
    public static long[] localDay(long at, ZoneId zone) {
        return localDay(UsageStatistics.localDate(at, zone), zone);
    }

    private static long[] localDay(LocalDate day, ZoneId zone) {
        return new long[] {CpaTimestamps.toEpochNanos(day.atStartOfDay(zone).toInstant()),
            CpaTimestamps.toEpochNanos(day.plusDays(1).atStartOfDay(zone).toInstant())};
    }

    /**
     * Whether a local day's events go into a {@link #LOCAL_DAY} row: when it starts and ends on a
     * quarter hour, as every day since offsets became whole quarter hours does.
     */
    static boolean rolledUpAsLocalDay(long[] day) {
        long quarter = GRAIN_NANOS[QUARTER];
        return Math.floorMod(day[0], quarter) == 0 && Math.floorMod(day[1], quarter) == 0;
    }

    /**
     * Forgets the per-day sums of keys and credentials ({@code usage_member_day}) of the UTC days
     * starting at {@code days}, whose events just changed; part of the caller's transaction.
     */
    static void forgetMemberDays(Connection connection, Set<Long> days) throws SQLException {
        if (days.isEmpty()) {
            return;
        }
        try (PreparedStatement forget = connection.prepareStatement(
                "DELETE FROM usage_member_day_state WHERE day_ns = ?")) {
            for (long day : days) {
                forget.setLong(1, day);
                forget.executeUpdate();
            }
        }
    }

    /** The zone of the {@link #LOCAL_DAY} rows, or null when there are none. */
    public static ZoneId localDayZone(DSLContext dsl) {
        String id = value(dsl, String.class, "SELECT value FROM setting WHERE name = ?", LOCAL_DAY_ZONE_SETTING);
        if (id == null) {
            return null;
        }
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            LOG.warn("Ignoring local-day roll-ups in the unknown zone '{}'", id);
            return null;
        }
    }

    /**
     * Replaces the {@link #LOCAL_DAY} rows by rows of {@code zone}'s local days (none when
     * {@code zone} is null), summed from the quarter-hour, hour and day rows, so they cover every
     * event ever stored, pruned ones included; part of the caller's transaction. From then on every
     * write adds its events to them too.
     */
    public static void useLocalDays(DSLContext dsl, ZoneId zone) {
        dsl.execute("DELETE FROM usage_rollup WHERE grain = ?", LOCAL_DAY);
        if (zone == null) {
            dsl.execute("DELETE FROM setting WHERE name = ?", LOCAL_DAY_ZONE_SETTING);
            return;
        }
        dsl.execute("INSERT INTO setting (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = "
                + "excluded.value", LOCAL_DAY_ZONE_SETTING, zone.getId());
        long[] bounds = UsageRows.bounds(dsl, null, null);
        if (bounds[0] >= bounds[1]) {
            return;
        }
        LocalDate day = UsageStatistics.localDate(bounds[0], zone);
        LocalDate last = UsageStatistics.localDate(bounds[1] - 1, zone);
        String derive = deriveLocalDayStatement();
        for (; !day.isAfter(last); day = day.plusDays(1)) {
            long[] span = localDay(day, zone);
            if (!rolledUpAsLocalDay(span)) {
                continue;
            }
            for (UsageRows.Piece piece : UsageRows.Plan.of(span[0], span[1], new long[0], ALL).pieces()) {
                dsl.execute(derive, span[0], piece.grain(), piece.start(), piece.end());
            }
        }
        LOG.info("Usage roll-ups per local day of {} built", zone);
    }

    /**
     * Adds the rows of one run of buckets of dimension {@link #ALL} to those of the local day that
     * starts at the first parameter.
     */
    private static String deriveLocalDayStatement() {
        StringBuilder select = new StringBuilder();
        for (String column : MEASURE_COLUMNS) {
            select.append(", ").append(aggregate(column, "r." + column));
        }
        return "INSERT INTO usage_rollup (grain, dim, bucket_ns, dim_key, provider, model, alias, input_floor, "
                + "status_code, " + String.join(", ", MEASURE_COLUMNS) + ") "
                + "SELECT " + LOCAL_DAY + ", " + ALL + ", ?, 0, r.provider, r.model, r.alias, r.input_floor, "
                + "r.status_code" + select
                + " FROM usage_rollup r WHERE r.grain = ? AND r.dim = " + ALL + " AND r.bucket_ns >= ?"
                + " AND r.bucket_ns < ? GROUP BY r.provider, r.model, r.alias, r.input_floor, r.status_code"
                + ADD_ON_CONFLICT;
    }

    private static <T> T value(DSLContext dsl, Class<T> type, String sql, Object... bindings) {
        var row = dsl.fetchOne(sql, bindings);
        return row == null ? null : row.get(0, type);
    }

    /** The thresholds roll-ups are cut at. */
    public static Set<Long> thresholds(DSLContext dsl) {
        return new TreeSet<>(dsl.fetch("SELECT tokens FROM rollup_threshold").getValues(0, Long.class));
    }

    /**
     * Makes sure roll-ups are cut at every threshold in {@code wanted}: missing ones are added
     * and the roll-ups of the stored events rebuilt, so that a new long-context tier is priced
     * exactly wherever the events are still stored. Returns whether a rebuild happened.
     */
    public static boolean ensureThresholds(DSLContext dsl, Set<Long> wanted) {
        Set<Long> known = thresholds(dsl);
        List<Long> missing = wanted.stream().filter(t -> t > 0 && !known.contains(t)).toList();
        if (missing.isEmpty()) {
            return false;
        }
        long exactFrom = prunedBefore(dsl);
        for (long tokens : missing) {
            dsl.execute("INSERT INTO rollup_threshold (tokens, exact_from_ns) VALUES (?, ?)", tokens, exactFrom);
        }
        LOG.info("Roll-ups now cut at {} more input thresholds {}; rebuilding them", missing.size(), missing);
        rebuild(dsl);
        return true;
    }
}
