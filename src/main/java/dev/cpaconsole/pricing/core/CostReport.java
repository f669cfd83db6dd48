package dev.cpaconsole.pricing.core;

import java.util.List;
import java.util.Map;

/**
 * Cost of the events in a range, in total and per group.
 *
 * @param totals every event
 * @param groups per group label, the same labels as the usage statistics use; empty without grouping
 * @param unpriced the names without a price, most requests first
 */
public record CostReport(CostTotals totals, Map<String, CostTotals> groups, List<UnpricedModel> unpriced) {

    public CostReport {
        groups = Map.copyOf(groups);
        unpriced = List.copyOf(unpriced);
    }

    /** The cost of the group labelled {@code label}, zero when it has no events. */
    public CostTotals group(String label) {
        return groups.getOrDefault(label, CostTotals.ZERO);
    }
}
