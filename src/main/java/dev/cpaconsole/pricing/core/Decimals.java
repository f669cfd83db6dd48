package dev.cpaconsole.pricing.core;

import java.math.BigDecimal;

/** Checks and normal forms of the decimal amounts in price rows. */
final class Decimals {
    /**
     * The highest price a row may hold, in USD per 1M tokens (or per request): well above any
     * model's, low enough to catch a price per token read as a price per 1M.
     */
    static final BigDecimal CEILING = new BigDecimal(100_000);

    private Decimals() {
    }

    /** {@code value} without trailing zeros, or null; a negative or implausibly high price is refused. */
    static BigDecimal price(String what, BigDecimal value) {
        if (value == null) {
            return null;
        }
        if (value.signum() < 0) {
            throw new IllegalArgumentException("the " + what + " price must not be negative: " + value.toPlainString());
        }
        if (value.compareTo(CEILING) > 0) {
            throw new IllegalArgumentException("the " + what + " price " + value.toPlainString()
                    + " is not plausible: prices are USD per 1M tokens, at most " + CEILING.toPlainString());
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /** {@code text} as a price, or null when blank; a clear error when it is not a plain decimal. */
    static BigDecimal parse(String what, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return price(what, new BigDecimal(text.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the " + what + " price '" + text.trim() + "' is not a number");
        }
    }

    /** The plain-text form of a price, or "" when not set. */
    static String format(BigDecimal value) {
        return value == null ? "" : value.toPlainString();
    }
}
