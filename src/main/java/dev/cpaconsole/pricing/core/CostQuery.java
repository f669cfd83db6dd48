package dev.cpaconsole.pricing.core;

import static dev.cpaconsole.store.schema.Tables.CLIENT_KEY;
import static dev.cpaconsole.store.schema.Tables.CONSOLE_USER;
import static dev.cpaconsole.store.schema.Tables.USAGE_CREDENTIAL;

import dev.cpaconsole.store.Database;
import dev.cpaconsole.usage.core.CpaTimestamps;
import dev.cpaconsole.usage.core.Rollups;
import dev.cpaconsole.usage.core.UsageRows;
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
import java.util.Set;
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
            UsageRows.sum("failed"),
            UsageRows.sum("uncached_input_tokens"),
            UsageRows.sum("cache_read_tokens"),
            UsageRows.sum("cache_write_tokens"),
            UsageRows.sum("output_tokens"),
            UsageRows.sum("reasoning_tokens"),
            UsageRows.sum("unclassified_tokens"));
    private static final Field<BigDecimal> COUNT = UsageRows.sum("requests");
    private static final Field<Long> FIRST = DSL.min(UsageRows.measure("first_ns"));
    private static final Field<Long> LAST = DSL.max(UsageRows.measure("last_ns"));
    private static final long HOUR_NANOS = Rollups.GRAIN_NANOS[Rollups.HOUR];
    private static final long DAY_NANOS = Rollups.GRAIN_NANOS[Rollups.DAY];

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
        Objects.requireNonNull(scope, "scope");
        List<Slice> slices = database.read(dsl -> by == GroupBy.DAY || by == GroupBy.HOUR
                ? byLocalTime(dsl, pricing, from, to, Objects.requireNonNull(zone, "zone"), scope,
                        by == GroupBy.HOUR)
                : slices(dsl, pricing, new UsageRows.Request(from, to, dimensionOf(by), scope, UsageRows.Cuts.NONE,
                        pricing.thresholdSet()), by, List.of()));
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
        if (clientKeyIds.isEmpty()) {
            return new HashMap<>();
        }
        return byMember(Rollups.BY_KEY, UsageScope.ALL.withClientKeys(List.copyOf(clientKeyIds)), from, to, book,
                policy);
    }

    /**
     * The cost of the events in {@code [from, to)} of every client key ({@link Rollups#BY_KEY}, 0
     * for none) or every credential ({@link Rollups#BY_CREDENTIAL}), by its row id, under
     * {@code book}; one without events is absent.
     */
    public Map<Long, CostTotals> byMember(int dim, Instant from, Instant to, PriceBook book, CostPolicy policy) {
        return byMember(dim, UsageScope.ALL, from, to, book, policy);
    }

    private Map<Long, CostTotals> byMember(int dim, UsageScope scope, Instant from, Instant to, PriceBook book,
            CostPolicy policy) {
        GroupBy by = switch (dim) {
            case Rollups.BY_KEY -> GroupBy.KEY;
            case Rollups.BY_CREDENTIAL -> GroupBy.AUTH;
            default -> throw new IllegalArgumentException("no member dimension " + dim);
        };
        Pricing pricing = new Pricing(List.of(book), policy);
        UsageRows.Request request = new UsageRows.Request(from, to, dim, scope, UsageRows.Cuts.NONE,
                pricing.thresholdSet());
        Map<Long, CostTotals> costs = new HashMap<>();
        for (Slice slice : database.read(dsl -> slices(dsl, pricing, request, by, List.of()))) {
            Number id = (Number) slice.groupValues()[0];
            costs.merge(id.longValue(), pricing.cost(slice, 0), CostTotals::plus);
        }
        return costs;
    }

    /** The cost of the events in {@code [from, to)} under {@code before} and under {@code after}. */
    public Comparison compare(Instant from, Instant to, PriceBook before, PriceBook after, CostPolicy policy) {
        Pricing pricing = new Pricing(List.of(before, after), policy);
        UsageRows.Request request = new UsageRows.Request(from, to, Rollups.ALL, UsageScope.ALL, UsageRows.Cuts.NONE,
                pricing.thresholdSet());
        List<Slice> slices = database.read(dsl -> slices(dsl, pricing, request, null, List.of()));
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

    private static int dimensionOf(GroupBy by) {
        if (by == null) {
            return Rollups.ALL;
        }
        return switch (by) {
            case KEY, USER -> Rollups.BY_KEY;
            case AUTH -> Rollups.BY_CREDENTIAL;
            case MODEL, PROVIDER, DAY, HOUR -> Rollups.ALL;
        };
    }

    /**
     * Sums of the rows of {@code request} by everything a price depends on and by {@code by}'s
     * group; {@code extraKeys} are further group columns (local day or hour), kept after the
     * group values.
     */
    private static List<Slice> slices(DSLContext dsl, Pricing pricing, UsageRows.Request request, GroupBy by,
            List<Field<?>> extraKeys) {
        List<Field<?>> keys = new ArrayList<>(List.of(UsageRows.PROVIDER, UsageRows.MODEL, UsageRows.MODEL_ALIAS));
        List<Field<Integer>> segments = pricing.segmentFields();
        keys.addAll(segments);
        keys.add(UsageRows.INPUT_FLOOR);
        List<Field<?>> groupKeys = new ArrayList<>(groupFields(by));
        groupKeys.addAll(extraKeys);
        keys.addAll(groupKeys);
        List<SelectField<?>> select = new ArrayList<>(keys);
        select.add(COUNT);
        select.addAll(SUMS);
        select.add(FIRST);
        select.add(LAST);
        Table<Record> rows = UsageRows.rows(dsl, request);
        Table<?> from = switch (by) {
            case KEY -> rows.leftJoin(CLIENT_KEY).on(CLIENT_KEY.ID.coerce(Long.class).eq(UsageRows.DIM_KEY));
            case USER -> UsageStatistics.withOwners(rows);
            case AUTH -> rows.leftJoin(USAGE_CREDENTIAL)
                    .on(USAGE_CREDENTIAL.ID.coerce(Long.class).eq(UsageRows.DIM_KEY));
            case null, default -> rows;
        };
        List<Field<?>> groupBy = keys.stream().map(k -> k.getName().equals("offset_ns")
                || k.getName().equals("local_index") ? DSL.field(DSL.name(k.getName())) : k).toList();
        List<Slice> slices = new ArrayList<>();
        for (Record r : dsl.select(select).from(from).groupBy(groupBy).fetch()) {
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
            UsageAmounts amounts = new UsageAmounts(r.get(COUNT).longValueExact(), sums[0], sums[1], sums[2], sums[3],
                    sums[4], sums[5], sums[6]);
            slices.add(new Slice(r.get(UsageRows.PROVIDER), r.get(UsageRows.MODEL), r.get(UsageRows.MODEL_ALIAS),
                    segmentValues, r.get(UsageRows.INPUT_FLOOR), groupValues, amounts, r.get(FIRST), r.get(LAST)));
        }
        return slices;
    }

    private static List<Field<?>> groupFields(GroupBy by) {
        if (by == null) {
            return List.of();
        }
        return switch (by) {
            case MODEL, PROVIDER, DAY, HOUR -> List.of();
            case KEY -> List.of(UsageRows.DIM_KEY, CLIENT_KEY.KEY_HASH, CLIENT_KEY.MASKED);
            case USER -> List.of(CONSOLE_USER.ID, CONSOLE_USER.NAME, UsageStatistics.WITHOUT_KEY);
            case AUTH -> List.of(UsageRows.DIM_KEY, USAGE_CREDENTIAL.AUTH_INDEX, USAGE_CREDENTIAL.SOURCE,
                    USAGE_CREDENTIAL.AUTH_TYPE);
        };
    }

    /** Slices per local day or hour, labelled as {@link UsageStatistics} labels them. */
    private static List<Slice> byLocalTime(DSLContext dsl, Pricing pricing, Instant from, Instant to, ZoneId zone,
            UsageScope scope, boolean hours) {
        UsageRows.Cuts cuts = hours ? UsageRows.Cuts.localHours(zone) : UsageRows.Cuts.localDays(zone);
        long[] bounds = UsageRows.bounds(dsl, from, to);
        Field<Long> offsetNanos = UsageRows.offsetNanos(zone, bounds[0], bounds[1]);
        Field<Long> offset = offsetNanos.as("offset_ns");
        Field<Long> local = UsageRows.floorDiv(UsageRows.AT.plus(offsetNanos), hours ? HOUR_NANOS : DAY_NANOS)
                .as("local_index");
        List<Field<?>> extra = hours ? List.of(local, offset) : List.of(local);
        UsageRows.Request request = new UsageRows.Request(from, to, Rollups.ALL, scope, cuts, pricing.thresholdSet());
        List<Slice> out = new ArrayList<>();
        for (Slice slice : slices(dsl, pricing, request, null, extra)) {
            long index = ((Number) slice.groupValues()[0]).longValue();
            String label = hours ? UsageStatistics.localHourLabel(index, ((Number) slice.groupValues()[1]).longValue())
                    : LocalDate.ofEpochDay(index).toString();
            out.add(slice.withGroup(label));
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
            case AUTH -> UsageStatistics.credentialLabel(Objects.toString(values[1], ""),
                    Objects.toString(values[2], ""), Objects.toString(values[3], ""));
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

    /** Sums of events that share everything their price depends on. */
    private record Slice(String provider, String model, String alias, int[] segments, long inputFloor,
            Object[] groupValues, UsageAmounts amounts, long first, long last) {

        Slice withGroup(String label) {
            return new Slice(provider, model, alias, segments, inputFloor, new Object[] {label}, amounts, first, last);
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
                fields.add(steps(UsageRows.AT, boundaries, false).as("segment_" + b));
            }
            return fields;
        }

        /** Every threshold a tier of the books has, which the rows must tell apart. */
        Set<Long> thresholdSet() {
            Set<Long> set = new TreeSet<>();
            Arrays.stream(thresholds).forEach(set::add);
            return set;
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
            // A row's input floor is the largest threshold its requests' input exceeds, and the rows
            // are cut at every threshold of the books, so the tier applies to all of a row or none.
            boolean longContext = rule.tier() != null && slice.inputFloor() >= rule.tier().thresholdTokens();
            return CostTotals.priced(CostCalculator.cost(rule, slice.amounts(), longContext, policy),
                    slice.amounts().requests());
        }
    }
}
