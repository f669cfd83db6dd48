package dev.cpaconsole.dashboard.core;

import static dev.cpaconsole.store.schema.Tables.CLIENT_KEY;
import static dev.cpaconsole.store.schema.Tables.COLLECTION_GAP;
import static dev.cpaconsole.store.schema.Tables.CONSOLE_USER;
import static dev.cpaconsole.store.schema.Tables.MANAGED_KEY;
import static dev.cpaconsole.store.schema.Tables.MANAGED_KEY_VALUE;
import static dev.cpaconsole.store.schema.Tables.USAGE_CREDENTIAL;
import static dev.cpaconsole.store.schema.Tables.USAGE_DIMENSION;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.Table;
import org.jooq.impl.DSL;

import dev.cpaconsole.pricing.core.CostPolicy;
import dev.cpaconsole.pricing.core.CostQuery;
import dev.cpaconsole.pricing.core.CostReport;
import dev.cpaconsole.pricing.core.CostTotals;
import dev.cpaconsole.pricing.core.PriceBook;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.usage.core.CpaTimestamps;
import dev.cpaconsole.usage.core.Rollups;
import dev.cpaconsole.usage.core.UsageRows;
import dev.cpaconsole.usage.core.UsageScope;
import dev.cpaconsole.usage.core.UsageStatistics;
import dev.cpaconsole.usage.core.UsageStatistics.GroupBy;

/**
 * Reads dashboards: figures, series over local hours or days, rankings, the hour-of-week heatmap
 * and the collection gaps of a range, at global scope or narrowed to a user, a key, a model, a
 * provider or an account.
 *
 * <p>Everything is read through {@link UsageRows}, so whole quarter hours, hours and days come
 * from the roll-ups; a range longer than a day lies on quarter hours (see {@link DashboardRange})
 * and reads no events at all. Costs come from {@link CostQuery} over the same rows. Every sum is
 * exact: the series, the rankings and the heatmap each add up to the figures.
 */
public final class DashboardService {
    private static final long HOUR_NANOS = Rollups.GRAIN_NANOS[Rollups.HOUR];
    private static final long DAY_NANOS = Rollups.GRAIN_NANOS[Rollups.DAY];
    private static final Field<Long> LOCAL_INDEX = DSL.field(DSL.name("local_index"), Long.class);
    private static final Field<Long> OFFSET = DSL.field(DSL.name("offset_ns"), Long.class);

    private final Database database;
    private final CostQuery costs;
    private final MemberDays memberDays;
    private final Clock clock;

