package dev.cpaconsole.pricing.core;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Prices usage: uncached input × input + cache read × cache-read price + cache write ×
 * cache-write price + output × output + reasoning × reasoning price + requests × fee. The buckets
 * never overlap (cache tokens are not inside the uncached input), so nothing is counted twice.
 * Amounts are exact decimals; rounding happens only when a cost is shown.
 */
public final class CostCalculator {
    private static final int PER_MILLION = 6;

    private CostCalculator() {
    }

    /**
     * The cost of {@code amounts} under {@code rule}; {@code longContext} says whether the
     * requests' input was above the rule's tier threshold (ignored when the rule has no tier).
     */
    public static CostBreakdown cost(PriceRule rule, UsageAmounts amounts, boolean longContext, CostPolicy policy) {
        boolean tier = longContext && rule.tier() != null;
        Rates rates = tier ? rule.tier().rates() : rule.rates();
        String suffix = tier ? " (above " + rule.tier().thresholdTokens() + " input tokens)" : "";
        Set<CostFlag> flags = EnumSet.noneOf(CostFlag.class);
        if (tier) {
            flags.add(CostFlag.LONG_CONTEXT);
        }
        List<CostLine> lines = new ArrayList<>();
        tokens(lines, "uncached input", amounts.uncachedInput(), rates.input(), "input price" + suffix);
        if (amounts.cacheRead() > 0 && rates.cacheRead() == null) {
            flags.add(CostFlag.CACHE_PRICE_MISSING);
        }
        tokens(lines, "cache read", amounts.cacheRead(), rates.effectiveCacheRead(),
                (rates.cacheRead() == null ? "input price (no cache-read price)" : "cache-read price") + suffix);
        if (amounts.cacheWrite() > 0 && rates.cacheWrite() == null) {
            flags.add(CostFlag.CACHE_PRICE_MISSING);
        }
        tokens(lines, "cache write", amounts.cacheWrite(), rates.effectiveCacheWrite(),
                (rates.cacheWrite() == null ? "input price (no cache-write price)" : "cache-write price") + suffix);
        tokens(lines, "output", amounts.output(), rates.output(), "output price" + suffix);
        tokens(lines, "reasoning", amounts.reasoning(), rates.effectiveReasoning(),
                (rates.reasoning() == null ? "output price (no reasoning price)" : "reasoning price") + suffix);
        if (amounts.unclassified() > 0) {
            flags.add(CostFlag.UNCLASSIFIED_AS_INPUT);
        }
        tokens(lines, "unclassified", amounts.unclassified(), rates.input(), "input price" + suffix);
        if (rule.requestFee() != null) {
            long billed = policy.feeOnFailures() ? amounts.requests()
                    : amounts.requests() - amounts.failedRequests();
            if (billed > 0) {
                lines.add(new CostLine("request fee", billed, rule.requestFee(), true,
                        rule.requestFee().multiply(BigDecimal.valueOf(billed)),
                        policy.feeOnFailures() ? "per request" : "per successful request"));
            }
        }
        BigDecimal total = BigDecimal.ZERO;
        for (CostLine line : lines) {
            total = total.add(line.amount());
        }
        return new CostBreakdown(rule, tier, lines, total, flags);
    }

    private static void tokens(List<CostLine> lines, String label, long quantity, BigDecimal pricePerMillion,
            String basis) {
        if (quantity == 0) {
            return;
        }
        BigDecimal amount = pricePerMillion.multiply(BigDecimal.valueOf(quantity)).movePointLeft(PER_MILLION);
        lines.add(new CostLine(label, quantity, pricePerMillion, false, amount, basis));
    }
}
