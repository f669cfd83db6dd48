package dev.cpaconsole.dashboard.core;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.jooq.DSLContext;
import org.jooq.Record;

import dev.cpaconsole.pricing.core.CostFlag;
import dev.cpaconsole.pricing.core.CostPolicy;
import dev.cpaconsole.pricing.core.CostQuery;
import dev.cpaconsole.pricing.core.CostTotals;
import dev.cpaconsole.pricing.core.PriceBook;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.usage.core.CpaTimestamps;
import dev.cpaconsole.usage.core.Rollups;
import dev.cpaconsole.usage.core.UsageRows;
import dev.cpaconsole.usage.core.UsageScope;

/**
 * The usage and cost of every client key or credential over a range at global scope, as the
 * rankings show them: the whole UTC days of the range from {@code usage_member_day}, a row per
 * key and day, summed from the roll-ups the first time a day is needed under the prices asked
 * for; the ragged ends of the range from the roll-ups directly. A key's roll-ups are cut by
 * model, alias, input size and status, so that over a month they hardly add up; the per-day sums
 * do. A write forgets the days whose events it stored, so a day is summed again after late
 * events, and other prices sum every day again.
 */
final class MemberDays {
    private static final long DAY_NANOS = Rollups.GRAIN_NANOS[Rollups.DAY];

    /** A member's requests, failures, tokens and cost. */
    record Sums(long requests, long failed, long tokens, CostTotals cost) {
        Sums plus(Sums other) {
            return new Sums(requests + other.requests, failed + other.failed, tokens + other.tokens,
                    cost.plus(other.cost));
        }
    }

    private final Database database;
    private final CostQuery costs;

    MemberDays(Database database, CostQuery costs) {
        this.database = database;
        this.costs = costs;
    }

    /**
     * The sums of every member of dimension {@code dim} ({@link Rollups#BY_KEY} or
     * {@link Rollups#BY_CREDENTIAL}) with usage in {@code [from, to)}, by row id (0: no key).
     */
    Map<Long, Sums> sums(int dim, Instant from, Instant to, PriceBook book, CostPolicy policy) {
        long[] bounds = database.read(dsl -> UsageRows.bounds(dsl, from, to));
        long lo = bounds[0];
        long hi = bounds[1];
        Map<Long, Sums> sums = new HashMap<>();
        if (lo >= hi) {
            return sums;
        }
        long firstDay = Math.floorDiv(lo + DAY_NANOS - 1, DAY_NANOS) * DAY_NANOS;
        long endDay = Math.floorDiv(hi, DAY_NANOS) * DAY_NANOS;
        if (firstDay >= endDay) {
            add(sums, live(dim, lo, hi, book, policy));
            return sums;
        }
        add(sums, live(dim, lo, firstDay, book, policy));
        add(sums, stored(dim, firstDay, endDay, book, policy));
        add(sums, live(dim, endDay, hi, book, policy));
        return sums;
    }

    private static void add(Map<Long, Sums> into, Map<Long, Sums> more) {
        more.forEach((id, s) -> into.merge(id, s, Sums::plus));
    }

    /** The sums of {@code [lo, hi)} read from the roll-ups. */
    private Map<Long, Sums> live(int dim, long lo, long hi, PriceBook book, CostPolicy policy) {
        Map<Long, Sums> sums = new HashMap<>();
        if (lo >= hi) {
            return sums;
        }
        Instant from = CpaTimestamps.fromEpochNanos(lo);
        Instant to = CpaTimestamps.fromEpochNanos(hi);
        UsageRows.Request request = new UsageRows.Request(from, to, dim, UsageScope.ALL, UsageRows.Cuts.NONE,
                Set.of());
        List<Record> rows = database.read(dsl -> new ArrayList<>(dsl.select(UsageRows.DIM_KEY,
                Measures.RANKED_REQUESTS, Measures.RANKED_FAILED, Measures.RANKED_TOKENS)
                .from(UsageRows.rows(dsl, request)).groupBy(UsageRows.DIM_KEY).fetch()));
        Map<Long, CostTotals> cost = costs.byMember(dim, from, to, book, policy);
        for (Record r : rows) {
            long id = r.get(UsageRows.DIM_KEY);
            sums.put(id, new Sums(Measures.ranked(r, Measures.RANKED_REQUESTS),
                    Measures.ranked(r, Measures.RANKED_FAILED), Measures.ranked(r, Measures.RANKED_TOKENS),
                    cost.getOrDefault(id, CostTotals.ZERO)));
        }
        return sums;
    }