    /** @param clock the moment a dashboard is read, which ends open gaps and the per-minute rates */
    public DashboardService(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.costs = new CostQuery(database);
        this.memberDays = new MemberDays(database, costs);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The dashboard of {@code range} and {@code scope}, priced with {@code book} and {@code policy}. */
    public Dashboard read(DashboardRange range, DashboardScope scope, PriceBook book, CostPolicy policy) {
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(scope, "scope");
        Instant now = clock.instant();
        UsageScope usage = database.read(dsl -> usageScope(dsl, scope));
        ZoneId zone = range.zone();
        List<String> notes = new ArrayList<>();
        if (UsageRows.dimension(Rollups.ALL, usage) < 0) {
            notes.add("A key or user and an account together are read from the stored events, which reach back "
                    + "only as far as events are kept.");
        }

        // Series, figures and failures by status come from one pass over local hours or days.
        boolean hourly = range.hourly();
        Map<Long, Measures> byBucket = new HashMap<>();
        Map<Integer, Long> failuresByStatus = new HashMap<>();
        Measures all = new Measures();
        HourOfWeek hourOfWeek = new HourOfWeek();
        for (Record row : database.read(dsl -> localRows(dsl, range, usage, hourly, true, Measures.SUMS))) {
            long index = row.get(LOCAL_INDEX);
            Measures measures = new Measures().add(row);
            byBucket.computeIfAbsent(index, i -> new Measures()).add(measures);
            all.add(measures);
            int status = row.get(UsageRows.STATUS_CODE);
            if (measures.failed() > 0) {
                failuresByStatus.merge(status, measures.failed(), Long::sum);
            }
            if (hourly) {
                addHour(hourOfWeek, index, measures.requests());
            }
        }
        if (!hourly) {
            // The heatmap needs only requests: one sum rather than every measure of every hour.
            for (Record row : database.read(dsl -> localRows(dsl, range, usage, true, false,
                    List.of(Measures.RANKED_REQUESTS)))) {
                addHour(hourOfWeek, row.get(LOCAL_INDEX), Measures.ranked(row, Measures.RANKED_REQUESTS));
            }
        }

        CostReport costByTime = costs.report(range.from(), range.to(), book, policy,
                hourly ? GroupBy.HOUR : GroupBy.DAY, zone, usage);
        List<SeriesPoint> series = series(range, byBucket, costByTime);
        Figures figures = figures(range, now, all, failuresByStatus, costByTime.totals());

        Ranking[] byClientKey = UsageRows.dimension(Rollups.BY_KEY, usage) < 0
                && UsageRows.dimension(Rollups.ALL, usage) >= 0
                ? new Ranking[] {Ranking.unavailable("Users are not ranked within one account: the roll-ups keep "
                        + "keys and accounts apart."), Ranking.unavailable("Keys are not ranked within one account: "
                        + "the roll-ups keep keys and accounts apart.")}
                : usersAndKeys(range, scope, usage, book, policy);
        Ranking users = byClientKey[0];
        Ranking keys = byClientKey[1];
        Ranking models = ranking(Rollups.ALL, usage, "", () -> models(range, scope, usage, book, policy));
        Ranking accounts = ranking(Rollups.BY_CREDENTIAL, usage, "Accounts are not ranked within one key or user: "
                + "the roll-ups keep keys and accounts apart.", () -> accounts(range, scope, usage, book, policy));
        List<GapInterval> gaps = database.read(dsl -> gaps(dsl, range, now));
        return new Dashboard(range, scope, now, figures, series, users, keys, models, accounts, hourOfWeek, gaps,
                notes);
    }

    /** The choices of the scope pickers. */
    public ScopeChoices choices() {
        return database.read(dsl -> {
            List<ScopePick> users = new ArrayList<>();
            dsl.select(CONSOLE_USER.ID, CONSOLE_USER.NAME, CONSOLE_USER.DELETED_NS).from(CONSOLE_USER)
                    .orderBy(CONSOLE_USER.NAME.collate("NOCASE"), CONSOLE_USER.ID)
                    .forEach(r -> users.add(ScopePick.user(r.value1(),
                            r.value2() + (r.value3() == null ? "" : " (deleted)"))));
            List<ScopePick> keys = new ArrayList<>();
            dsl.select(MANAGED_KEY.ID, MANAGED_KEY.NAME, CONSOLE_USER.NAME, MANAGED_KEY.DELETED_NS)
                    .from(MANAGED_KEY).join(CONSOLE_USER).on(CONSOLE_USER.ID.eq(MANAGED_KEY.USER_ID))
                    .orderBy(CONSOLE_USER.NAME.collate("NOCASE"), MANAGED_KEY.NAME.collate("NOCASE"), MANAGED_KEY.ID)
                    .forEach(r -> keys.add(ScopePick.managedKey(r.value1(), managedKeyLabel(r.value3(), r.value2())
                            + (r.value4() == null ? "" : " (deleted)"))));
            Set<String> models = new TreeSet<>();
            Set<String> providers = new TreeSet<>();
            dsl.select(USAGE_DIMENSION.KIND, USAGE_DIMENSION.VALUE).from(USAGE_DIMENSION)
                    .where(USAGE_DIMENSION.KIND.in("model", "alias", "provider"))
                    .forEach(r -> {
                        if (!r.value2().isEmpty()) {
                            (r.value1().equals("provider") ? providers : models).add(r.value2());
                        }
                    });
            Map<String, List<Long>> accounts = new TreeMap<>();
            dsl.select(USAGE_CREDENTIAL.ID, USAGE_CREDENTIAL.AUTH_INDEX, USAGE_CREDENTIAL.SOURCE,
                    USAGE_CREDENTIAL.AUTH_TYPE).from(USAGE_CREDENTIAL).orderBy(USAGE_CREDENTIAL.ID)
                    .forEach(r -> accounts.computeIfAbsent(UsageStatistics.credentialLabel(r.value2(), r.value3(),
                            r.value4()), l -> new ArrayList<>()).add(r.value1().longValue()));
            List<ScopePick> accountPicks = new ArrayList<>();
            accounts.forEach((label, ids) -> accountPicks.add(ScopePick.account(ids, label)));
            return new ScopeChoices(users, keys, List.copyOf(models), List.copyOf(providers), accountPicks);
        });
    }

    /** How a managed key reads: its owner and its name. */
    public static String managedKeyLabel(String owner, String name) {
        return owner + " / " + name;
    }

    private static void addHour(HourOfWeek hourOfWeek, long hourIndex, long requests) {
        LocalDateTime local = LocalDateTime.ofEpochSecond(hourIndex * 3600, 0, ZoneOffset.UTC);
        hourOfWeek.add(local.getDayOfWeek(), local.getHour(), requests);
    }

    /** The event filter of a dashboard scope: users and keys become the client keys they have or had. */
    private static UsageScope usageScope(DSLContext dsl, DashboardScope scope) {
        List<Long> clientKeys = null;
        if (scope.user() != null) {
            clientKeys = clientKeysWhere(dsl, MANAGED_KEY.USER_ID.in(ints(scope.user().ids())));
        }
        if (scope.key() != null) {
            List<Long> ofKey = switch (scope.key().kind()) {
                case MANAGED_KEY -> clientKeysWhere(dsl, MANAGED_KEY.ID.in(ints(scope.key().ids())));
                default -> scope.key().ids();
            };
            if (clientKeys != null) {
                List<Long> ofUser = clientKeys;
                ofKey = ofKey.stream().filter(ofUser::contains).toList();
            }
            clientKeys = ofKey;
        }
        List<Long> credentials = scope.account() == null ? null : scope.account().ids();
        return new UsageScope(clientKeys, scope.model(), scope.provider(), credentials);
    }

    private static List<Integer> ints(List<Long> ids) {
        return ids.stream().map(Math::toIntExact).toList();
    }

    private static List<Long> clientKeysWhere(DSLContext dsl, Condition managedKeys) {
        return dsl.select(CLIENT_KEY.ID).from(MANAGED_KEY)
                .join(MANAGED_KEY_VALUE).on(MANAGED_KEY_VALUE.MANAGED_KEY_ID.eq(MANAGED_KEY.ID))
                .join(CLIENT_KEY).on(CLIENT_KEY.KEY_HASH.eq(MANAGED_KEY_VALUE.KEY_HASH))
                .where(managedKeys)
                .fetch(r -> r.value1().longValue());
    }

    /**
     * {@code sums} per local hour (or day) and, when {@code byStatus}, per status code. Rows carry
     * {@link #LOCAL_INDEX} (hours or days since the local epoch) and {@link #OFFSET}.
     */
    private static List<Record> localRows(DSLContext dsl, DashboardRange range, UsageScope scope, boolean hours,
            boolean byStatus, List<Field<BigDecimal>> sums) {
        long[] bounds = UsageRows.bounds(dsl, range.from(), range.to());
        if (bounds[0] >= bounds[1]) {
            return List.of();
        }
        ZoneId zone = range.zone();
        UsageRows.Cuts cuts = hours ? UsageRows.Cuts.localHours(zone) : UsageRows.Cuts.localDays(zone);
        Field<Long> offsetNanos = UsageRows.offsetNanos(zone, bounds[0], bounds[1]);
        Field<Long> local = UsageRows.floorDiv(UsageRows.AT.plus(offsetNanos), hours ? HOUR_NANOS : DAY_NANOS)
                .as(LOCAL_INDEX.getName());
        List<SelectField<?>> keys = new ArrayList<>(List.of(local, offsetNanos.as(OFFSET.getName())));
        List<Field<?>> groupBy = new ArrayList<>(List.of(LOCAL_INDEX, OFFSET));
        if (byStatus) {
            keys.add(UsageRows.STATUS_CODE);
            groupBy.add(UsageRows.STATUS_CODE);
        }
        UsageRows.Request request = new UsageRows.Request(range.from(), range.to(), Rollups.ALL, scope, cuts,
                Set.of());
        List<SelectField<?>> fields = new ArrayList<>(keys);
        fields.addAll(sums);
        return new ArrayList<>(dsl.select(fields).from(UsageRows.rows(dsl, request)).groupBy(groupBy).fetch());
    }

    /** One point per local hour or day of the range, empty ones included. */
    private static List<SeriesPoint> series(DashboardRange range, Map<Long, Measures> byBucket, CostReport cost) {
        ZoneId zone = range.zone();
        boolean hourly = range.hourly();
        List<SeriesPoint> points = new ArrayList<>();
        ZonedDateTime start = range.from().atZone(zone).truncatedTo(hourly ? ChronoUnit.HOURS : ChronoUnit.DAYS);
        while (start.toInstant().isBefore(range.to())) {
            ZonedDateTime next = hourly ? start.plusHours(1) : start.toLocalDate().plusDays(1).atStartOfDay(zone);
            long startNanos = CpaTimestamps.toEpochNanos(start.toInstant());
            String label;
            long index;
            if (hourly) {
                label = UsageStatistics.hourLabel(startNanos, zone);
                long offsetNanos = start.getOffset().getTotalSeconds() * 1_000_000_000L;
                index = Math.floorDiv(startNanos + offsetNanos, HOUR_NANOS);
            } else {
                label = start.toLocalDate().toString();
                index = start.toLocalDate().toEpochDay();
            }
            Measures measures = byBucket.getOrDefault(index, new Measures());
            Instant from = max(start.toInstant(), range.from());
            Instant to = min(next.toInstant(), range.to());
            points.add(new SeriesPoint(from, to, label, measures.requests(), measures.failed(),
                    measures.totalTokens(), cost.group(label), measures.latencyQuantile(0.5),
                    measures.latencyQuantile(0.95)));
            start = next;
        }
        return points;
    }

    private static Figures figures(DashboardRange range, Instant now, Measures all, Map<Integer, Long> failures,
            CostTotals cost) {
        Instant elapsedEnd = min(range.to(), now);
        double minutes = Duration.between(range.from(), elapsedEnd).toNanos() / 60e9;
        OptionalDouble requestsPerMinute = minutes <= 0 ? OptionalDouble.empty()
                : OptionalDouble.of(all.requests() / minutes);
        OptionalDouble tokensPerMinute = minutes <= 0 ? OptionalDouble.empty()
                : OptionalDouble.of(all.totalTokens() / minutes);
        return new Figures(all.totals(), failures, cost, all.averageLatencyMs(), all.latencyQuantile(0.5),
                all.latencyQuantile(0.95), all.averageTtftMs(), all.outputTokensPerSecond(), requestsPerMinute,
                tokensPerMinute);
    }

    /** A ranking, or why it cannot be read from roll-ups within this scope. */
    private static Ranking ranking(int dim, UsageScope scope, String whyNot, Supplier<Ranking> read) {
        if (UsageRows.dimension(dim, scope) < 0 && UsageRows.dimension(Rollups.ALL, scope) >= 0) {
            return Ranking.unavailable(whyNot);
        }
        return read.get();
    }

    private UsageRows.Request request(DashboardRange range, int dim, UsageScope scope) {
        return new UsageRows.Request(range.from(), range.to(), dim, scope, UsageRows.Cuts.NONE, Set.of());
    }

    private Ranking models(DashboardRange range, DashboardScope scope, UsageScope usage, PriceBook book,
            CostPolicy policy) {
        List<Record> rows = database.read(dsl -> new ArrayList<>(dsl.select(UsageRows.MODEL,
                        Measures.RANKED_REQUESTS, Measures.RANKED_FAILED, Measures.RANKED_TOKENS)
                .from(UsageRows.rows(dsl, request(range, Rollups.ALL, usage))).groupBy(UsageRows.MODEL).fetch()));
        CostReport cost = costs.report(range.from(), range.to(), book, policy, GroupBy.MODEL, range.zone(), usage);
        List<RankingRow> ranked = new ArrayList<>();
        for (Record r : rows) {
            String model = r.get(UsageRows.MODEL);
            ranked.add(new RankingRow(model, Measures.ranked(r, Measures.RANKED_REQUESTS),
                    Measures.ranked(r, Measures.RANKED_FAILED), Measures.ranked(r, Measures.RANKED_TOKENS),
                    cost.group(model), model.isEmpty() ? null : scope.withModel(model)));
        }
        return sorted(ranked);
    }

    /**
     * The ranked sums of {@code request}'s rows per dimension key, one row per key under the names
     * {@link UsageRows} uses, so that joins to keys, owners and credentials see a row per key
     * rather than one per key, bucket, model and status.
     */
    private static Table<Record> perMember(DSLContext dsl, UsageRows.Request request) {
        List<SelectField<?>> fields = List.of(UsageRows.DIM_KEY.as(UsageRows.DIM_KEY.getName()),
                Measures.RANKED_REQUESTS, Measures.RANKED_FAILED, Measures.RANKED_TOKENS);
        return dsl.select(fields)
                .from(UsageRows.rows(dsl, request)).groupBy(UsageRows.DIM_KEY)
                .asTable(UsageRows.DIM_KEY.getQualifiedName().first());
    }

    /** Per-member sums as a table of the same shape as {@link #perMember}'s. */
    private static Table<Record> summed(Map<Long, MemberDays.Sums> sums) {
        List<org.jooq.Row4<Long, Long, Long, Long>> rows = new ArrayList<>();
        sums.forEach((id, s) -> rows.add(DSL.row(DSL.inline(id), DSL.inline(s.requests()), DSL.inline(s.failed()),
                DSL.inline(s.tokens()))));
        @SuppressWarnings("unchecked")
        Table<Record> table = (Table<Record>) (Table<?>) DSL.values(rows.toArray(org.jooq.Row4[]::new))
                .as(UsageRows.DIM_KEY.getQualifiedName().first(), UsageRows.DIM_KEY.getName(), "requests", "failed",
                        "total_tokens");
        return table;
    }

    /** The ranked sums of a {@link #perMember} row, read through the outer query. */
    private static final List<Field<Long>> MEMBER_SUMS = List.of(UsageRows.measure("requests"),
            UsageRows.measure("failed"), UsageRows.measure("total_tokens"));

    private static long[] memberSums(Record row) {
        long[] sums = new long[MEMBER_SUMS.size()];
        for (int i = 0; i < sums.length; i++) {
            Long value = row.get(MEMBER_SUMS.get(i));
            sums[i] = value == null ? 0 : value;
        }
        return sums;
    }

    /**
     * Users and keys from one pass over the client-key rows: a managed key's values (before and
     * after rotations) rank together, other client keys each alone; a user's cost is the cost of
     * the user's client keys, since each belongs to at most one managed key.
     */
    private Ranking[] usersAndKeys(DashboardRange range, DashboardScope scope, UsageScope usage, PriceBook book,
            CostPolicy policy) {
        List<Field<?>> fields = new ArrayList<>(List.of(UsageRows.DIM_KEY, CLIENT_KEY.KEY_HASH, CLIENT_KEY.MASKED,
                MANAGED_KEY.ID, MANAGED_KEY.NAME, CONSOLE_USER.ID, CONSOLE_USER.NAME));
        fields.addAll(MEMBER_SUMS);
        List<Record> rows;
        CostReport cost = null;
        Map<Long, CostTotals> costById = new HashMap<>();
        if (MemberDays.serves(usage)) {
            Map<Long, MemberDays.Sums> sums = memberDays.sums(Rollups.BY_KEY, range.from(), range.to(), book, policy);
            sums.forEach((id, s) -> costById.put(id, s.cost()));
            rows = sums.isEmpty() ? List.of() : database.read(dsl -> new ArrayList<>(dsl.select(fields)
                    .from(UsageStatistics.withOwners(summed(sums))).fetch()));
        } else {
            rows = database.read(dsl -> new ArrayList<>(dsl.select(fields)
                    .from(UsageStatistics.withOwners(perMember(dsl, request(range, Rollups.BY_KEY, usage))))
                    .fetch()));
            cost = costs.report(range.from(), range.to(), book, policy, GroupBy.KEY, range.zone(), usage);
        }
        Map<String, Integer> maskUses = new HashMap<>();
        Map<String, Set<Integer>> usersByName = new HashMap<>();
        for (Record r : rows) {
            if (r.get(CLIENT_KEY.KEY_HASH) != null) {
                maskUses.merge(r.get(CLIENT_KEY.MASKED), 1, Integer::sum);
            }
            if (r.get(CONSOLE_USER.ID) != null) {
                usersByName.computeIfAbsent(r.get(CONSOLE_USER.NAME), n -> new TreeSet<>()).add(r.get(CONSOLE_USER.ID));
            }
        }
        Members keys = new Members();
        Members users = new Members();
        for (Record r : rows) {
            String hash = r.get(CLIENT_KEY.KEY_HASH);
            String masked = r.get(CLIENT_KEY.MASKED);
            CostTotals keyCost = cost == null ? costById.getOrDefault(r.get(UsageRows.DIM_KEY), CostTotals.ZERO)
                    : cost.group(UsageStatistics.keyLabel(hash, masked, hash != null && maskUses.get(masked) > 1));
            Integer managedId = r.get(MANAGED_KEY.ID);
            Integer userId = r.get(CONSOLE_USER.ID);
            String userName = r.get(CONSOLE_USER.NAME);
            String keyLabel;
            ScopePick keyPick = null;
            if (managedId != null) {
                keyLabel = managedKeyLabel(userName, r.get(MANAGED_KEY.NAME));
                keyPick = ScopePick.managedKey(managedId, keyLabel);
            } else {
                keyLabel = UsageStatistics.keyLabel(hash, masked, hash != null && maskUses.get(masked) > 1);
                if (hash != null) {
                    keyPick = ScopePick.clientKey(r.get(UsageRows.DIM_KEY), keyLabel);
                }
            }
            long[] sums = memberSums(r);
            keys.add(keyLabel, sums, keyCost, keyPick == null ? null : scope.withKey(keyPick));
            String userLabel = UsageStatistics.userLabel(userId, userName, r.get(UsageRows.DIM_KEY) == 0,
                    userId != null && usersByName.get(userName).size() > 1);
            users.add(userLabel, sums, keyCost,
                    userId == null ? null : scope.withUser(ScopePick.user(userId, userLabel)));
        }
        return new Ranking[] {users.ranking(), keys.ranking()};
    }

    /** Ranking rows gathered by label. */
    private static final class Members {
        private final Map<String, long[]> sums = new LinkedHashMap<>();
        private final Map<String, CostTotals> costs = new HashMap<>();
        private final Map<String, DashboardScope> narrowTo = new HashMap<>();

        /** Adds a member's requests, failures and tokens ({@link #memberSums}). */
        void add(String label, long[] memberSums, CostTotals cost, DashboardScope narrowed) {
            long[] total = sums.computeIfAbsent(label, l -> new long[memberSums.length]);
            for (int i = 0; i < total.length; i++) {
                total[i] += memberSums[i];
            }
            costs.merge(label, cost, CostTotals::plus);
            if (narrowed != null) {
                narrowTo.put(label, narrowed);
            }
        }

        Ranking ranking() {
            List<RankingRow> rows = new ArrayList<>();
            sums.forEach((label, m) -> rows.add(new RankingRow(label, m[0], m[1], m[2], costs.get(label),
                    narrowTo.get(label))));
            return sorted(rows);
        }
    }

    private Ranking accounts(DashboardRange range, DashboardScope scope, UsageScope usage, PriceBook book,
            CostPolicy policy) {
        List<Field<?>> fields = new ArrayList<>(List.of(UsageRows.DIM_KEY, USAGE_CREDENTIAL.AUTH_INDEX,
                USAGE_CREDENTIAL.SOURCE, USAGE_CREDENTIAL.AUTH_TYPE));
        fields.addAll(MEMBER_SUMS);
        boolean fromDays = MemberDays.serves(usage);
        Map<Long, MemberDays.Sums> sums = fromDays
                ? memberDays.sums(Rollups.BY_CREDENTIAL, range.from(), range.to(), book, policy) : Map.of();
        if (fromDays && sums.isEmpty()) {
            return new Members().ranking();
        }
        List<Record> rows = database.read(dsl -> new ArrayList<>(dsl.select(fields)
                .from(fromDays ? summed(sums) : perMember(dsl, request(range, Rollups.BY_CREDENTIAL, usage)))
                .leftJoin(USAGE_CREDENTIAL).on(USAGE_CREDENTIAL.ID.coerce(Long.class).eq(UsageRows.DIM_KEY))
                .fetch()));
        CostReport cost = fromDays ? null
                : costs.report(range.from(), range.to(), book, policy, GroupBy.AUTH, range.zone(), usage);
        Members byLabel = new Members();
        Map<String, List<Long>> idsByLabel = new HashMap<>();
        for (Record r : rows) {
            String label = UsageStatistics.credentialLabel(Objects.toString(r.get(USAGE_CREDENTIAL.AUTH_INDEX), ""),
                    Objects.toString(r.get(USAGE_CREDENTIAL.SOURCE), ""),
                    Objects.toString(r.get(USAGE_CREDENTIAL.AUTH_TYPE), ""));
            byLabel.add(label, memberSums(r), fromDays ? sums.get(r.get(UsageRows.DIM_KEY)).cost() : CostTotals.ZERO,
                    null);
            long id = r.get(UsageRows.DIM_KEY);
            if (id != 0) {
                idsByLabel.computeIfAbsent(label, l -> new ArrayList<>()).add(id);
            }
        }
        if (cost != null) {
            byLabel.costs.replaceAll((label, none) -> cost.group(label));
        }
        idsByLabel.forEach((label, ids) -> byLabel.narrowTo.put(label,
                scope.withAccount(ScopePick.account(ids, label))));
        return byLabel.ranking();
    }

    private static Ranking sorted(List<RankingRow> rows) {
        List<RankingRow> sorted = new ArrayList<>(rows);
        sorted.removeIf(r -> r.requests() == 0);
        sorted.sort(Comparator.comparingLong(RankingRow::tokens).reversed()
                .thenComparing(Comparator.comparingLong(RankingRow::requests).reversed())
                .thenComparing(RankingRow::label));
        return new Ranking(sorted, "");
    }

    private static List<GapInterval> gaps(DSLContext dsl, DashboardRange range, Instant now) {
        long from = CpaTimestamps.toEpochNanos(range.from());
        long to = CpaTimestamps.toEpochNanos(range.to());
        Instant openEnd = min(range.to(), max(now, range.from()));
        List<GapInterval> gaps = new ArrayList<>();
        dsl.select(COLLECTION_GAP.START_NS, COLLECTION_GAP.END_NS, COLLECTION_GAP.REASON, COLLECTION_GAP.DETAIL)
                .from(COLLECTION_GAP)
                .where(COLLECTION_GAP.START_NS.lt(to))
                .and(COLLECTION_GAP.END_NS.isNull().or(COLLECTION_GAP.END_NS.gt(from)))
                .orderBy(COLLECTION_GAP.START_NS)
                .forEach(r -> {
                    Instant start = max(CpaTimestamps.fromEpochNanos(r.value1()), range.from());
                    Instant end = r.value2() == null ? openEnd : min(CpaTimestamps.fromEpochNanos(r.value2()),
                            range.to());
                    if (start.isBefore(end)) {
                        gaps.add(new GapInterval(start, end, r.value3(), r.value4()));
                    }
                });
        return gaps;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
