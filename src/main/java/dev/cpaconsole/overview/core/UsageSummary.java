package dev.cpaconsole.overview.core;

import java.time.Instant;
import java.util.OptionalDouble;

/**
 * What happened in one time window.
 *
 * @param from start of the window, inclusive
 * @param to end of the window, exclusive
 * @param requests usage events (upstream attempts) in the window
 * @param failed events CPA counted as failed
 * @param tokens tokens of all events
 * @param averageLatencyMs mean attempt duration, or 0 without events
 */
public record UsageSummary(Instant from, Instant to, long requests, long failed, TokenTotals tokens,
        double averageLatencyMs) {

    public long succeeded() {
        return requests - failed;
    }

    /** Share of successful events between 0 and 1; empty when there were none. */
    public OptionalDouble successRate() {
        return requests == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) succeeded() / requests);
    }
}
