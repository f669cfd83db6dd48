package dev.cpaconsole.collector.core;

/** The transport that brings usage events from CPA. */
public enum CollectorMode {
    NONE("none"),
    /** RESP {@code SUBSCRIBE usage} (CPA v7.0.7+): coexists with other collectors. */
    RESP_SUBSCRIBE("RESP subscribe"),
    /** HTTP {@code GET /usage-queue} (CPA v6.10.8+): destructive pop. */
    HTTP_QUEUE("HTTP queue"),
    /** RESP {@code LPOP usage n} (CPA v6.9.38 to v6.10.7). */
    RESP_POP("RESP pop");

    private final String label;

    CollectorMode(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
