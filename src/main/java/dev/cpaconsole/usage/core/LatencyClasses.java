package dev.cpaconsole.usage.core;

import java.util.Arrays;

/**
 * The classes of the latency histogram that roll-ups keep: class 0 is below 100 ms, class
 * {@code k} from the previous bound up to {@code round(100 ms × 2^(0.4 k))}, class 31 from
 * 409.6 s on. Each class is about 32 % wider than the one before, so a percentile read from the
 * histogram is within about 15 % of the exact one, whatever the range.
 */
public final class LatencyClasses {
    /** Number of classes. */
    public static final int COUNT = 32;

    /** Upper bounds in ms (exclusive) of classes 0 to 30; the same values as migration V5. */
    private static final long[] UPPER_BOUNDS = new long[COUNT - 1];

    static {
        for (int k = 0; k < UPPER_BOUNDS.length; k++) {
            UPPER_BOUNDS[k] = Math.round(100 * Math.pow(2, 0.4 * k));
        }
    }

    private LatencyClasses() {
    }

    /** The class of a latency in milliseconds. */
    public static int of(long latencyMs) {
        int at = Arrays.binarySearch(UPPER_BOUNDS, latencyMs);
        // An exact bound belongs to the next class: bounds are exclusive.
        return at >= 0 ? at + 1 : -at - 1;
    }

    /** The first latency in ms of class {@code k}. */
    public static long lowerBound(int k) {
        return k == 0 ? 0 : UPPER_BOUNDS[k - 1];
    }

    /** The first latency in ms above class {@code k}, or {@link Long#MAX_VALUE} for the last class. */
    public static long upperBound(int k) {
        return k == COUNT - 1 ? Long.MAX_VALUE : UPPER_BOUNDS[k];
    }

    /**
     * The latency at quantile {@code q} (0 to 1) of a histogram of {@link #COUNT} counts, or -1
     * when it is empty. Within a class, requests are taken as spread evenly on a logarithmic
     * scale; the open last class is read as its lower bound.
     */
    public static double quantile(long[] counts, double q) {
        long total = Arrays.stream(counts).sum();
        if (total == 0) {
            return -1;
        }
        double rank = q * total;
        long seen = 0;
        for (int k = 0; k < counts.length; k++) {
            if (counts[k] == 0) {
                continue;
            }
            if (seen + counts[k] >= rank) {
                double within = Math.max(0, Math.min(1, (rank - seen) / counts[k]));
                if (k == COUNT - 1) {
                    return lowerBound(k);
                }
                double low = k == 0 ? 1 : lowerBound(k);
                double high = upperBound(k);
                return low * Math.pow(high / low, within);
            }
            seen += counts[k];
        }
        return lowerBound(COUNT - 1);
    }
}
