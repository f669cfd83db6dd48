package dev.cpaconsole.dashboard.core;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

import dev.cpaconsole.usage.core.CpaTimestamps;
import dev.cpaconsole.usage.core.Rollups;

/**
 * The half-open range {@code [from, to)} a dashboard sums, the zone its days and hours are cut in,
 * and the preset it came from.
 *
 * <p>A range longer than a day is widened to whole quarter hours: its start down, its end up. The
 * roll-up row of the quarter hour in progress already holds every event stored so far, so such a
 * range is read from roll-ups alone, never from the events.
 *
 * @param from first instant counted
 * @param to first instant no longer counted
 * @param zone where local days and hours start
 * @param preset which preset made the range
 */
public record DashboardRange(Instant from, Instant to, ZoneId zone, RangePreset preset) {
    /** The first day a custom range may start: instants are kept as 64-bit epoch nanoseconds. */
    public static final LocalDate FIRST_DAY = LocalDate.of(1700, 1, 1);
    /** The last day a custom range may end. */
    public static final LocalDate LAST_DAY = LocalDate.of(2250, 12, 31);
    /** Ranges up to this long are read exactly; longer ones are widened to quarter hours. */
    public static final Duration EXACT_UP_TO = Duration.ofDays(1);
    /** Series of ranges up to this long are hourly; longer ones daily. */
    public static final Duration HOURLY_UP_TO = Duration.ofHours(48);

    private static final long QUARTER_NANOS = Rollups.GRAIN_NANOS[Rollups.QUARTER];

    public DashboardRange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(preset, "preset");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("a range must end after it starts: " + from + " .. " + to);
        }
    }

    /** The range of {@code preset} at {@code now} in {@code zone}; not for {@link RangePreset#CUSTOM}. */
    public static DashboardRange of(RangePreset preset, Instant now, ZoneId zone) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        Instant midnight = today.atStartOfDay(zone).toInstant();
        // At midnight itself today is still a range, one nanosecond long.
        Instant end = now.isAfter(midnight) ? now : midnight.plusNanos(1);
        return switch (preset) {
            case TODAY -> snapped(midnight, end, zone, preset);
            case LAST_24_HOURS -> snapped(now.minus(Duration.ofHours(24)), end, zone, preset);
            case LAST_7_DAYS -> snapped(now.minus(Duration.ofDays(7)), end, zone, preset);
            case LAST_30_DAYS -> snapped(now.minus(Duration.ofDays(30)), end, zone, preset);
            case THIS_MONTH -> snapped(today.withDayOfMonth(1).atStartOfDay(zone).toInstant(), end, zone, preset);
            case CUSTOM -> throw new IllegalArgumentException("a custom range needs its dates");
        };
    }

    /**
     * The local dates {@code first} to {@code last}, both included, in {@code zone}.
     *
     * @throws IllegalArgumentException when {@code last} is before {@code first} or either lies
     *     outside {@link #FIRST_DAY} to {@link #LAST_DAY}
     */
    public static DashboardRange custom(LocalDate first, LocalDate last, ZoneId zone) {
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("The range ends on " + last + ", before it starts on " + first);
        }
        if (first.isBefore(FIRST_DAY) || last.isAfter(LAST_DAY)) {
            throw new IllegalArgumentException("Custom ranges lie between " + FIRST_DAY + " and " + LAST_DAY);
        }
        return snapped(first.atStartOfDay(zone).toInstant(), last.plusDays(1).atStartOfDay(zone).toInstant(), zone,
                RangePreset.CUSTOM);
    }

    private static DashboardRange snapped(Instant from, Instant to, ZoneId zone, RangePreset preset) {
        if (Duration.between(from, to).compareTo(EXACT_UP_TO) <= 0) {
            return new DashboardRange(from, to, zone, preset);
        }
        long start = CpaTimestamps.toEpochNanos(from);
        long end = CpaTimestamps.toEpochNanos(to);
        long snappedStart = Math.floorDiv(start, QUARTER_NANOS) * QUARTER_NANOS;
        long snappedEnd = Math.floorDiv(end + QUARTER_NANOS - 1, QUARTER_NANOS) * QUARTER_NANOS;
        return new DashboardRange(CpaTimestamps.fromEpochNanos(snappedStart), CpaTimestamps.fromEpochNanos(snappedEnd),
                zone, preset);
    }

    /** The length of the range. */
    public Duration length() {
        return Duration.between(from, to);
    }

    /** Whether the range's series is cut in local hours (else in local days). */
    public boolean hourly() {
        return length().compareTo(HOURLY_UP_TO) <= 0;
    }

    /** Whether the range is read from roll-ups alone: its ends lie on quarter hours. */
    public boolean onQuarterHours() {
        return Math.floorMod(CpaTimestamps.toEpochNanos(from), QUARTER_NANOS) == 0
                && Math.floorMod(CpaTimestamps.toEpochNanos(to), QUARTER_NANOS) == 0;
    }
}
