package dev.cpaconsole.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A clock that only moves when told to, so tests can cross a ban or a retention window without
 * waiting. Safe to advance from any thread.
 */
public final class ManualClock extends Clock {
    private final ZoneId zone;
    private volatile Instant now;

    public ManualClock(Instant start) {
        this(start, ZoneId.of("UTC"));
    }

    public ManualClock(Instant start, ZoneId zone) {
        this.now = Objects.requireNonNull(start, "start");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /** Moves the clock forward (or back, for a negative amount). */
    public synchronized void advance(Duration amount) {
        now = now.plus(amount);
    }

    public synchronized void set(Instant instant) {
        now = Objects.requireNonNull(instant, "instant");
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
        return new ManualClockView(this, newZone);
    }

    @Override
    public Instant instant() {
        return now;
    }

    /** The same moving time seen in another zone. */
    private static final class ManualClockView extends Clock {
        private final ManualClock source;
        private final ZoneId zone;

        ManualClockView(ManualClock source, ZoneId zone) {
            this.source = source;
            this.zone = zone;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId newZone) {
            return new ManualClockView(source, newZone);
        }

        @Override
        public Instant instant() {
            return source.instant();
        }
    }
}
