package dev.cpaconsole.overview.core;

/**
 * Token counts summed over many usage events, bucket by bucket. The buckets never overlap, so
 * {@code total} is their sum.
 */
public record TokenTotals(
        long uncachedInput,
        long cacheRead,
        long cacheWrite,
        long output,
        long reasoning,
        long unclassified,
        long total) {

    public static final TokenTotals ZERO = new TokenTotals(0, 0, 0, 0, 0, 0, 0);

    /** All input tokens: uncached, cache reads and cache writes. */
    public long totalInput() {
        return uncachedInput + cacheRead + cacheWrite;
    }

    /** All output tokens, reasoning included. */
    public long totalOutput() {
        return output + reasoning;
    }
}
