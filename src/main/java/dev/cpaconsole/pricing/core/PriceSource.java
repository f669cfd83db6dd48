package dev.cpaconsole.pricing.core;

import java.util.Locale;

/** Where a price came from. A manual price is never replaced by an import or a catalogue update. */
public enum PriceSource {
    /** Shipped with the console in {@code data/prices/catalogue.csv}. */
    CATALOGUE,
    /** Read from a LiteLLM JSON or a CSV file. */
    IMPORT,
    /** Entered or edited by the operator. */
    MANUAL;

    /** The name used in files and the database: {@code catalogue}, {@code import}, {@code manual}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The source named {@code code}, ignoring case. */
    public static PriceSource fromCode(String code) {
        for (PriceSource source : values()) {
            if (source.code().equalsIgnoreCase(code.trim())) {
                return source;
            }
        }
        throw new IllegalArgumentException("unknown price source '" + code + "' (use catalogue, import or manual)");
    }
}
