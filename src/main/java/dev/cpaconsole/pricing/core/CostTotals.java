package dev.cpaconsole.pricing.core;

import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.Set;

/**
 * The cost of a set of events, with what could not be priced kept apart rather than counted as $0.
 *
 * @param cost USD of the priced events, exact
 * @param pricedRequests records that were priced
 * @param unpricedRequests records no price row matched
 * @param unpricedTokens their tokens
 * @param flags every flag raised by a priced part
 */
public record CostTotals(BigDecimal cost, long pricedRequests, long unpricedRequests, long unpricedTokens,
        Set<CostFlag> flags) {

    public static final CostTotals ZERO = new CostTotals(BigDecimal.ZERO, 0, 0, 0, Set.of());

    public CostTotals {
        flags = Set.copyOf(flags);
    }

    static CostTotals priced(CostBreakdown breakdown, long requests) {
        return new CostTotals(breakdown.total(), requests, 0, 0, breakdown.flags());
    }

    static CostTotals unpriced(long requests, long tokens) {
        return new CostTotals(BigDecimal.ZERO, 0, requests, tokens, Set.of());
    }

    public CostTotals plus(CostTotals other) {
        Set<CostFlag> union = EnumSet.noneOf(CostFlag.class);
        union.addAll(flags);
        union.addAll(other.flags);
        return new CostTotals(cost.add(other.cost), pricedRequests + other.pricedRequests,
                unpricedRequests + other.unpricedRequests, unpricedTokens + other.unpricedTokens, union);
    }

    /** Whether every event was priced. */
    public boolean complete() {
        return unpricedRequests == 0;
    }
}
