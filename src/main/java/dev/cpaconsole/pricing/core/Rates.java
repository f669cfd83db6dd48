package dev.cpaconsole.pricing.core;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Prices of the token kinds, USD per 1 000 000 tokens. An empty (null) cache price is not free:
 * it falls back to the input price and the cost is flagged; an empty reasoning price means the
 * output price. Zero is honoured as free.
 *
 * @param input uncached input; required
 * @param output output; required
 * @param cacheRead input served from the prompt cache, or null
 * @param cacheWrite input written to the prompt cache, or null
 * @param reasoning reasoning tokens, or null for the output price
 */
public record Rates(BigDecimal input, BigDecimal output, BigDecimal cacheRead, BigDecimal cacheWrite,
        BigDecimal reasoning) {

    public Rates {
        Objects.requireNonNull(input, "the input price is required");
        Objects.requireNonNull(output, "the output price is required");
        input = Decimals.price("input", input);
        output = Decimals.price("output", output);
        cacheRead = Decimals.price("cache read", cacheRead);
        cacheWrite = Decimals.price("cache write", cacheWrite);
        reasoning = Decimals.price("reasoning", reasoning);
    }

    /** Only an input and an output price. */
    public static Rates of(String input, String output) {
        return new Rates(new BigDecimal(input), new BigDecimal(output), null, null, null);
    }

    /** The cache-read price in use: its own, or the input price when it is not set. */
    public BigDecimal effectiveCacheRead() {
        return cacheRead == null ? input : cacheRead;
    }

    /** The cache-write price in use: its own, or the input price when it is not set. */
    public BigDecimal effectiveCacheWrite() {
        return cacheWrite == null ? input : cacheWrite;
    }

    /** The reasoning price in use: its own, or the output price when it is not set. */
    public BigDecimal effectiveReasoning() {
        return reasoning == null ? output : reasoning;
    }
}
