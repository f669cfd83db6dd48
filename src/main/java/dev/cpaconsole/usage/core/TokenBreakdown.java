package dev.cpaconsole.usage.core;

/**
 * CPA's own non-overlapping split, {@code token_breakdown} (accounting version 2, v7.2.97+).
 * Absent counts are zero.
 *
 * @param quality {@code complete}, {@code inconsistent} or {@code unclassified}; "" when absent
 * @param total {@code total_tokens}
 * @param inputTotal {@code input.total_tokens}
 * @param uncached {@code input.uncached_tokens}
 * @param cacheRead {@code input.cache_read_tokens}
 * @param cacheWrite {@code input.cache_write_tokens}
 * @param outputTotal {@code output.total_tokens}
 * @param nonReasoning {@code output.non_reasoning_tokens}
 * @param reasoning {@code output.reasoning_tokens}
 * @param unclassified {@code unclassified_tokens}
 */
public record TokenBreakdown(
        String quality,
        long total,
        long inputTotal,
        long uncached,
        long cacheRead,
        long cacheWrite,
        long outputTotal,
        long nonReasoning,
        long reasoning,
        long unclassified) {
}
