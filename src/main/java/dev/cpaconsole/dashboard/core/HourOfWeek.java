package dev.cpaconsole.dashboard.core;

import java.time.DayOfWeek;
import java.util.Arrays;

/** Requests per local hour of the week, Monday 00:00 first, in the display zone. */
public final class HourOfWeek {
    /** Hours in a week. */
    public static final int HOURS = 7 * 24;

    private final long[] requests = new long[HOURS];

    void add(DayOfWeek day, int hour, long count) {
        requests[(day.getValue() - 1) * 24 + hour] += count;
    }

    /** Requests on {@code day} in the local hour starting at {@code hour}. */
    public long requests(DayOfWeek day, int hour) {
        return requests[(day.getValue() - 1) * 24 + hour];
    }

    /** The busiest hour's requests. */
    public long max() {
        return Arrays.stream(requests).max().orElse(0);
    }

    /** All requests counted. */
    public long total() {
        return Arrays.stream(requests).sum();
    }
}
