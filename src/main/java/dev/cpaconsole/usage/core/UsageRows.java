package dev.cpaconsole.usage.core;

import static dev.cpaconsole.store.schema.Tables.USAGE_EVENT;
import static dev.cpaconsole.store.schema.Tables.USAGE_ROLLUP;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.LongPredicate;

import org.jooq.CaseConditionStep;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * The usage rows a statistic over {@code [from, to)} sums: roll-up rows for every whole bucket in
 * the range, and the events themselves only for the parts of it that are not whole quarter hours
 * (a range ending "now", say). Long ranges read hours and days, so a 30-day range costs about as
 * much as a few days of quarter hours.
 *
 * <p>A range can be cut at given instants (local midnights, local hour starts): no row then
 * straddles a cut, so rows can be assigned to local days or hours by their instant. Rows carry
 * {@link #AT} (a bucket's first instant or an event's instant), the dimension key, what prices
 * depend on and the summed measures named as in {@link Rollups#MEASURE_COLUMNS}.
 *
 * <p>Roll-ups hold one dimension per row. A scope that narrows by client key and by credential
 * at once, or that asks for another dimension than the one it narrows by, is read from the
 * events alone, which reach back only as far as events are kept.
 */
public final class UsageRows {
    private static final String ALIAS = "u";

    /** A row's first instant: the bucket start of a roll-up row, the instant of an event. */
    public static final Field<Long> AT = column("at_ns", Long.class);
    /** The row's dimension key: 0, a {@code client_key} id (0 for none) or a {@code usage_credential} id. */
    public static final Field<Long> DIM_KEY = column("dim_key", Long.class);
    public static final Field<String> PROVIDER = column("provider", String.class);
    public static final Field<String> MODEL = column("model", String.class);
    public static final Field<String> MODEL_ALIAS = column("alias", String.class);
    /** The largest threshold the requests' input exceeds, 0 below all. */
    public static final Field<Long> INPUT_FLOOR = column("input_floor", Long.class);
    /** CPA's status code, 0 when none was sent. */
    public static final Field<Integer> STATUS_CODE = column("status_code", Integer.class);

    private static final long QUARTER = Rollups.GRAIN_NANOS[Rollups.QUARTER];

    private UsageRows() {
    }

    /** A summed measure of the rows, by its roll-up column name. */
    public static Field<Long> measure(String name) {
        return column(name, Long.class);
    }

    /** The sum of a measure over a group of rows. */
    public static Field<BigDecimal> sum(String name) {
        return DSL.sum(measure(name));
    }

    private static <T> Field<T> column(String name, Class<T> type) {
        return DSL.field(DSL.name(ALIAS, name), type);
    }

    /** Instants a range is cut at, within {@code (lo, hi)}. */
    @FunctionalInterface
    public interface Cuts {
        /** No cuts: rows may span any part of the range. */
        Cuts NONE = (lo, hi) -> new long[0];

        long[] between(long lo, long hi);

        /** Every local midnight of {@code zone}. */
        static Cuts localDays(ZoneId zone) {
            return new LocalDays(zone);
        }

        /** Every start of a local hour of {@code zone}. */
        static Cuts localHours(ZoneId zone) {
            return (lo, hi) -> localStarts(zone, lo, hi, ChronoUnit.HOURS);
        }
    }

    /** Cuts at every local midnight of a zone; whole local days may be read from {@link Rollups#LOCAL_DAY} rows. */
    record LocalDays(ZoneId zone) implements Cuts {
        @Override
        public long[] between(long lo, long hi) {
            return localStarts(zone, lo, hi, ChronoUnit.DAYS);
        }

        /** Whether a local day of the zone starts at {@code at}. */
        boolean startsDay(long at) {
            return Rollups.localDay(at, zone)[0] == at;
        }
    }

    private static long[] localStarts(ZoneId zone, long lo, long hi, ChronoUnit unit) {
        List<Long> cuts = new ArrayList<>();
        ZonedDateTime start = CpaTimestamps.fromEpochNanos(lo).atZone(zone).truncatedTo(unit);
        while (true) {
            start = unit == ChronoUnit.DAYS ? start.toLocalDate().plusDays(1).atStartOfDay(zone) : start.plusHours(1);
            long at = CpaTimestamps.toEpochNanos(start.toInstant());
            if (at >= hi) {
                break;
            }
            if (at > lo) {
                cuts.add(at);
            }
        }
        return cuts.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * What to read for a range.
     *
     * @param dim the roll-up dimension of the rows ({@link Rollups#ALL}, {@link Rollups#BY_KEY} or
     *     {@link Rollups#BY_CREDENTIAL}), which also says what {@link #DIM_KEY} holds
     * @param scope which events count
     * @param thresholds the input thresholds prices need told apart; a threshold roll-ups are not
     *     cut at makes the whole range read from the events
     */
    public record Request(Instant from, Instant to, int dim, UsageScope scope, Cuts cuts, Set<Long> thresholds) {
    }

    /** Which dimension rows of a grouping on {@code dim} within {@code scope} come from; -1 if two are needed. */
    public static int dimension(int dim, UsageScope scope) {
        int needed = dim;
        if (scope.byKey()) {
            if (needed != Rollups.ALL && needed != Rollups.BY_KEY) {
                return -1;
            }
            needed = Rollups.BY_KEY;
        }
        if (scope.byCredential()) {
            if (needed != Rollups.ALL && needed != Rollups.BY_CREDENTIAL) {
                return -1;
            }
            needed = Rollups.BY_CREDENTIAL;
        }
        return needed;
    }

    /** The rows to sum for {@code request}, as a derived table. */
    public static Table<Record> rows(DSLContext dsl, Request request) {
        long[] bounds = bounds(dsl, request.from(), request.to());
        long lo = bounds[0];
        long hi = bounds[1];
        Set<Long> cutAt = Rollups.thresholds(dsl);
        int dim = dimension(request.dim(), request.scope());
        boolean fromEvents = dim < 0 || !cutAt.containsAll(request.thresholds());
        int rowDim = dim < 0 ? request.dim() : dim;
        long[] thresholds = (fromEvents ? union(cutAt, request.thresholds()) : cutAt).stream()
                .mapToLong(Long::longValue).sorted().toArray();
        LongPredicate dayStarts = null;
        if (!fromEvents && rowDim == Rollups.ALL && request.cuts() instanceof LocalDays days
                && days.zone().equals(Rollups.localDayZone(dsl))) {
            dayStarts = days::startsDay;
        }
        Plan plan = fromEvents ? Plan.eventsOnly(lo, hi)
                : Plan.of(lo, hi, request.cuts().between(lo, hi), rowDim, dayStarts);
        Table<Record> events = events(plan.eventRanges(), rowDim, request.scope(), thresholds);
        if (plan.pieces().isEmpty()) {
            return events;
        }
        Table<Record> rollups = rollups(plan.pieces(), rowDim, request.scope());
        if (plan.eventRanges().isEmpty()) {
            return rollups;
        }
        return DSL.selectFrom(rollups).unionAll(DSL.selectFrom(events)).asTable(ALIAS);
    }

    /**
     * {@code [from, to)} as epoch nanoseconds, narrowed to the UTC days that hold usage (null
     * bounds are open); empty ({@code lo >= hi}) when nothing is stored.
     */
    public static long[] bounds(DSLContext dsl, Instant from, Instant to) {
        long[] data = dataBounds(dsl);
        long lo = Math.max(data[0], from == null ? Long.MIN_VALUE : UsageStatistics.saturatedNanos(from));
        long hi = Math.min(data[1], to == null ? Long.MAX_VALUE : UsageStatistics.saturatedNanos(to));
        return new long[] {lo, hi};
    }

    private static Set<Long> union(Set<Long> a, Set<Long> b) {
        Set<Long> all = new java.util.TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * The first and the last instant (exclusive) of any stored usage, widened to UTC days: the
     * roll-ups hold every event ever stored, so their quarter hours bound everything.
     */
    private static long[] dataBounds(DSLContext dsl) {
        // Two statements: SQLite answers a lone MIN or MAX with one seek of the primary key, but
        // both in one statement with a scan of every quarter-hour row.
        Condition quarters = USAGE_ROLLUP.GRAIN.eq(DSL.inline(Rollups.QUARTER))
                .and(USAGE_ROLLUP.DIM.eq(DSL.inline(Rollups.ALL)));
        Long first = dsl.select(DSL.min(USAGE_ROLLUP.BUCKET_NS)).from(USAGE_ROLLUP).where(quarters)
                .fetchOne(0, Long.class);
        Long last = dsl.select(DSL.max(USAGE_ROLLUP.BUCKET_NS)).from(USAGE_ROLLUP).where(quarters)
                .fetchOne(0, Long.class);
        if (first == null || last == null) {
            return new long[] {0, 0};
        }
        long day = Rollups.GRAIN_NANOS[Rollups.DAY];
        return new long[] {Math.floorDiv(first, day) * day, Math.floorDiv(last, day) * day + day};
    }

    private static Table<Record> rollups(List<Piece> pieces, int dim, UsageScope scope) {
        // The pieces are a table of their own, read first (CROSS JOIN fixes the order in SQLite):
        // one index seek per piece, and no limit on how many a range of local days needs.
        // Narrowed to keys or credentials, each bucket is a piece of its own: the primary key
        // (grain, dim, bucket_ns, dim_key) then leads to each member's rows of each bucket with one
        // seek, where a run of buckets would read every member's rows of the run.
        boolean members = scope.byKey() || scope.byCredential();
        List<org.jooq.Row3<Integer, Long, Long>> rows = new ArrayList<>();
        for (Piece piece : members ? buckets(pieces) : pieces) {
            rows.add(DSL.row(DSL.inline(piece.grain()), DSL.inline(piece.start()), DSL.inline(piece.end())));
        }
        @SuppressWarnings("unchecked")
        Table<?> runs = DSL.values(rows.toArray(org.jooq.Row3[]::new)).as("piece", "grain", "start_ns", "end_ns");
        Field<Integer> runGrain = DSL.field(DSL.name("piece", "grain"), Integer.class);
        Field<Long> runStart = DSL.field(DSL.name("piece", "start_ns"), Long.class);
        Field<Long> runEnd = DSL.field(DSL.name("piece", "end_ns"), Long.class);
        Condition buckets = USAGE_ROLLUP.GRAIN.eq(runGrain).and(members ? USAGE_ROLLUP.BUCKET_NS.eq(runStart)
                : USAGE_ROLLUP.BUCKET_NS.ge(runStart).and(USAGE_ROLLUP.BUCKET_NS.lt(runEnd)));
        Condition where = USAGE_ROLLUP.DIM.eq(DSL.inline(dim)).and(buckets);
        if (scope.byKey()) {
            where = where.and(memberOf(USAGE_ROLLUP.DIM_KEY, scope.clientKeyIds()));
        }
        if (scope.byCredential()) {
            where = where.and(memberOf(USAGE_ROLLUP.DIM_KEY, scope.credentialIds()));
        }
        where = where.and(modelAndProvider(USAGE_ROLLUP.MODEL, USAGE_ROLLUP.ALIAS, USAGE_ROLLUP.PROVIDER, scope));
        List<SelectField<?>> fields = new ArrayList<>(List.of(
                USAGE_ROLLUP.BUCKET_NS.as("at_ns"),
                USAGE_ROLLUP.DIM_KEY.coerce(Long.class).as("dim_key"),
                USAGE_ROLLUP.PROVIDER.as("provider"),
                USAGE_ROLLUP.MODEL.as("model"),
                USAGE_ROLLUP.ALIAS.as("alias"),
                USAGE_ROLLUP.INPUT_FLOOR.as("input_floor"),
                USAGE_ROLLUP.STATUS_CODE.as("status_code")));
        for (String name : Rollups.MEASURE_COLUMNS) {
            fields.add(DSL.field(DSL.name(USAGE_ROLLUP.getName(), name), Long.class).as(name));
        }
        return DSL.select(fields).from(runs).crossJoin(USAGE_ROLLUP).where(where).asTable(ALIAS);
    }

    /** Every bucket of the pieces as a piece of one bucket. */
    private static List<Piece> buckets(List<Piece> pieces) {
        List<Piece> buckets = new ArrayList<>();
        for (Piece piece : pieces) {
            long size = Rollups.GRAIN_NANOS[piece.grain()];
            for (long at = piece.start(); at < piece.end(); at += size) {
                buckets.add(new Piece(piece.grain(), at, at + size));
            }
        }
        return buckets;
    }

    private static Table<Record> events(List<long[]> ranges, int dim, UsageScope scope, long[] thresholds) {
        // No constant seed for the disjunction: SQLite seeks the time index for each range of an
        // OR only when every term is such a range, and scans every event otherwise.
        List<Condition> inRanges = new ArrayList<>();
        for (long[] range : ranges) {
            inRanges.add(USAGE_EVENT.TS_NS.ge(range[0]).and(USAGE_EVENT.TS_NS.lt(range[1])));
        }
        Condition within = inRanges.isEmpty() ? DSL.falseCondition() : DSL.or(inRanges);
        if (scope.byKey()) {
            within = within.and(memberOf(USAGE_EVENT.CLIENT_KEY_ID, scope.clientKeyIds()));
        }
        if (scope.byCredential()) {
            within = within.and(memberOf(USAGE_EVENT.CREDENTIAL_ID, scope.credentialIds()));
        }
        within = within.and(modelAndProvider(USAGE_EVENT.MODEL, USAGE_EVENT.ALIAS, USAGE_EVENT.PROVIDER, scope));
        String e = USAGE_EVENT.getName();
        List<SelectField<?>> fields = new ArrayList<>(List.of(
                USAGE_EVENT.TS_NS.as("at_ns"),
                DSL.field(Rollups.dimensionKey(e, dim), Long.class).as("dim_key"),
                USAGE_EVENT.PROVIDER.as("provider"),
                USAGE_EVENT.MODEL.as("model"),
                USAGE_EVENT.ALIAS.as("alias"),
                inputFloor(thresholds).as("input_floor"),
                DSL.coalesce(USAGE_EVENT.STATUS_CODE, DSL.inline(0)).as("status_code")));
        List<String> measures = Rollups.eventMeasures(e);
        for (int i = 0; i < measures.size(); i++) {
            fields.add(DSL.field(measures.get(i), Long.class).as(Rollups.MEASURE_COLUMNS.get(i)));
        }
        return DSL.select(fields).from(USAGE_EVENT).where(within).asTable(ALIAS);
    }

    private static Field<Long> inputFloor(long[] thresholds) {
        if (thresholds.length == 0) {
            return DSL.inline(0L);
        }
        Field<Long> input = USAGE_EVENT.UNCACHED_INPUT_TOKENS.plus(USAGE_EVENT.CACHE_READ_TOKENS)
                .plus(USAGE_EVENT.CACHE_WRITE_TOKENS);
        CaseConditionStep<Long> floor = null;
        for (int i = thresholds.length - 1; i >= 0; i--) {
            Condition above = input.gt(DSL.inline(thresholds[i]));
            floor = floor == null ? DSL.when(above, DSL.inline(thresholds[i]))
                    : floor.when(above, DSL.inline(thresholds[i]));
        }
        return floor.otherwise(DSL.inline(0L));
    }

    private static Condition memberOf(Field<Integer> column, List<Long> ids) {
        return ids.isEmpty() ? DSL.falseCondition() : column.in(ids.stream().map(Math::toIntExact).toList());
    }

    private static Condition modelAndProvider(Field<String> model, Field<String> alias, Field<String> provider,
            UsageScope scope) {
        Condition condition = DSL.noCondition();
        if (scope.model() != null) {
            condition = condition.and(model.eq(scope.model()).or(alias.eq(scope.model())));
        }
        if (scope.provider() != null) {
            condition = condition.and(provider.eq(scope.provider()));
        }
        return condition;
    }

    /**
     * The local offset, in nanoseconds, at each row's instant in {@code zone}, as SQL over
     * {@link #AT}: a constant for a fixed zone, otherwise one step per transition in {@code [lo, hi)}.
     */
    public static Field<Long> offsetNanos(ZoneId zone, long lo, long hi) {
        ZoneRules rules = zone.getRules();
        Instant start = CpaTimestamps.fromEpochNanos(lo);
        long first = rules.getOffset(start).getTotalSeconds() * 1_000_000_000L;
        if (rules.isFixedOffset()) {
            return DSL.inline(first);
        }
        CaseConditionStep<Long> steps = null;
        long before = first;
        ZoneOffsetTransition next = rules.nextTransition(start);
        while (next != null && CpaTimestamps.toEpochNanos(next.getInstant()) < hi) {
            long at = CpaTimestamps.toEpochNanos(next.getInstant());
            Condition earlier = AT.lt(DSL.inline(at));
            steps = steps == null ? DSL.when(earlier, DSL.inline(before)) : steps.when(earlier, DSL.inline(before));
            before = next.getOffsetAfter().getTotalSeconds() * 1_000_000_000L;
            next = rules.nextTransition(next.getInstant());
        }
        return steps == null ? DSL.inline(first) : steps.otherwise(DSL.inline(before));
    }

    /** {@code floor(value / unit)} in SQL, for values of either sign. */
    public static Field<Long> floorDiv(Field<Long> value, long unit) {
        return value.minus(value.mod(DSL.inline(unit)).plus(DSL.inline(unit)).mod(DSL.inline(unit)))
                .div(DSL.inline(unit));
    }

    /** A run of roll-up buckets of one grain: bucket starts in {@code [start, end)}. */
    record Piece(int grain, long start, long end) {
    }

    /**
     * The roll-up pieces and the event ranges that together cover a range exactly once.
     *
     * @param pieces runs of whole buckets
     * @param eventRanges half-open ranges read from the events
     */
    record Plan(List<Piece> pieces, List<long[]> eventRanges) {

        static Plan eventsOnly(long lo, long hi) {
            return new Plan(List.of(), lo < hi ? List.<long[]>of(new long[] {lo, hi}) : List.of());
        }

        /** Covers {@code [lo, hi)} cut at {@code cuts}, with the coarsest buckets of {@code dim} that fit. */
        static Plan of(long lo, long hi, long[] cuts, int dim) {
            return of(lo, hi, cuts, dim, null);
        }

        /**
         * As {@link #of(long, long, long[], int)}, and a part between two cuts that is a whole local
         * day of the {@link Rollups#LOCAL_DAY} rows (both its ends start one) is read from them.
         *
         * @param dayStarts whether a local day starts at an instant; null when those rows are not read
         */
        static Plan of(long lo, long hi, long[] cuts, int dim, LongPredicate dayStarts) {
            List<Piece> pieces = new ArrayList<>();
            List<long[]> events = new ArrayList<>();
            if (lo >= hi) {
                return new Plan(pieces, events);
            }
            long[] edges = new long[cuts.length + 2];
            edges[0] = lo;
            System.arraycopy(cuts, 0, edges, 1, cuts.length);
            edges[edges.length - 1] = hi;
            Arrays.sort(edges, 1, edges.length - 1);
            for (int i = 0; i + 1 < edges.length; i++) {
                long a = edges[i];
                long b = edges[i + 1];
                if (dayStarts != null && Math.floorMod(a, QUARTER) == 0 && Math.floorMod(b, QUARTER) == 0
                        && dayStarts.test(a) && dayStarts.test(b)) {
                    addPiece(pieces, Rollups.LOCAL_DAY, a, b);
                } else {
                    cover(a, b, dim, pieces, events);
                }
            }
            return new Plan(pieces, events);
        }

        private static void cover(long a, long b, int dim, List<Piece> pieces, List<long[]> events) {
            long qa = ceil(a, QUARTER);
            long qb = Math.floorDiv(b, QUARTER) * QUARTER;
            if (qa >= qb) {
                addEvents(events, a, b);
                return;
            }
            addEvents(events, a, qa);
            long at = qa;
            while (at < qb) {
                int grain = Rollups.QUARTER;
                for (int g = Rollups.DAY; g > Rollups.QUARTER; g--) {
                    if (Rollups.kept(g, dim) && Math.floorMod(at, Rollups.GRAIN_NANOS[g]) == 0
                            && at + Rollups.GRAIN_NANOS[g] <= qb) {
                        grain = g;
                        break;
                    }
                }
                addPiece(pieces, grain, at, at + Rollups.GRAIN_NANOS[grain]);
                at += Rollups.GRAIN_NANOS[grain];
            }
            addEvents(events, qb, b);
        }

        private static long ceil(long value, long unit) {
            return Math.floorDiv(value + unit - 1, unit) * unit;
        }

        private static void addPiece(List<Piece> pieces, int grain, long start, long end) {
            if (!pieces.isEmpty() && pieces.getLast().grain() == grain && pieces.getLast().end() == start) {
                pieces.set(pieces.size() - 1, new Piece(grain, pieces.getLast().start(), end));
            } else {
                pieces.add(new Piece(grain, start, end));
            }
        }

        private static void addEvents(List<long[]> events, long a, long b) {
            if (a >= b) {
                return;
            }
            if (!events.isEmpty() && events.getLast()[1] == a) {
                events.getLast()[1] = b;
            } else {
                events.add(new long[] {a, b});
            }
        }
    }
}
