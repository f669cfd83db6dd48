package dev.cpaconsole.overview.core;

import java.time.Instant;

/**
 * Successful and failed usage events in one slot of a time series.
 *
 * @param start start of the slot, inclusive; the slot lasts {@link OverviewSnapshot#slot()}
 */
public record RequestCounts(Instant start, long succeeded, long failed) {
    public long total() {
        return succeeded + failed;
    }
}
