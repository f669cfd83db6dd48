package dev.cpaconsole.pricing.ui;

import java.time.Duration;

/** How far back the unpriced list looks. */
public enum Period {
    LAST_24_HOURS("Last 24 hours", Duration.ofHours(24)),
    LAST_7_DAYS("Last 7 days", Duration.ofDays(7)),
    LAST_30_DAYS("Last 30 days", Duration.ofDays(30)),
    ALL("All history", null);

    private final String label;
    private final Duration length;

    Period(String label, Duration length) {
        this.label = label;
        this.length = length;
    }

    public String label() {
        return label;
    }

    /** How far back from now; null for all history. */
    public Duration length() {
        return length;
    }
}
