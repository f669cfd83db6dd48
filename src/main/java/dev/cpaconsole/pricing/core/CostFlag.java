package dev.cpaconsole.pricing.core;

/** Something a reader of a cost should know about how it was reached. */
public enum CostFlag {
    /** Cache tokens were priced at the input price because the row has no cache price. */
    CACHE_PRICE_MISSING("cache price missing"),
    /** Tokens in no bucket were priced at the input price. */
    UNCLASSIFIED_AS_INPUT("unclassified tokens priced as input"),
    /** Input above the row's threshold: the long-context prices applied. */
    LONG_CONTEXT("long-context prices");

    private final String label;

    CostFlag(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
