package dev.cpaconsole.usage.core;

/**
 * Token counts of one usage event split into buckets that never overlap, so any sum of them is
 * meaningful. {@code total} always equals the sum of the six buckets.
 *
 * @param uncachedInput input tokens read without a cache hit
 * @param cacheRead input tokens served from the provider's prompt cache
 * @param cacheWrite input tokens written to the prompt cache
 * @param output output tokens without reasoning
 * @param reasoning reasoning (thinking) tokens
 * @param unclassified tokens the record reports in its total but does not place in any bucket
 * @param total the sum of all buckets
 * @param inconsistent the record's numbers contradicted each other and were clamped
 * @param accounting how the split was derived
 */
public record TokenBuckets(
        long uncachedInput,
        long cacheRead,
        long cacheWrite,
        long output,
        long reasoning,
        long unclassified,
        long total,
        boolean inconsistent,
        TokenAccountingSource accounting) {

    public static final TokenBuckets ZERO =
            new TokenBuckets(0, 0, 0, 0, 0, 0, 0, false, TokenAccountingSource.PROVIDER_RULES);

    public TokenBuckets {
        long sum = uncachedInput + cacheRead + cacheWrite + output + reasoning + unclassified;
        if (uncachedInput < 0 || cacheRead < 0 || cacheWrite < 0 || output < 0 || reasoning < 0
                || unclassified < 0) {
            throw new IllegalArgumentException("token buckets must not be negative");
        }
        if (total != sum) {
            throw new IllegalArgumentException("total " + total + " is not the sum of the buckets " + sum);
        }
    }

    /** All input tokens: uncached, cache reads and cache writes. */
    public long totalInput() {
        return uncachedInput + cacheRead + cacheWrite;
    }

    /** All output tokens, reasoning included. */
    public long totalOutput() {
        return output + reasoning;
    }
}
