package dev.cpaconsole.ui;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/** The time ranges the requests and audit filters offer. */
public enum TimeRange {
    LAST_HOUR("Last hour", Duration.ofHours(1)),
    TODAY("Today", null),
    LAST_24_HOURS("Last 24 hours", Duration.ofHours(24)),
    LAST_7_DAYS("Last 7 days", Duration.ofDays(7)),
    LAST_30_DAYS("Last 30 days", Duration.ofDays(30)),
    THIS_MONTH("This month", null),
    ALL("All", null),
    CUSTOM("Custom\u2026", null);

    private final String label;
    private final Duration length;

    TimeRange(String label, Duration length) {
        this.label = label;
        this.length = length;
    }

    public String label() {
        return label;
    }

    /** How far back from now the range reaches; null for the ranges that start at a local date or have no start. */
    public Duration length() {
        return length;
    }

    /** Whether the range starts at a local midnight, so that its start depends on the display zone. */
    public boolean startsAtLocalDate() {
        return this == TODAY || this == THIS_MONTH;
    }

    /**
     * Where the range starts when it ends at {@code now}, days cut in {@code zone}: null for
     * {@link #ALL} and {@link #CUSTOM}, whose start is not set by the clock.
     */
    public Instant start(Instant now, ZoneId zone) {
        return switch (this) {
            case TODAY -> LocalDate.ofInstant(now, zone).atStartOfDay(zone).toInstant();
            case THIS_MONTH -> LocalDate.ofInstant(now, zone).withDayOfMonth(1).atStartOfDay(zone).toInstant();
            case ALL, CUSTOM -> null;
            default -> now.minus(length);
        };
    }
}
