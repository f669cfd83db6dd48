package dev.cpaconsole.pricing.core;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

/**
 * The cost of some usage under one price row, term by term.
 *
 * @param rule the row that priced it
 * @param longContext whether the row's long-context prices applied
 * @param lines the non-zero terms in a fixed order: uncached input, cache read, cache write,
 *     output, reasoning, unclassified, request fee
 * @param total USD, exact: the sum of the lines
 * @param flags what a reader should know
 */
public record CostBreakdown(PriceRule rule, boolean longContext, List<CostLine> lines, BigDecimal total,
        Set<CostFlag> flags) {

    public CostBreakdown {
        lines = List.copyOf(lines);
        flags = Set.copyOf(flags);
    }
}
