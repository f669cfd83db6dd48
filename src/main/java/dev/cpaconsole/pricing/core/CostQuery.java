package dev.cpaconsole.pricing.core;

import static dev.cpaconsole.store.schema.Tables.CLIENT_KEY;
import static dev.cpaconsole.store.schema.Tables.CONSOLE_USER;
import static dev.cpaconsole.store.schema.Tables.USAGE_EVENT;

import dev.cpaconsole.store.Database;
import dev.cpaconsole.usage.core.CpaTimestamps;
import dev.cpaconsole.usage.core.UsageScope;
import dev.cpaconsole.usage.core.UsageStatistics;
import dev.cpaconsole.usage.core.UsageStatistics.GroupBy;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.jooq.CaseConditionStep;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * Prices stored history when it is asked for. Nothing priced is stored, so a price edit re-prices
 * all of history at once.
 *
 * <p>Events are summed in the database by everything their price depends on: provider, model,
 * alias, failed or not, the segment of time in which the same rows are in effect, and the band of
 * input size relative to the rows' long-context thresholds. Each sum is then priced as a whole,
 * which costs exactly what pricing its events one by one would, since cost is linear in the sums
 * and the arithmetic is exact.
 */
public final class CostQuery {
    private static final List<Field<BigDecimal>> SUMS = List.of(
            DSL.sum(USAGE_EVENT.FAILED),
            DSL.sum(USAGE_EVENT.UNCACHED_INPUT_TOKENS),
            DSL.sum(USAGE_EVENT.CACHE_READ_TOKENS),
            DSL.sum(USAGE_EVENT.CACHE_WRITE_TOKENS),
            DSL.sum(USAGE_EVENT.OUTPUT_TOKENS),
            DSL.sum(USAGE_EVENT.REASONING_TOKENS),
            DSL.sum(USAGE_EVENT.UNCLASSIFIED_TOKENS));
    private static final Field<Integer> COUNT = DSL.count();
    private static final Field<Long> FIRST = DSL.min(USAGE_EVENT.TS_NS);
    private static final Field<Long> LAST = DSL.max(USAGE_EVENT.TS_NS);
    private static final Field<Long> BUCKET = USAGE_EVENT.TS_NS.div(UsageStatistics.BUCKET_NANOS)
            .minus(DSL.when(USAGE_EVENT.TS_NS.mod(UsageStatistics.BUCKET_NANOS).lt(0L), 1L).otherwise(0L))
            .as("bucket");

    private final Database database;

