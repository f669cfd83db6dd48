package dev.cpaconsole.pricing.ui;

import java.util.Locale;

/** The fields of the price editor, each with the words the screen uses for it. */
public enum PriceField {
    MODEL("Model or pattern"),
    PROVIDER("Provider"),
    EFFECTIVE_FROM("Effective from"),
    INPUT("Input"),
    OUTPUT("Output"),
    CACHE_READ("Cache read"),
    CACHE_WRITE("Cache write"),
    REASONING("Reasoning"),
    REQUEST_FEE("Request fee"),
    TIER_THRESHOLD("Long-context threshold"),
    TIER_INPUT("Long-context input"),
    TIER_OUTPUT("Long-context output"),
    TIER_CACHE_READ("Long-context cache read"),
    TIER_CACHE_WRITE("Long-context cache write"),
    TIER_REASONING("Long-context reasoning"),
    REFERENCE("Reference"),
    READ_ON("Read on"),
    NOTE("Note");

    private final String label;

    PriceField(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The id part of the field's controls, e.g. {@code cache-read}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether the field is one of the long-context tier's prices. */
    public boolean isTierPrice() {
        return this == TIER_INPUT || this == TIER_OUTPUT || this == TIER_CACHE_READ || this == TIER_CACHE_WRITE
                || this == TIER_REASONING;
    }
}
