package dev.cpaconsole.pricing.core;

import dev.cpaconsole.usage.core.TokenBuckets;
import java.util.Objects;

/**
 * The price rows and the cost policy as read at one moment, so that a screen prices every event
 * it shows against the same prices until they change.
 *
 * @param book the price rows
 * @param policy what is billed beyond tokens
 */
public record PriceSnapshot(PriceBook book, CostPolicy policy) {

    public PriceSnapshot {
        Objects.requireNonNull(book, "book");
        Objects.requireNonNull(policy, "policy");
    }

    /** Reads the current rows and policy from {@code store}; touches the database. */
    public static PriceSnapshot of(PriceStore store) {
        return new PriceSnapshot(store.book(), store.policy());
    }

    /** The cost of one event, exactly as {@link EventCost#of} computes it. */
    public EventCost cost(String provider, String model, String alias, long timestampNanos, TokenBuckets tokens,
            boolean failed) {
        return EventCost.of(book, policy, provider, model, alias, timestampNanos, tokens, failed);
    }
}
