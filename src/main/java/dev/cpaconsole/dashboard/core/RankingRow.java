package dev.cpaconsole.dashboard.core;

import dev.cpaconsole.pricing.core.CostTotals;

/**
 * One row of a ranking.
 *
 * @param label the member as it reads on screen
 * @param requests its requests in the range and scope
 * @param failed its failed requests
 * @param tokens its tokens
 * @param cost their cost
 * @param narrowTo the dashboard's scope narrowed to this member, or null when it cannot be (the
 *     events without a client key, say)
 */
public record RankingRow(String label, long requests, long failed, long tokens, CostTotals cost,
        DashboardScope narrowTo) {
}
