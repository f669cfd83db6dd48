package dev.cpaconsole.models.core;

import java.time.Instant;
import java.util.Optional;

/**
 * Finds the price a model matches. The inventory asks each time it hands out rows, so a price
 * changed since the last refresh shows at once.
 */
@FunctionalInterface
public interface PriceLookup {
    /** A lookup that prices nothing: every model reads as unpriced. */
    PriceLookup NONE = (modelId, at) -> Optional.empty();

    /** The price rule {@code modelId} matches at {@code at}, or empty when it is unpriced. */
    Optional<ModelPrice> priceOf(String modelId, Instant at);
}
