package dev.cpaconsole.ui;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Collectors;

import dev.cpaconsole.pricing.core.CostFlag;
import dev.cpaconsole.pricing.core.CostLine;
import dev.cpaconsole.pricing.core.CostTotals;
import dev.cpaconsole.pricing.core.EventCost;
import dev.cpaconsole.pricing.core.PriceFormat;

/** How costs read on every screen, so that one request shows the same cost wherever it appears. */
public final class CostTexts {
    /** Said wherever a cost is shown. */
    public static final String ESTIMATE_NOTE = "Costs are API-equivalent estimates at the vendors' public per-token "
            + "prices; subscription accounts are not billed per token.";
    /** The short form of {@link #ESTIMATE_NOTE}, for captions next to a figure. */
    public static final String ESTIMATE = "API-equivalent estimate";
    /** Shown instead of a cost when no price matches. */
    public static final String UNPRICED = "unpriced";
    /** Follows a cost that a reader should look into; the flags say why. */
    public static final String FLAG_MARK = " *";

    private CostTexts() {
    }

    /** The cost of one event as a list shows it: {@code $0.0123}, {@code $0.0123 *} when flagged, or "unpriced". */
    public static String cell(EventCost cost) {
        if (!cost.priced()) {
            return UNPRICED;
        }
        return PriceFormat.usd(cost.breakdown().total()) + (cost.breakdown().flags().isEmpty() ? "" : FLAG_MARK);
    }

    /** The flags in words, e.g. {@code cache price missing, long-context prices}; "" without flags. */
    public static String flags(Set<CostFlag> flags) {
        return flags.stream().sorted(Comparator.naturalOrder()).map(CostFlag::label)
                .collect(Collectors.joining(", "));
    }

    /** An exact amount in dollars, every digit kept: {@code $0.000306875}. */
    public static String exact(BigDecimal amount) {
        BigDecimal stripped = amount.stripTrailingZeros();
        return "$" + (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }

    /** One term of a cost: {@code 2,455 × $0.125 per 1M = $0.000306875}. */
    public static String formula(CostLine line) {
        return Formats.count(line.quantity()) + " \u00d7 " + exact(line.unitPrice())
                + (line.perRequest() ? " per request" : " per 1M") + " = " + exact(line.amount());
    }

    /** The total of a range: {@code $12.34}, or "–" when nothing in it could be priced. */
    public static String total(CostTotals totals) {
        if (totals.pricedRequests() == 0 && totals.unpricedRequests() > 0) {
            return Formats.NONE;
        }
        return PriceFormat.usd(totals.cost());
    }

    /** {@code 3 requests unpriced}, or "" when every request was priced. */
    public static String unpriced(CostTotals totals) {
        long count = totals.unpricedRequests();
        if (count == 0) {
            return "";
        }
        return Formats.count(count) + (count == 1 ? " request unpriced" : " requests unpriced");
    }
}
