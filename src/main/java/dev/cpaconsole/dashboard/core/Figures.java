package dev.cpaconsole.dashboard.core;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

import dev.cpaconsole.pricing.core.CostTotals;
import dev.cpaconsole.usage.core.UsageStatistics.Totals;

/**
 * The figures of a dashboard's range and scope.
 *
 * @param totals requests, failures and tokens by bucket
 * @param failuresByStatus failed requests per CPA status code (0: CPA sent none), by code
 * @param cost the API-equivalent cost, with the unpriced requests kept apart
 * @param averageLatencyMs mean attempt duration; empty without requests
 * @param p50LatencyMs median latency from the latency histogram
 * @param p95LatencyMs 95th percentile latency from the latency histogram
 * @param averageTtftMs mean time to first token of the requests that reported one
 * @param outputTokensPerSecond output and reasoning tokens per second after the first token
 * @param requestsPerMinute requests per minute of the range up to the moment it was read
 * @param tokensPerMinute tokens per minute of the same time
 */
public record Figures(Totals totals, Map<Integer, Long> failuresByStatus, CostTotals cost,
        OptionalDouble averageLatencyMs, OptionalDouble p50LatencyMs, OptionalDouble p95LatencyMs,
        OptionalDouble averageTtftMs, OptionalDouble outputTokensPerSecond, OptionalDouble requestsPerMinute,
        OptionalDouble tokensPerMinute) {

    public Figures {
        failuresByStatus = Map.copyOf(failuresByStatus);
    }

    /** Failures by status code in ascending code order. */
    public Map<Integer, Long> failuresByStatusSorted() {
        return new TreeMap<>(failuresByStatus);
    }

    /** The share of requests that succeeded; empty without requests. */
    public OptionalDouble successRate() {
        return totals.requests() == 0 ? OptionalDouble.empty()
                : OptionalDouble.of((double) (totals.requests() - totals.failed()) / totals.requests());
    }
}
