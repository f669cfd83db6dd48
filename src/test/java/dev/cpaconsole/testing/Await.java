package dev.cpaconsole.testing;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Waits for a condition by polling, with a generous limit, instead of sleeping a fixed time. */
public final class Await {
    public static final Duration DEFAULT_LIMIT = Duration.ofSeconds(15);

    private Await() {
    }

    public static void until(String what, BooleanSupplier condition) throws TimeoutException {
        until(what, DEFAULT_LIMIT, condition);
    }

    public static void until(String what, Duration limit, BooleanSupplier condition) throws TimeoutException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("Gave up after " + limit.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TimeoutException("Interrupted while waiting for " + what);
            }
        }
    }
}
