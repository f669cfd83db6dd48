package dev.cpaconsole.pricing.core;

import java.util.Objects;

/**
 * A long-context tier: when a request's input, cache reads and writes included, is strictly above
 * {@code thresholdTokens}, {@code rates} apply to the whole request.
 *
 * @param thresholdTokens input tokens at or below which the base prices apply; positive
 * @param rates prices above the threshold
 */
public record PriceTier(long thresholdTokens, Rates rates) {

    public PriceTier {
        if (thresholdTokens <= 0) {
            throw new IllegalArgumentException("the tier threshold must be a positive token count");
        }
        Objects.requireNonNull(rates, "rates");
    }

    /** Whether a request with {@code inputTokens} input is billed at this tier. */
    public boolean appliesTo(long inputTokens) {
        return inputTokens > thresholdTokens;
    }
}
