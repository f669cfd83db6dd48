package dev.cpaconsole.overview.ui;

/**
 * The scale of an axis of request counts: whole-number ticks only, since a half request means
 * nothing, at steps of 1, 2 or 5 times a power of ten so that there are at most {@link #MAX_TICKS}.
 *
 * @param tickUnit the step between ticks, at least 1
 * @param upperBound the top of the axis, a multiple of the step and at least one step
 */
record CountAxisScale(long tickUnit, long upperBound) {
    static final int MAX_TICKS = 8;

    /** The scale that shows counts up to {@code highest}. */
    static CountAxisScale upTo(long highest) {
        for (long magnitude = 1; ; magnitude *= 10) {
            for (long factor : new long[] {1, 2, 5}) {
                long step = factor * magnitude;
                if (highest <= step * MAX_TICKS) {
                    long steps = Math.max(1, (highest + step - 1) / step);
                    return new CountAxisScale(step, steps * step);
                }
            }
        }
    }
}