    public CostQuery(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /**
     * The cost of the events in {@code [from, to)} (null bounds are open) under {@code book}, in
     * total and, unless {@code by} is null, per group; {@code zone} cuts days.
     */
    public CostReport report(Instant from, Instant to, PriceBook book, CostPolicy policy, GroupBy by, ZoneId zone) {
        return report(from, to, book, policy, by, zone, UsageScope.ALL);
    }

    /** {@link #report(Instant, Instant, PriceBook, CostPolicy, GroupBy, ZoneId)} of the events of {@code scope}. */
    public CostReport report(Instant from, Instant to, PriceBook book, CostPolicy policy, GroupBy by, ZoneId zone,
            UsageScope scope) {
        Pricing pricing = new Pricing(List.of(book), policy);
        Condition within = scope.condition();
        Condition range = range(from, to).and(within);
        List<Slice> slices = database.read(dsl -> by == GroupBy.DAY
                ? byDay(dsl, pricing, range, within, from, to, Objects.requireNonNull(zone, "zone"))
                : by == GroupBy.HOUR ? byHour(dsl, pricing, range, Objects.requireNonNull(zone, "zone"))
                : slices(dsl, pricing, range, by));
        CostTotals totals = CostTotals.ZERO;
        Map<String, CostTotals> groups = new LinkedHashMap<>();
        Map<List<String>, UnpricedModel> unpriced = new HashMap<>();
        Map<String, Integer> maskUses = maskUses(slices, by);
        for (Slice slice : slices) {
            CostTotals cost = pricing.cost(slice, 0);
            totals = totals.plus(cost);
            if (by != null) {
                groups.merge(label(slice, by, maskUses), cost, CostTotals::plus);
            }
            if (cost.unpricedRequests() > 0) {
                unpriced.merge(List.of(slice.provider(), slice.model(), slice.alias()), unpricedOf(slice),
                        CostQuery::mergeUnpriced);
            }
        }
        List<UnpricedModel> unpricedList = new ArrayList<>(unpriced.values());
        unpricedList.sort(Comparator.comparingLong(UnpricedModel::requests).reversed()
                .thenComparing(UnpricedModel::model).thenComparing(UnpricedModel::alias));
        return new CostReport(totals, groups, unpricedList);
    }

    /**
     * The cost of the events in {@code [from, to)} of each of the client keys with the row ids
     * {@code clientKeyIds} (the {@code client_key} table's), under {@code book}; a key without
     * events is absent.
     */
    public Map<Long, CostTotals> byClientKey(Instant from, Instant to, Collection<Long> clientKeyIds, PriceBook book,
            CostPolicy policy) {
        Map<Long, CostTotals> costs = new HashMap<>();
        if (clientKeyIds.isEmpty()) {
            return costs;
        }
        Pricing pricing = new Pricing(List.of(book), policy);
        List<Integer> ids = clientKeyIds.stream().map(Math::toIntExact).toList();
        Condition condition = range(from, to).and(USAGE_EVENT.CLIENT_KEY_ID.in(ids));
        for (Slice slice : database.read(dsl -> slices(dsl, pricing, condition, GroupBy.KEY))) {
            Number id = (Number) slice.groupValues()[0];
            costs.merge(id.longValue(), pricing.cost(slice, 0), CostTotals::plus);
        }
        return costs;
    }

    /** The cost of the events in {@code [from, to)} under {@code before} and under {@code after}. */
    public Comparison compare(Instant from, Instant to, PriceBook before, PriceBook after, CostPolicy policy) {
        Pricing pricing = new Pricing(List.of(before, after), policy);
        List<Slice> slices = database.read(dsl -> slices(dsl, pricing, range(from, to), null));
        CostTotals was = CostTotals.ZERO;
        CostTotals will = CostTotals.ZERO;
        for (Slice slice : slices) {
            was = was.plus(pricing.cost(slice, 0));
            will = will.plus(pricing.cost(slice, 1));
        }
        return new Comparison(was, will);
    }

    /**
     * Cost of the same events under two sets of prices.
     *
     * @param before under the first
     * @param after under the second
     */
    public record Comparison(CostTotals before, CostTotals after) {
    }

    private static List<Slice> slices(DSLContext dsl, Pricing pricing, Condition condition, GroupBy by) {
        List<Field<?>> keys = new ArrayList<>(List.of(USAGE_EVENT.PROVIDER, USAGE_EVENT.MODEL, USAGE_EVENT.ALIAS));
        List<Field<Integer>> segments = pricing.segmentFields();
        Field<Integer> band = pricing.bandField();
        keys.addAll(segments);
        keys.add(band);
        List<Field<?>> groupKeys = groupFields(by);
        keys.addAll(groupKeys);
        List<SelectField<?>> select = new ArrayList<>(keys);
        select.add(COUNT);
        select.addAll(SUMS);
        select.add(FIRST);
        select.add(LAST);
        Table<?> events = switch (by) {
            case KEY -> USAGE_EVENT.leftJoin(CLIENT_KEY).on(CLIENT_KEY.ID.eq(USAGE_EVENT.CLIENT_KEY_ID));
            case USER -> UsageStatistics.EVENTS_WITH_OWNERS;
            case null, default -> USAGE_EVENT;
        };
        List<Slice> slices = new ArrayList<>();
        for (Record r : dsl.select(select).from(events).where(condition).groupBy(keys).fetch()) {
            int[] segmentValues = new int[segments.size()];
            for (int i = 0; i < segmentValues.length; i++) {
                segmentValues[i] = r.get(segments.get(i));
            }
            Object[] groupValues = new Object[groupKeys.size()];
            for (int i = 0; i < groupValues.length; i++) {
                groupValues[i] = r.get(groupKeys.get(i));
            }
            long[] sums = new long[SUMS.size()];
            for (int i = 0; i < sums.length; i++) {
                BigDecimal sum = r.get(SUMS.get(i));
                sums[i] = sum == null ? 0 : sum.longValueExact();
            }
            UsageAmounts amounts = new UsageAmounts(r.get(COUNT), sums[0], sums[1], sums[2], sums[3], sums[4],
                    sums[5], sums[6]);
            slices.add(new Slice(r.get(USAGE_EVENT.PROVIDER), r.get(USAGE_EVENT.MODEL), r.get(USAGE_EVENT.ALIAS),
                    segmentValues, r.get(band), groupValues, amounts, r.get(FIRST), r.get(LAST)));
        }
        return slices;
    }

    private static List<Field<?>> groupFields(GroupBy by) {
        if (by == null) {
            return List.of();
        }
        return switch (by) {
            case MODEL, PROVIDER -> List.of();
            case KEY -> List.of(USAGE_EVENT.CLIENT_KEY_ID, CLIENT_KEY.KEY_HASH, CLIENT_KEY.MASKED);
            case USER -> List.of(CONSOLE_USER.ID, CONSOLE_USER.NAME, UsageStatistics.WITHOUT_KEY);
            case AUTH -> List.of(USAGE_EVENT.AUTH_INDEX, USAGE_EVENT.SOURCE, USAGE_EVENT.AUTH_TYPE);
            case DAY, HOUR -> List.of(BUCKET);
        };
    }

    /**
     * Days are cut from quarter-hour sums. Only a zone whose offset is not a multiple of 15
     * minutes puts a midnight inside a quarter hour; such a quarter is summed on each side.
     */
    private static List<Slice> byDay(DSLContext dsl, Pricing pricing, Condition range, Condition within, Instant from,
            Instant to, ZoneId zone) {
        long lower = from == null ? Long.MIN_VALUE : UsageStatistics.saturatedNanos(from);
        long upper = to == null ? Long.MAX_VALUE : UsageStatistics.saturatedNanos(to);
        List<Slice> out = new ArrayList<>();
        TreeSet<Long> split = new TreeSet<>();
        for (Slice slice : slices(dsl, pricing, range, GroupBy.DAY)) {
            long start = (Long) slice.groupValues()[0] * UsageStatistics.BUCKET_NANOS;
            long end = start + UsageStatistics.BUCKET_NANOS;
            LocalDate first = UsageStatistics.localDate(start, zone);
            if (first.equals(UsageStatistics.localDate(end - 1, zone))) {
                out.add(slice.withGroup(first.toString()));
            } else {
                split.add(start);
            }
        }
        for (long start : split) {
            long end = start + UsageStatistics.BUCKET_NANOS;
            LocalDate last = UsageStatistics.localDate(end - 1, zone);
            long midnight = CpaTimestamps.toEpochNanos(last.atStartOfDay(zone).toInstant());
            LocalDate first = UsageStatistics.localDate(start, zone);
            for (Slice part : slices(dsl, pricing, between(Math.max(start, lower), Math.min(midnight, upper))
                    .and(within), null)) {
                out.add(part.withGroup(first.toString()));
            }
            for (Slice part : slices(dsl, pricing, between(Math.max(midnight, lower), Math.min(end, upper))
                    .and(within), null)) {
                out.add(part.withGroup(last.toString()));
            }
        }
        return out;
    }

    /** How many distinct keys share each mask, or for {@code by user} distinct users each name. */
    /** Hours are cut from quarter-hour sums, as {@link UsageStatistics#hourLabel} does. */
    private static List<Slice> byHour(DSLContext dsl, Pricing pricing, Condition range, ZoneId zone) {
        List<Slice> out = new ArrayList<>();
        for (Slice slice : slices(dsl, pricing, range, GroupBy.HOUR)) {
            long start = (Long) slice.groupValues()[0] * UsageStatistics.BUCKET_NANOS;
            out.add(slice.withGroup(UsageStatistics.hourLabel(start, zone)));
        }
        return out;
    }

    private static Map<String, Integer> maskUses(List<Slice> slices, GroupBy by) {
        Map<String, Integer> uses = new HashMap<>();
        if (by == GroupBy.USER) {
            Map<Integer, String> nameById = new HashMap<>();
            for (Slice slice : slices) {
                Integer id = (Integer) slice.groupValues()[0];
                if (id != null) {
                    nameById.put(id, (String) slice.groupValues()[1]);
                }
            }
            nameById.values().forEach(name -> uses.merge(name, 1, Integer::sum));
        }
        if (by == GroupBy.KEY) {
            Map<String, String> maskByHash = new HashMap<>();
            for (Slice slice : slices) {
                String hash = (String) slice.groupValues()[1];
                if (hash != null) {
                    maskByHash.put(hash, (String) slice.groupValues()[2]);
                }
            }
            maskByHash.values().forEach(mask -> uses.merge(mask, 1, Integer::sum));
        }
        return uses;
    }

    private static String label(Slice slice, GroupBy by, Map<String, Integer> maskUses) {
        Object[] values = slice.groupValues();
        return switch (by) {
            case MODEL -> slice.model();
            case PROVIDER -> slice.provider();
            case KEY -> {
                String hash = (String) values[1];
                String masked = (String) values[2];
                yield UsageStatistics.keyLabel(hash, masked, hash != null && maskUses.get(masked) > 1);
            }
            case USER -> {
                Integer id = (Integer) values[0];
                String name = (String) values[1];
                boolean shared = id != null && maskUses.get(name) > 1;
                yield UsageStatistics.userLabel(id, name, (Integer) values[2] == 1, shared);
            }
            case AUTH -> UsageStatistics.credentialLabel((String) values[0], (String) values[1], (String) values[2]);
            case DAY, HOUR -> (String) values[0];
        };
    }

    private static UnpricedModel unpricedOf(Slice slice) {
        return new UnpricedModel(slice.provider(), slice.model(), slice.alias(), slice.amounts().requests(),
                slice.amounts().totalTokens(), CpaTimestamps.fromEpochNanos(slice.first()),
                CpaTimestamps.fromEpochNanos(slice.last()));
    }

    private static UnpricedModel mergeUnpriced(UnpricedModel a, UnpricedModel b) {
        return new UnpricedModel(a.provider(), a.model(), a.alias(), a.requests() + b.requests(),
                a.tokens() + b.tokens(), a.firstSeen().isBefore(b.firstSeen()) ? a.firstSeen() : b.firstSeen(),
                a.lastSeen().isAfter(b.lastSeen()) ? a.lastSeen() : b.lastSeen());
    }

    private static Condition range(Instant from, Instant to) {
        Condition condition = DSL.noCondition();
        if (from != null) {
            condition = condition.and(USAGE_EVENT.TS_NS.ge(UsageStatistics.saturatedNanos(from)));
        }
        if (to != null) {
            condition = condition.and(USAGE_EVENT.TS_NS.lt(UsageStatistics.saturatedNanos(to)));
        }
        return condition;
    }

    private static Condition between(long fromNanos, long toNanos) {
        return USAGE_EVENT.TS_NS.ge(fromNanos).and(USAGE_EVENT.TS_NS.lt(toNanos));
    }

    /** Sums of events that share everything their price depends on. */
    private record Slice(String provider, String model, String alias, int[] segments, int band,
            Object[] groupValues, UsageAmounts amounts, long first, long last) {

        Slice withGroup(String label) {
            return new Slice(provider, model, alias, segments, band, new Object[] {label}, amounts, first, last);
        }
    }

    /** The books being applied and the SQL that cuts events by their segments and input bands. */
    private static final class Pricing {
        private final List<PriceBook> books;
        private final CostPolicy policy;
        private final long[] thresholds;

        Pricing(List<PriceBook> books, CostPolicy policy) {
            this.books = books;
            this.policy = Objects.requireNonNull(policy, "policy");
            TreeSet<Long> all = new TreeSet<>();
            for (PriceBook book : books) {
                Arrays.stream(book.thresholds()).forEach(all::add);
            }
            this.thresholds = all.stream().mapToLong(Long::longValue).toArray();
        }

        List<Field<Integer>> segmentFields() {
            List<Field<Integer>> fields = new ArrayList<>();
            for (int b = 0; b < books.size(); b++) {
                long[] boundaries = books.get(b).boundaries();
                fields.add(steps(USAGE_EVENT.TS_NS, boundaries, false).as("segment_" + b));
            }
            return fields;
        }

        /** 0 at or below the smallest threshold, k when the input is above the k-th smallest. */
        Field<Integer> bandField() {
            Field<Long> input = USAGE_EVENT.UNCACHED_INPUT_TOKENS.plus(USAGE_EVENT.CACHE_READ_TOKENS)
                    .plus(USAGE_EVENT.CACHE_WRITE_TOKENS);
            return steps(input, thresholds, true).as("band");
        }

        /** How many of the ascending {@code limits} the value reaches (or exceeds, when {@code strict}). */
        private static Field<Integer> steps(Field<Long> value, long[] limits, boolean strict) {
            if (limits.length == 0) {
                return DSL.inline(0);
            }
            CaseConditionStep<Integer> steps = null;
            for (int i = limits.length - 1; i >= 0; i--) {
                Condition reached = strict ? value.gt(DSL.inline(limits[i])) : value.ge(DSL.inline(limits[i]));
                steps = steps == null ? DSL.when(reached, DSL.inline(i + 1)) : steps.when(reached, DSL.inline(i + 1));
            }
            return steps.otherwise(DSL.inline(0));
        }

        CostTotals cost(Slice slice, int bookIndex) {
            PriceBook book = books.get(bookIndex);
            Optional<PriceMatch> match = book.resolveInSegment(slice.provider(), slice.model(), slice.alias(),
                    slice.segments()[bookIndex]);
            if (match.isEmpty()) {
                return CostTotals.unpriced(slice.amounts().requests(), slice.amounts().totalTokens());
            }
            PriceRule rule = match.get().rule();
            boolean longContext = rule.tier() != null
                    && slice.band() > Arrays.binarySearch(thresholds, rule.tier().thresholdTokens());
            return CostTotals.priced(CostCalculator.cost(rule, slice.amounts(), longContext, policy),
                    slice.amounts().requests());
        }
    }
}
