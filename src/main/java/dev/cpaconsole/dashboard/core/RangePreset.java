package dev.cpaconsole.dashboard.core;

/** The time ranges a dashboard offers, cut in its display zone. */
public enum RangePreset {
    /** From the local midnight of today up to now. */
    TODAY("Today"),
    /** The last 24 hours up to now. */
    LAST_24_HOURS("24 h"),
    /** The last 7 days up to now. */
    LAST_7_DAYS("7 d"),
    /** The last 30 days up to now. */
    LAST_30_DAYS("30 d"),
    /** From the first local midnight of this month up to now. */
    THIS_MONTH("This month"),
    /** From the start of one local date to the end of another. */
    CUSTOM("Custom");

    private final String label;

    RangePreset(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
