package dev.cpaconsole.pricing.core;

import dev.cpaconsole.usage.core.TokenBuckets;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * The cost of one event, or the fact that nothing prices it. An unpriced event has no cost at all,
 * never $0.
 *
 * @param match the row that priced it, or null when unpriced
 * @param breakdown the cost term by term, or null when unpriced
 */
public record EventCost(PriceMatch match, CostBreakdown breakdown) {

    public static final EventCost UNPRICED = new EventCost(null, null);

    /**
     * Prices one event exactly as the totals do: the row in effect at its time, the long-context
     * prices when its input (cache reads and writes included) is above the row's threshold.
     */
    public static EventCost of(PriceBook book, CostPolicy policy, String provider, String model, String alias,
            long timestampNanos, TokenBuckets tokens, boolean failed) {
        Optional<PriceMatch> match = book.resolve(provider, model, alias, timestampNanos);
        if (match.isEmpty()) {
            return UNPRICED;
        }
        PriceRule rule = match.get().rule();
        boolean longContext = rule.tier() != null && rule.tier().appliesTo(tokens.totalInput());
        return new EventCost(match.get(),
                CostCalculator.cost(rule, UsageAmounts.of(tokens, failed), longContext, policy));
    }

    public boolean priced() {
        return breakdown != null;
    }

    /** The cost in USD, or empty when unpriced. */
    public Optional<BigDecimal> total() {
        return priced() ? Optional.of(breakdown.total()) : Optional.empty();
    }
}
