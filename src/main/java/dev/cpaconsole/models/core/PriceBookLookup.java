package dev.cpaconsole.models.core;

import java.time.Instant;
import java.util.Optional;

import dev.cpaconsole.pricing.core.PriceRule;
import dev.cpaconsole.pricing.core.PriceStore;
import dev.cpaconsole.usage.core.CpaTimestamps;

/**
 * Prices models from the console's price table. A model is looked up as an event of any
 * provider that asked for it by its own id would be, so the row shows the rule such an event
 * matches; an event through a provider with its own row may match another.
 */
public final class PriceBookLookup implements PriceLookup {
    private final PriceStore store;

    public PriceBookLookup(PriceStore store) {
        this.store = store;
    }

    @Override
    public Optional<ModelPrice> priceOf(String modelId, Instant at) {
        return store.book().resolve("", modelId, modelId, CpaTimestamps.toEpochNanos(at)).map(match -> {
            PriceRule rule = match.rule();
            return new ModelPrice(rule.model(), rule.rates().input(), rule.rates().output());
        });
    }
}
