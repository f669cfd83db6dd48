package dev.cpaconsole.keys.core;

import static dev.cpaconsole.store.schema.Tables.USAGE_EVENT;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jooq.impl.DSL;

import dev.cpaconsole.pricing.core.CostQuery;
import dev.cpaconsole.pricing.core.CostTotals;
import dev.cpaconsole.pricing.core.PriceSnapshot;
import dev.cpaconsole.usage.core.UsageStatistics;

/**
 * What managed keys used in the current periods of their budgets and quotas, summed over every
 * value each key has had, so a rotated key keeps its spend. Spend is priced like every other cost
 * in the console, at query time.
 */
public final class KeyUsageQuery {
    private final ManagedKeyStore keys;
    private final CostQuery costs;

    public KeyUsageQuery(ManagedKeyStore keys, CostQuery costs) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.costs = Objects.requireNonNull(costs, "costs");
    }

    /** The usage of each of {@code managed} that has a budget or quota; the others are absent. */
    public Map<Long, KeyUsage> usage(List<ManagedKey> managed, PriceSnapshot prices, Instant now, ZoneId zone) {
        List<ManagedKey> counted = managed.stream().filter(k -> k.limits().countsUsage()).toList();
        Map<Long, List<Long>> clientKeyIds = keys.clientKeyIds(counted.stream().map(ManagedKey::id).toList());
        Map<Long, KeyUsage> usage = new HashMap<>();
        Map<Instant, List<ManagedKey>> byBudgetStart = new HashMap<>();
        Map<Instant, List<ManagedKey>> byQuotaStart = new HashMap<>();
        for (ManagedKey key : counted) {
            usage.put(key.id(), KeyUsage.NONE);
            KeyLimits limits = key.limits();
            if (limits.budgetUsd() != null) {
                byBudgetStart.computeIfAbsent(limits.budgetPeriod().start(now, zone), s -> new ArrayList<>()).add(key);
            }
            if (limits.requestQuota() != null || limits.tokenQuota() != null) {
                byQuotaStart.computeIfAbsent(limits.quotaPeriod().start(now, zone), s -> new ArrayList<>()).add(key);
            }
        }
        byBudgetStart.forEach((start, group) -> {
            Map<Long, CostTotals> perClientKey = costs.byClientKey(start, null, ids(group, clientKeyIds),
                    prices.book(), prices.policy());
            for (ManagedKey key : group) {
                CostTotals total = CostTotals.ZERO;
                for (long id : clientKeyIds.getOrDefault(key.id(), List.of())) {
                    total = total.plus(perClientKey.getOrDefault(id, CostTotals.ZERO));
                }
                KeyUsage before = usage.get(key.id());
                usage.put(key.id(), new KeyUsage(total.cost(), total.unpricedRequests(), before.requests(),
                        before.tokens()));
            }
        });
        byQuotaStart.forEach((start, group) -> {
            Map<Long, long[]> perClientKey = counts(start, ids(group, clientKeyIds));
            for (ManagedKey key : group) {
                long requests = 0;
                long tokens = 0;
                for (long id : clientKeyIds.getOrDefault(key.id(), List.of())) {
                    long[] c = perClientKey.getOrDefault(id, new long[2]);
                    requests += c[0];
                    tokens += c[1];
                }
                KeyUsage before = usage.get(key.id());
                usage.put(key.id(), new KeyUsage(before.spendUsd(), before.unpricedRequests(), requests, tokens));
            }
        });
        return usage;
    }

    private static List<Long> ids(List<ManagedKey> group, Map<Long, List<Long>> clientKeyIds) {
        List<Long> ids = new ArrayList<>();
        group.forEach(key -> ids.addAll(clientKeyIds.getOrDefault(key.id(), List.of())));
        return ids;
    }

    private Map<Long, long[]> counts(Instant from, List<Long> clientKeyIds) {
        Map<Long, long[]> counts = new HashMap<>();
        if (clientKeyIds.isEmpty()) {
            return counts;
        }
        List<Integer> ids = clientKeyIds.stream().map(Math::toIntExact).toList();
        var tokens = DSL.sum(USAGE_EVENT.TOTAL_TOKENS);
        keys.database().read(dsl -> dsl.select(USAGE_EVENT.CLIENT_KEY_ID, DSL.count(), tokens)
                .from(USAGE_EVENT)
                .where(USAGE_EVENT.CLIENT_KEY_ID.in(ids))
                .and(USAGE_EVENT.TS_NS.ge(UsageStatistics.saturatedNanos(from)))
                .groupBy(USAGE_EVENT.CLIENT_KEY_ID)
                .fetch())
                .forEach(r -> {
                    BigDecimal sum = r.value3();
                    counts.put(r.value1().longValue(), new long[] {r.value2(), sum == null ? 0 : sum.longValueExact()});
                });
        return counts;
    }
}
