package dev.cpaconsole.collector.core;

import java.time.Instant;

/** Counts items in one-second buckets to tell how many arrived during the last minute. */
final class EventRate {
    private static final int SECONDS = 60;

    private final long[] counts = new long[SECONDS];
    private final long[] seconds = new long[SECONDS];

    synchronized void add(Instant at, long items) {
        long second = at.getEpochSecond();
        int slot = (int) Math.floorMod(second, (long) SECONDS);
        if (seconds[slot] != second) {
            seconds[slot] = second;
            counts[slot] = 0;
        }
        counts[slot] += items;
    }

    synchronized long lastMinute(Instant now) {
        long current = now.getEpochSecond();
        long sum = 0;
        for (int slot = 0; slot < SECONDS; slot++) {
            if (current - seconds[slot] < SECONDS && seconds[slot] <= current) {
                sum += counts[slot];
            }
        }
        return sum;
    }
}
