package dev.cpaconsole.ui;

import java.time.Duration;

/** The time ranges the requests and audit filters offer. */
public enum TimeRange {
    LAST_HOUR("Last hour", Duration.ofHours(1)),
    LAST_24_HOURS("Last 24 hours", Duration.ofHours(24)),
    LAST_7_DAYS("Last 7 days", Duration.ofDays(7)),
    LAST_30_DAYS("Last 30 days", Duration.ofDays(30)),
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

    /** How far back from now the range reaches; null for {@link #ALL} and {@link #CUSTOM}. */
    public Duration length() {
        return length;
    }
}
