package dev.cpaconsole.overview.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Everything the overview shows, read at one instant.
 *
 * @param at when the snapshot was taken
 * @param today the local calendar day so far
 * @param last24Hours the 24 hours before {@code at}
 * @param slot length of each slot in {@code requestsOverTime}
 * @param requestsOverTime one entry per slot from 24 hours ago up to now, oldest first, with
 *     empty slots included
 */
public record OverviewSnapshot(Instant at, UsageSummary today, UsageSummary last24Hours, Duration slot,
        List<RequestCounts> requestsOverTime) {

    public OverviewSnapshot {
        requestsOverTime = List.copyOf(requestsOverTime);
    }
}
