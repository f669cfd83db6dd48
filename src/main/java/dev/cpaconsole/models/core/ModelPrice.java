package dev.cpaconsole.models.core;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The price rule a model matched: the model id or pattern of the rule and its prices in USD per
 * million tokens.
 *
 * @param rule the rule's model id or glob pattern, e.g. {@code gpt-5.4} or {@code claude-sonnet-4-*}
 * @param input price of a million input tokens
 * @param output price of a million output tokens
 */
public record ModelPrice(String rule, BigDecimal input, BigDecimal output) {
    public ModelPrice {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
    }

    /** E.g. {@code gpt-5.4 · in 1.25 / out 10}; prices without trailing zeros. */
    public String describe() {
        return rule + " \u00b7 " + rates();
    }

    /** The prices alone, e.g. {@code in 1.25 / out 10}. */
    public String rates() {
        return "in " + plain(input) + " / out " + plain(output);
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
