package dev.cpaconsole.settings.core;

import dev.cpaconsole.collector.core.CollectorMode;

/**
 * Which transport the operator wants the collector to use: the best one the connected CPA
 * offers, or one in particular.
 */
public enum ModePreference {
    AUTOMATIC(null),
    RESP_SUBSCRIBE(CollectorMode.RESP_SUBSCRIBE),
    HTTP_QUEUE(CollectorMode.HTTP_QUEUE),
    RESP_POP(CollectorMode.RESP_POP);

    private final CollectorMode mode;

    ModePreference(CollectorMode mode) {
        this.mode = mode;
    }

    /** The fixed transport, or null for {@link #AUTOMATIC}. */
    public CollectorMode mode() {
        return mode;
    }

    public String label() {
        return mode == null ? "Automatic (best the CPA supports)" : mode.label();
    }
}