    /**
     * The sums of the whole UTC days {@code [firstDay, endDay)}: the days kept under these prices
     * from the table, after keeping those that were not; a day forgotten in between (a write
     * stored events of it) is read from the roll-ups instead.
     */
    private Map<Long, Sums> stored(int dim, long firstDay, long endDay, PriceBook book, CostPolicy policy) {
        String prices = fingerprint(book, policy);
        List<Long> missing = database.read(dsl -> missingDays(dsl, dim, firstDay, endDay, prices));
        if (!missing.isEmpty()) {
            fill(dim, missing, book, policy, prices);
        }
        Map<Long, Sums> sums = new HashMap<>();
        Set<Long> kept = new HashSet<>();
        // One statement, so the days it finds kept and their rows are of one moment.
        database.read(dsl -> dsl.fetch("SELECT s.day_ns, m.dim_key, m.requests, m.failed, m.total_tokens, m.cost, "
                + "m.priced_requests, m.unpriced_requests, m.unpriced_tokens, m.flags "
                + "FROM usage_member_day_state s LEFT JOIN usage_member_day m ON m.dim = s.dim AND m.day_ns = s.day_ns "
                + "WHERE s.dim = ? AND s.prices = ? AND s.day_ns >= ? AND s.day_ns < ?", dim, prices, firstDay, endDay))
                .forEach(r -> {
                    kept.add(r.get(0, Long.class));
                    if (r.get(1) != null) {
                        sums.merge(r.get(1, Long.class), new Sums(r.get(2, Long.class), r.get(3, Long.class),
                                r.get(4, Long.class), new CostTotals(new BigDecimal(r.get(5, String.class)),
                                        r.get(6, Long.class), r.get(7, Long.class), r.get(8, Long.class),
                                        flags(r.get(9, String.class)))), Sums::plus);
                    }
                });
        for (long day = firstDay; day < endDay; day += DAY_NANOS) {
            if (!kept.contains(day)) {
                add(sums, live(dim, day, day + DAY_NANOS, book, policy));
            }
        }
        return sums;
    }

    /**
     * Sums the {@code missing} days from the roll-ups and keeps them, a day per transaction, each
     * while holding the write lock, so that no write can store events of the day between its sums
     * being read and being kept, and the collector's writes go on between days.
     */
    private void fill(int dim, List<Long> missing, PriceBook book, CostPolicy policy, String prices) {
        for (long day : missing) {
            database.write(dsl -> {
                if (!missingDays(dsl, dim, day, day + DAY_NANOS, prices).isEmpty()) {
                    keep(dsl, dim, day, live(dim, day, day + DAY_NANOS, book, policy), prices);
                }
                return null;
            });
        }
    }

    /** The days of {@code [firstDay, endDay)} not summed under {@code prices}. */
    private static List<Long> missingDays(DSLContext dsl, int dim, long firstDay, long endDay, String prices) {
        Set<Long> kept = new HashSet<>(dsl.fetch("SELECT day_ns FROM usage_member_day_state "
                + "WHERE dim = ? AND day_ns >= ? AND day_ns < ? AND prices = ?", dim, firstDay, endDay, prices)
                .getValues(0, Long.class));
        List<Long> missing = new ArrayList<>();
        for (long day = firstDay; day < endDay; day += DAY_NANOS) {
            if (!kept.contains(day)) {
                missing.add(day);
            }
        }
        return missing;
    }

    private static void keep(DSLContext dsl, int dim, long day, Map<Long, Sums> sums, String prices) {
        dsl.execute("DELETE FROM usage_member_day WHERE dim = ? AND day_ns = ?", dim, day);
        var insert = dsl.batch(dsl.query("INSERT INTO usage_member_day (dim, day_ns, dim_key, requests, failed, "
                + "total_tokens, cost, priced_requests, unpriced_requests, unpriced_tokens, flags) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", null, null, null, null, null, null, null, null, null,
                null, null));
        for (Map.Entry<Long, Sums> member : sums.entrySet()) {
            Sums s = member.getValue();
            CostTotals c = s.cost();
            insert = insert.bind(dim, day, member.getKey(), s.requests(), s.failed(), s.tokens(),
                    c.cost().toPlainString(), c.pricedRequests(), c.unpricedRequests(), c.unpricedTokens(),
                    c.flags().stream().map(Enum::name).sorted().collect(Collectors.joining(",")));
        }
        if (!sums.isEmpty()) {
            insert.execute();
        }
        dsl.execute("INSERT INTO usage_member_day_state (dim, day_ns, prices) VALUES (?, ?, ?) "
                + "ON CONFLICT (dim, day_ns) DO UPDATE SET prices = excluded.prices", dim, day, prices);
    }

    private static Set<CostFlag> flags(String names) {
        Set<CostFlag> flags = EnumSet.noneOf(CostFlag.class);
        if (!names.isEmpty()) {
            Arrays.stream(names.split(",")).map(CostFlag::valueOf).forEach(flags::add);
        }
        return flags;
    }

    /** Names the prices a day was summed under: every rule of the book and the fee policy. */
    static String fingerprint(PriceBook book, CostPolicy policy) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(book.rules().toString().getBytes(StandardCharsets.UTF_8));
            sha.update(policy.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    /** Whether {@code scope} is every event: the only scope whose rankings these sums serve. */
    static boolean serves(UsageScope scope) {
        return UsageScope.ALL.equals(scope);
    }
}
