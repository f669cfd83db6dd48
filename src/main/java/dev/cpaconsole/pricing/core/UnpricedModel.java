package dev.cpaconsole.pricing.core;

import java.time.Instant;

/**
 * Events no price row matched, by the names that failed to match.
 *
 * @param provider CPA provider
 * @param model upstream model
 * @param alias model name the client asked for
 * @param requests records
 * @param tokens their tokens, every bucket
 * @param firstSeen the earliest such event in the range
 * @param lastSeen the latest
 */
public record UnpricedModel(String provider, String model, String alias, long requests, long tokens,
        Instant firstSeen, Instant lastSeen) {
}
