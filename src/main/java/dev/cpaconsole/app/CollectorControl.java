package dev.cpaconsole.app;

import java.util.function.Consumer;

import dev.cpaconsole.collector.core.CollectorHealth;
import dev.cpaconsole.concurrent.Subscription;

/**
 * The collector as the desktop shell controls it. The composition root adapts the running
 * collector to this interface; {@link #restart()} is how applied settings take effect.
 * {@link #start()}, {@link #stop()} and {@link #restart()} may block on the network: the shell
 * calls them on a background task, never on the JavaFX thread.
 */
public interface CollectorControl {
    /** The latest health; {@link CollectorHealth#stopped()} before the first start. */
    CollectorHealth health();

    /**
     * Registers a listener for every change of health, called on whatever thread the collector
     * reports from. The listener should be quick and must not block.
     */
    Subscription addHealthListener(Consumer<CollectorHealth> listener);

    /** Starts collecting with the saved settings and management key; does nothing when running. */
    void start();

    /** Stops collecting; does nothing when stopped. */
    void stop();

    /** Stops, re-reads the saved settings and management key, and starts again. */
    void restart();

    /** A collector that never runs: always stopped, never reports. For a console without CPA. */
    static CollectorControl idle() {
        return new CollectorControl() {
            @Override
            public CollectorHealth health() {
                return CollectorHealth.stopped();
            }

            @Override
            public Subscription addHealthListener(Consumer<CollectorHealth> listener) {
                return () -> {
                };
            }

            @Override
            public void start() {
            }

            @Override
            public void stop() {
            }

            @Override
            public void restart() {
            }
        };
    }
}
