package dev.cpaconsole.pricing.ui;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.cpaconsole.pricing.core.CostQuery;
import dev.cpaconsole.pricing.core.CostTotals;
import dev.cpaconsole.pricing.core.PriceFormat;
import dev.cpaconsole.ui.Formats;

/** What a change of prices does to the cost of recent history, in the words the screens use. */
public final class CostChange {
    /** How far back a price change is tried before it is saved. */
    public static final Duration PERIOD = Duration.ofDays(30);

    private CostChange() {
    }

    /**
     * {@code Last 30 days: $1.20 → $2.40}, and a second line for the unpriced requests when
     * their number changes.
     */
    public static String describe(CostQuery.Comparison comparison) {
        CostTotals before = comparison.before();
        CostTotals after = comparison.after();
        if (requests(before) == 0) {
            return "No requests in the last 30 days, so their cost does not change.";
        }
        List<String> lines = new ArrayList<>();
        String was = PriceFormat.usd(before.cost());
        String will = PriceFormat.usd(after.cost());
        lines.add("Last 30 days: " + was + " \u2192 " + will
                + (before.cost().compareTo(after.cost()) == 0 ? " (no change)" : ""));
        if (before.unpricedRequests() != after.unpricedRequests()) {
            lines.add("Unpriced requests: " + Formats.count(before.unpricedRequests()) + " \u2192 "
                    + Formats.count(after.unpricedRequests()));
        }
        return String.join("\n", lines);
    }

    private static long requests(CostTotals totals) {
        return totals.pricedRequests() + totals.unpricedRequests();
    }
}
