package dev.cpaconsole.collector.core;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Pauses between reconnect attempts: doubling from a minimum to a cap, each pause spread by up to
 * a fifth either way so that several consoles do not knock on CPA in step.
 */
final class ReconnectBackoff {
    private final Duration min;
    private final Duration max;
    private final RandomGenerator random;
    private int failures;

    ReconnectBackoff(Duration min, Duration max, RandomGenerator random) {
        this.min = min;
        this.max = max;
        this.random = random;
    }

    /** The pause before the next attempt; each call lengthens the one after. */
    Duration next() {
        long base = min.toMillis() << Math.min(failures, 30);
        failures++;
        long capped = Math.min(base <= 0 ? max.toMillis() : base, max.toMillis());
        double spread = 0.8 + 0.4 * random.nextDouble();
        return Duration.ofMillis(Math.max(1, Math.min(max.toMillis(), Math.round(capped * spread))));
    }

    void reset() {
        failures = 0;
    }
}
