package dev.cpaconsole.pricing.core;

import dev.cpaconsole.usage.core.TokenBuckets;

/**
 * Requests and token sums of a set of events that share a price: one event, or a group summed in
 * the database. Cost is linear in these numbers, so a sum costs exactly what its events cost.
 *
 * @param requests records (upstream attempts)
 * @param failedRequests the records CPA counted as failed
 * @param uncachedInput input without a cache hit
 * @param cacheRead input served from the prompt cache
 * @param cacheWrite input written to the prompt cache
 * @param output output without reasoning
 * @param reasoning reasoning
 * @param unclassified tokens in a total but in no bucket
 */
public record UsageAmounts(long requests, long failedRequests, long uncachedInput, long cacheRead, long cacheWrite,
        long output, long reasoning, long unclassified) {

    public static final UsageAmounts ZERO = new UsageAmounts(0, 0, 0, 0, 0, 0, 0, 0);

    /** One event. */
    public static UsageAmounts of(TokenBuckets tokens, boolean failed) {
        return new UsageAmounts(1, failed ? 1 : 0, tokens.uncachedInput(), tokens.cacheRead(), tokens.cacheWrite(),
                tokens.output(), tokens.reasoning(), tokens.unclassified());
    }

    public UsageAmounts plus(UsageAmounts other) {
        return new UsageAmounts(requests + other.requests, failedRequests + other.failedRequests,
                uncachedInput + other.uncachedInput, cacheRead + other.cacheRead, cacheWrite + other.cacheWrite,
                output + other.output, reasoning + other.reasoning, unclassified + other.unclassified);
    }

    /** Every token of every bucket. */
    public long totalTokens() {
        return uncachedInput + cacheRead + cacheWrite + output + reasoning + unclassified;
    }
}
