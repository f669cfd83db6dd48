package dev.cpaconsole.overview.core;

import static dev.cpaconsole.store.schema.Tables.USAGE_EVENT;
import static org.jooq.impl.DSL.avg;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.sum;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;

import dev.cpaconsole.store.Database;
import dev.cpaconsole.usage.core.CpaTimestamps;

/**
 * Reads the figures of the overview screen: today's and the last 24 hours' usage, and requests
 * over time. Every query is bounded by time so that it walks the time-led indexes of
 * {@code usage_event}; the per-slot counts are answered from the indexes alone.
 */
public final class OverviewService {
    /** Slot length of the requests-over-time series. */
    public static final Duration DEFAULT_SLOT = Duration.ofMinutes(15);
    private static final Duration DAY = Duration.ofHours(24);

    private static final Field<Long> TS_NS = USAGE_EVENT.TS_NS;
    private static final List<Field<Long>> TOKEN_COLUMNS = List.of(
            USAGE_EVENT.UNCACHED_INPUT_TOKENS, USAGE_EVENT.CACHE_READ_TOKENS, USAGE_EVENT.CACHE_WRITE_TOKENS,
            USAGE_EVENT.OUTPUT_TOKENS, USAGE_EVENT.REASONING_TOKENS, USAGE_EVENT.UNCLASSIFIED_TOKENS,
            USAGE_EVENT.TOTAL_TOKENS);

    private final Database database;
    private final Clock clock;

    /**
     * @param clock the current instant, and through its zone where the local day starts
     */
    public OverviewService(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Today, the last 24 hours and the series in {@link #DEFAULT_SLOT} slots, all read at one instant. */
    public OverviewSnapshot snapshot() {
        Instant now = clock.instant();
        ZoneId zone = clock.getZone();
        Instant startOfDay = LocalDate.ofInstant(now, zone).atStartOfDay(zone).toInstant();
        Instant dayAgo = now.minus(DAY);
        Instant firstSlot = slotStart(dayAgo, DEFAULT_SLOT);
        return new OverviewSnapshot(now, summarize(startOfDay, now), summarize(dayAgo, now), DEFAULT_SLOT,
                requestsOverTime(firstSlot, now, DEFAULT_SLOT));
    }

    /** Usage between {@code from} (inclusive) and {@code to} (exclusive). */
    public UsageSummary summarize(Instant from, Instant to) {
        List<Field<?>> columns = new ArrayList<>();
        columns.add(count());
        columns.add(sum(USAGE_EVENT.FAILED));
        TOKEN_COLUMNS.forEach(column -> columns.add(sum(column)));
        columns.add(avg(USAGE_EVENT.LATENCY_MS));
        Record row = database.read(dsl -> dsl.select(columns)
                .from(USAGE_EVENT)
                .where(within(from, to))
                .fetchOne());
        long requests = longAt(row, 0);
        TokenTotals tokens = new TokenTotals(longAt(row, 2), longAt(row, 3), longAt(row, 4), longAt(row, 5),
                longAt(row, 6), longAt(row, 7), longAt(row, 8));
        Double latency = row.get(9, Double.class);
        return new UsageSummary(from, to, requests, longAt(row, 1), tokens, latency == null ? 0 : latency);
    }

    /**
     * Successful and failed events per slot from {@code from} up to {@code to}, oldest first,
     * empty slots included. Slots start at {@code from}; the last one may end after {@code to}.
     */
    public List<RequestCounts> requestsOverTime(Instant from, Instant to, Duration slot) {
        long fromNanos = CpaTimestamps.toEpochNanos(from);
        long slotNanos = slot.toNanos();
        // Inlined so that the grouped and the selected expression are the same SQL text.
        Field<Long> slotIndex = TS_NS.minus(inline(fromNanos)).div(inline(slotNanos));
        Map<Long, long[]> counts = database.read(dsl -> countsPerSlot(dsl, slotIndex, from, to));
        List<RequestCounts> series = new ArrayList<>();
        long slots = Math.ceilDiv(CpaTimestamps.toEpochNanos(to) - fromNanos, slotNanos);
        for (long index = 0; index < slots; index++) {
            long[] totalAndFailed = counts.getOrDefault(index, new long[2]);
            series.add(new RequestCounts(from.plus(slot.multipliedBy(index)),
                    totalAndFailed[0] - totalAndFailed[1], totalAndFailed[1]));
        }
        return series;
    }

    private static Map<Long, long[]> countsPerSlot(DSLContext dsl, Field<Long> slotIndex, Instant from,
            Instant to) {
        Map<Long, long[]> counts = new HashMap<>();
        // Two narrow queries: all events through the time index, failures through the partial
        // index on failed events; neither has to read the table rows.
        dsl.select(slotIndex, count())
                .from(USAGE_EVENT)
                .where(within(from, to))
                .groupBy(slotIndex)
                .forEach(r -> counts.computeIfAbsent(r.value1(), k -> new long[2])[0] = r.value2());
        dsl.select(slotIndex, count())
                .from(USAGE_EVENT)
                .where(within(from, to))
                .and(USAGE_EVENT.FAILED.eq(inline(1)))
                .groupBy(slotIndex)
                .forEach(r -> counts.computeIfAbsent(r.value1(), k -> new long[2])[1] = r.value2());
        return counts;
    }

    static Instant slotStart(Instant instant, Duration slot) {
        long nanos = CpaTimestamps.toEpochNanos(instant);
        return CpaTimestamps.fromEpochNanos(nanos - Math.floorMod(nanos, slot.toNanos()));
    }

    private static Condition within(Instant from, Instant to) {
        return TS_NS.ge(CpaTimestamps.toEpochNanos(from)).and(TS_NS.lt(CpaTimestamps.toEpochNanos(to)));
    }

    private static long longAt(Record row, int index) {
        Long value = row.get(index, Long.class);
        return value == null ? 0 : value;
    }
}
