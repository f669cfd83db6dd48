package dev.cpaconsole.usage.core;

import java.util.Locale;
import java.util.Set;

/**
 * Splits the token counts of a usage record into non-overlapping {@link TokenBuckets}. The exact
 * rules are written down in {@code docs/token-accounting.md}; in short: CPA's
 * {@code token_breakdown} when the record has one, otherwise the flat counts read with the
 * overlap rules of the provider's family. Numbers that contradict each other are clamped at zero
 * and the result is flagged inconsistent, so sums stay meaningful and the doubt stays visible.
 */
public final class TokenAccounting {
    private static final Set<String> OPENAI_STYLE = Set.of(
            "codex", "openai", "openai-compatibility", "openai-response", "xai", "grok", "kimi", "qwen",
            "iflow", "deepseek", "glm", "zhipu", "minimax", "moonshot");
    private static final Set<String> CLAUDE = Set.of("claude", "anthropic");
    private static final Set<String> GEMINI = Set.of("gemini", "gemini-cli", "vertex", "aistudio", "antigravity");

    private TokenAccounting() {
    }

    /** True when {@code provider} is a provider id whose family is known without looking at the model. */
    public static boolean isKnownProvider(String provider) {
        String id = normalise(provider);
        return OPENAI_STYLE.contains(id) || CLAUDE.contains(id) || GEMINI.contains(id);
    }

    /**
     * The overlap family: by provider id when it is a known one, otherwise by model name
     * ({@code claude-*} is Claude, {@code gemini-*} is Gemini, a {@code vendor/} prefix ignored),
     * otherwise OpenAI-style.
     */
    public static ProviderFamily family(String provider, String model) {
        String id = normalise(provider);
        if (CLAUDE.contains(id)) {
            return ProviderFamily.CLAUDE;
        }
        if (GEMINI.contains(id)) {
            return ProviderFamily.GEMINI;
        }
        if (OPENAI_STYLE.contains(id)) {
            return ProviderFamily.OPENAI_STYLE;
        }
        String name = normalise(model);
        name = name.substring(name.lastIndexOf('/') + 1);
        if (name.startsWith("claude-")) {
            return ProviderFamily.CLAUDE;
        }
        if (name.startsWith("gemini-")) {
            return ProviderFamily.GEMINI;
        }
        return ProviderFamily.OPENAI_STYLE;
    }

    /**
     * Buckets from CPA's breakdown. Its leaf counts are taken as they are (negatives clamped);
     * a reported total above their sum is unclassified. Broken invariants, a total below the sum,
     * {@code complete} with unclassified tokens, or CPA's own {@code inconsistent} quality flag
     * the result.
     */
    public static TokenBuckets fromBreakdown(TokenBreakdown breakdown) {
        Flags flags = new Flags("inconsistent".equals(breakdown.quality()));
        long uncached = flags.clamp(breakdown.uncached());
        long cacheRead = flags.clamp(breakdown.cacheRead());
        long cacheWrite = flags.clamp(breakdown.cacheWrite());
        long output = flags.clamp(breakdown.nonReasoning());
        long reasoning = flags.clamp(breakdown.reasoning());
        long unclassified = flags.clamp(breakdown.unclassified());
        long input = Math.addExact(Math.addExact(uncached, cacheRead), cacheWrite);
        long outputTotal = Math.addExact(output, reasoning);
        flags.require(breakdown.inputTotal() == input);
        flags.require(breakdown.outputTotal() == outputTotal);
        flags.require(breakdown.total()
                == breakdown.inputTotal() + breakdown.outputTotal() + breakdown.unclassified());
        flags.require(!"complete".equals(breakdown.quality()) || breakdown.unclassified() == 0);
        return buckets(uncached, cacheRead, cacheWrite, output, reasoning, unclassified, breakdown.total(), flags,
                TokenAccountingSource.BREAKDOWN);
    }

    /** Buckets from the flat counts, read with the overlap rules of {@link #family(String, String)}. */
    public static TokenBuckets fromFlatTokens(String provider, String model, TokenCounts counts) {
        Flags flags = new Flags(false);
        long input = flags.clamp(counts.input());
        long output = flags.clamp(counts.output());
        long reasoning = flags.clamp(counts.reasoning());
        long cacheRead = flags.clamp(counts.effectiveCacheRead());
        long cacheWrite = flags.clamp(counts.cacheCreation());
        long total = flags.clamp(counts.total());
        ProviderFamily family = family(provider, model);
        long uncached = switch (family) {
            case CLAUDE -> input;
            case OPENAI_STYLE, GEMINI -> flags.clamp(input - Math.addExact(cacheRead, cacheWrite));
        };
        long nonReasoning = switch (family) {
            case OPENAI_STYLE, CLAUDE -> flags.clamp(output - reasoning);
            case GEMINI -> output;
        };
        return buckets(uncached, cacheRead, cacheWrite, nonReasoning, reasoning, 0, total, flags,
                TokenAccountingSource.PROVIDER_RULES);
    }

    /** The same buckets, flagged inconsistent. */
    public static TokenBuckets markInconsistent(TokenBuckets buckets) {
        return new TokenBuckets(buckets.uncachedInput(), buckets.cacheRead(), buckets.cacheWrite(), buckets.output(),
                buckets.reasoning(), buckets.unclassified(), buckets.total(), true, buckets.accounting());
    }

    private static TokenBuckets buckets(long uncached, long cacheRead, long cacheWrite, long output, long reasoning,
            long unclassified, long reportedTotal, Flags flags, TokenAccountingSource source) {
        long sum = Math.addExact(Math.addExact(Math.addExact(uncached, cacheRead), Math.addExact(cacheWrite, output)),
                Math.addExact(reasoning, unclassified));
        long excess = 0;
        if (reportedTotal > sum) {
            excess = reportedTotal - sum;
        } else if (reportedTotal != 0 && reportedTotal < sum) {
            flags.inconsistent = true;
        }
        return new TokenBuckets(uncached, cacheRead, cacheWrite, output, reasoning, unclassified + excess,
                sum + excess, flags.inconsistent, source);
    }

    private static String normalise(String text) {
        return text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    }

    /** Collects contradictions while the buckets are computed. */
    private static final class Flags {
        private boolean inconsistent;

        Flags(boolean inconsistent) {
            this.inconsistent = inconsistent;
        }

        long clamp(long value) {
            if (value < 0) {
                inconsistent = true;
                return 0;
            }
            return value;
        }

        void require(boolean holds) {
            if (!holds) {
                inconsistent = true;
            }
        }
    }
}
