package dev.cpaconsole.pricing.core;

import java.math.BigDecimal;

/** Checks and normal forms of the decimal amounts in price rows. */
final class Decimals {
    private Decimals() {
    }

    /** {@code value} without trailing zeros, or null; a negative price is refused. */
    static BigDecimal price(String what, BigDecimal value) {
        if (value == null) {
            return null;
        }
        if (value.signum() < 0) {
            throw new IllegalArgumentException("the " + what + " price must not be negative: " + value.toPlainString());
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
