package dev.cpaconsole.usage.core;

/**
 * The flat {@code tokens} object of a usage record, as CPA reports it. Which fields overlap
 * depends on the provider (see {@link ProviderFamily}); absent counts are zero.
 *
 * @param input {@code input_tokens}
 * @param output {@code output_tokens}
 * @param reasoning {@code reasoning_tokens}
 * @param cached {@code cached_tokens}
 * @param cacheRead {@code cache_read_tokens}, or null when the record does not carry it (before v7.0.3)
 * @param cacheReadPresent {@code cache_read_tokens_present}, or null when absent (before v7.2.74)
 * @param cacheCreation {@code cache_creation_tokens}
 * @param total {@code total_tokens}; zero when absent
 */
public record TokenCounts(
        long input,
        long output,
        long reasoning,
        long cached,
        Long cacheRead,
        Boolean cacheReadPresent,
        long cacheCreation,
        long total) {

    /** Counts of an older record that knows only the five original fields. */
    public static TokenCounts of(long input, long output, long reasoning, long cached, long total) {
        return new TokenCounts(input, output, reasoning, cached, null, null, 0, total);
    }

    /**
     * Cache reads: {@code cache_read_tokens} when the record says it is reported (or, on records
     * without that flag, when it is non-zero), else {@code cached_tokens}.
     */
    public long effectiveCacheRead() {
        if (cacheReadPresent != null) {
            return cacheReadPresent && cacheRead != null ? cacheRead : cached;
        }
        return cacheRead != null && cacheRead != 0 ? cacheRead : cached;
    }
}
