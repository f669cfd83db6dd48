package dev.cpaconsole.keys.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cpaconsole.concurrent.Subscription;
import dev.cpaconsole.cpa.CpaException;
import dev.cpaconsole.schedule.Schedules;
import dev.cpaconsole.settings.core.CpaNotConfiguredException;

/**
 * Checks every managed key against its rules and CPA on a schedule: at start (catching up on
 * whatever period ended while the console was closed) and every {@link #INTERVAL} after, so a key
 * that runs over its budget leaves CPA within one interval of the usage that tripped it.
 */
public final class KeyEnforcement {
    private static final Logger LOG = LoggerFactory.getLogger(KeyEnforcement.class);

    /** How often keys are checked; budgets and quotas lag the usage they count by at most this. */
    public static final Duration INTERVAL = Duration.ofSeconds(60);
    static final String JOB = "key-enforcement";

    private final Schedules schedules;
    private final KeyService keys;
    private final List<Consumer<SyncReport>> listeners = new CopyOnWriteArrayList<>();

    public KeyEnforcement(Schedules schedules, KeyService keys) {
        this.schedules = Objects.requireNonNull(schedules, "schedules");
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** Starts the schedule, with the first check now. */
    public void start() {
        start(Instant.now(), () -> true);
    }

    /**
     * Starts the schedule with the first check at {@code firstRun}; a check whose turn comes while
     * {@code ready} says no is skipped (for one, while CPA has not accepted the management key,
     * which another part reports).
     */
    public void start(Instant firstRun, BooleanSupplier ready) {
        Objects.requireNonNull(ready, "ready");
        schedules.every(JOB, INTERVAL, firstRun, () -> {
            if (ready.getAsBoolean()) {
                runOnce();
            } else {
                LOG.debug("Key check skipped: not ready");
            }
        });
    }

    /** Stops the schedule; a check in progress ends normally. */
    public void stop() {
        schedules.cancel(JOB);
    }

    /**
     * Called with the report of every scheduled check, on the scheduler's thread, until the
     * subscription is closed.
     */
    public Subscription onReport(Consumer<SyncReport> listener) {
        Consumer<SyncReport> added = Objects.requireNonNull(listener, "listener")::accept;
        listeners.add(added);
        return () -> listeners.remove(added);
    }

    /** One check, as the schedule runs it; failures are logged, never thrown. */
    public void runOnce() {
        try {
            SyncReport report = keys.check(KeyService.CONSOLE, false);
            if (!report.changes().isEmpty()) {
                LOG.info("Key check: {} status changes applied to CPA", report.changes().size());
            }
            listeners.forEach(listener -> listener.accept(report));
        } catch (CpaNotConfiguredException e) {
            LOG.debug("Key check skipped: {}", e.getMessage());
        } catch (CpaException | KeyException e) {
            LOG.warn("Key check failed: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Key check failed", e);
        }
    }
}
