package dev.cpaconsole.dashboard.core;

import java.time.Instant;
import java.util.OptionalDouble;

import dev.cpaconsole.pricing.core.CostTotals;

/**
 * One local hour or day of a dashboard's series, clipped to the range.
 *
 * @param start first instant of the bucket within the range
 * @param end first instant after it
 * @param label the local hour with its offset ({@code 2026-11-01T01:00-04:00}) or the local date
 * @param requests requests in the bucket
 * @param failed failed requests
 * @param tokens all tokens
 * @param cost their cost
 * @param p50LatencyMs median latency, empty without requests
 * @param p95LatencyMs 95th percentile latency, empty without requests
 */
public record SeriesPoint(Instant start, Instant end, String label, long requests, long failed, long tokens,
        CostTotals cost, OptionalDouble p50LatencyMs, OptionalDouble p95LatencyMs) {

    public long succeeded() {
        return requests - failed;
    }
}
