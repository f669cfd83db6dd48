package dev.cpaconsole.usage.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TokenAccountingTest {

    private static TokenBuckets buckets(long uncached, long cacheRead, long cacheWrite, long output, long reasoning,
            long unclassified, TokenAccountingSource source) {
        long total = uncached + cacheRead + cacheWrite + output + reasoning + unclassified;
        return new TokenBuckets(uncached, cacheRead, cacheWrite, output, reasoning, unclassified, total, false, source);
    }

    private static TokenBuckets rules(long uncached, long cacheRead, long cacheWrite, long output, long reasoning,
            long unclassified) {
        return buckets(uncached, cacheRead, cacheWrite, output, reasoning, unclassified,
                TokenAccountingSource.PROVIDER_RULES);
    }

    @Nested
    class ProviderRules {

        @Test
        void openAiStyleInputIncludesCacheAndOutputIncludesReasoning() {
            TokenBuckets tokens = TokenAccounting.fromFlatTokens("codex", "gpt-5.4",
                    TokenCounts.of(1000, 300, 200, 400, 0));

            assertThat(tokens).isEqualTo(rules(600, 400, 0, 100, 200, 0));
            assertThat(tokens.total()).isEqualTo(1300);
        }

        @Test
        void largeCacheReadsLeaveTheUncachedRemainder() {
            TokenBuckets tokens = TokenAccounting.fromFlatTokens("openai", "gpt-5",
                    new TokenCounts(229_788, 0, 0, 228_021, 228_021L, true, 0, 229_788));

            assertThat(tokens.uncachedInput()).isEqualTo(1_767);
            assertThat(tokens.cacheRead()).isEqualTo(228_021);
            assertThat(tokens.totalInput()).isEqualTo(229_788);
            assertThat(tokens.inconsistent()).isFalse();
        }

        @Test
        void openAiStyleInputIncludesCacheCreation() {
            TokenBuckets tokens = TokenAccounting.fromFlatTokens("xai", "grok-4",
                    new TokenCounts(1000, 50, 0, 300, 300L, true, 100, 1050));

            assertThat(tokens).isEqualTo(rules(600, 300, 100, 50, 0, 0));
        }

        @Test
        void claudeKeepsInputCacheReadAndCacheCreationApart() {
            TokenBuckets tokens = TokenAccounting.fromFlatTokens("claude", "claude-sonnet-4-6",
                    new TokenCounts(50, 400, 100, 20_000, 20_000L, true, 1_500, 21_950));

            assertThat(tokens).isEqualTo(rules(50, 20_000, 1_500, 300, 100, 0));
        }

        @Test
        void geminiHasCacheInsideInputAndReasoningBesideOutput() {
            TokenBuckets tokens = TokenAccounting.fromFlatTokens("gemini-cli", "gemini-2.5-pro",
                    TokenCounts.of(1000, 200, 300, 600, 1500));

            assertThat(tokens).isEqualTo(rules(400, 600, 0, 200, 300, 0));
        }

        @Test
        void unknownProviderFollowsTheModelName() {
            assertThat(TokenAccounting.family("unknown", "claude-opus-4-1")).isEqualTo(ProviderFamily.CLAUDE);
            assertThat(TokenAccounting.family("", "gemini-2.5-flash")).isEqualTo(ProviderFamily.GEMINI);
            assertThat(TokenAccounting.family("my-proxy", "anthropic/claude-3-7")).isEqualTo(ProviderFamily.CLAUDE);
            assertThat(TokenAccounting.family("unknown", "gpt-5.4")).isEqualTo(ProviderFamily.OPENAI_STYLE);
        }

        @Test
        void aKnownProviderWinsOverTheModelName() {
            assertThat(TokenAccounting.family("Antigravity", "claude-sonnet-4-6")).isEqualTo(ProviderFamily.GEMINI);
            assertThat(TokenAccounting.family("openai-compatibility", "gemini-2.5-pro"))
                    .isEqualTo(ProviderFamily.OPENAI_STYLE);
        }

        @Test
        void aLargerTotalPutsTheExcessInUnclassified() {
            TokenBuckets tokens = TokenAccounting.fromFlatTokens("codex", "gpt-5.4",
                    TokenCounts.of(1000, 300, 200, 400, 1350));

            assertThat(tokens).isEqualTo(rules(600, 400, 0, 100, 200, 50));
        }

        @Test
        void aSmallerNonZeroTotalIsInconsistent() {
            TokenBuckets tokens = TokenAccounting.fromFlatTokens("codex", "gpt-5.4",
                    TokenCounts.of(1000, 300, 200, 400, 1200));

            assertThat(tokens.inconsistent()).isTrue();
            assertThat(tokens.total()).isEqualTo(1300);
        }

        @Test
        void cacheLargerThanInputIsClampedAndFlagged() {
            TokenBuckets tokens = TokenAccounting.fromFlatTokens("codex", "gpt-5.4", TokenCounts.of(100, 0, 0, 400, 0));

            assertThat(tokens.uncachedInput()).isZero();
            assertThat(tokens.cacheRead()).isEqualTo(400);
            assertThat(tokens.inconsistent()).isTrue();
        }

        @Test
        void reasoningLargerThanOutputIsClampedAndFlagged() {
            TokenBuckets tokens = TokenAccounting.fromFlatTokens("claude", "claude-sonnet-4-6",
                    TokenCounts.of(10, 100, 200, 0, 0));

            assertThat(tokens.output()).isZero();
            assertThat(tokens.reasoning()).isEqualTo(200);
            assertThat(tokens.inconsistent()).isTrue();
        }

        @Test
        void negativeCountsAreClampedAndFlagged() {
            TokenBuckets tokens = TokenAccounting.fromFlatTokens("codex", "gpt-5.4", TokenCounts.of(-5, 10, 0, 0, 0));

            assertThat(tokens.uncachedInput()).isZero();
            assertThat(tokens.output()).isEqualTo(10);
            assertThat(tokens.inconsistent()).isTrue();
        }

        @Test
        void usesCacheReadTokensWhenPresentElseCachedTokens() {
            assertThat(new TokenCounts(0, 0, 0, 500, 300L, true, 0, 0).effectiveCacheRead()).isEqualTo(300);
            assertThat(new TokenCounts(0, 0, 0, 500, 0L, false, 0, 0).effectiveCacheRead()).isEqualTo(500);
            assertThat(new TokenCounts(0, 0, 0, 500, 300L, null, 0, 0).effectiveCacheRead()).isEqualTo(300);
            assertThat(new TokenCounts(0, 0, 0, 500, 0L, null, 0, 0).effectiveCacheRead()).isEqualTo(500);
            assertThat(TokenCounts.of(0, 0, 0, 500, 0).effectiveCacheRead()).isEqualTo(500);
        }
    }

    @Nested
    class Breakdown {

        @Test
        void takesTheCanonicalSplitAsItIs() {
            TokenBuckets tokens = TokenAccounting.fromBreakdown(
                    new TokenBreakdown("complete", 13_135, 12_480, 1_216, 11_264, 0, 655, 463, 192, 0));

            assertThat(tokens).isEqualTo(buckets(1_216, 11_264, 0, 463, 192, 0, TokenAccountingSource.BREAKDOWN));
        }

        @Test
        void keepsUnclassifiedTokensOfAnUnclassifiedBreakdown() {
            TokenBuckets tokens = TokenAccounting.fromBreakdown(
                    new TokenBreakdown("unclassified", 130, 100, 100, 0, 0, 20, 20, 0, 10));

            assertThat(tokens).isEqualTo(buckets(100, 0, 0, 20, 0, 10, TokenAccountingSource.BREAKDOWN));
        }

        @Test
        void cpasOwnInconsistentQualityFlagsTheEvent() {
            TokenBuckets tokens = TokenAccounting.fromBreakdown(
                    new TokenBreakdown("inconsistent", 120, 100, 100, 0, 0, 20, 20, 0, 0));

            assertThat(tokens.inconsistent()).isTrue();
            assertThat(tokens.total()).isEqualTo(120);
        }

        @Test
        void brokenInputInvariantIsFlaggedAndTheTotalKept() {
            TokenBuckets tokens = TokenAccounting.fromBreakdown(
                    new TokenBreakdown("complete", 120, 100, 80, 0, 0, 20, 20, 0, 0));

            assertThat(tokens.inconsistent()).isTrue();
            assertThat(tokens.uncachedInput()).isEqualTo(80);
            assertThat(tokens.unclassified()).isEqualTo(20);
            assertThat(tokens.total()).isEqualTo(120);
        }

        @Test
        void completeWithUnclassifiedTokensIsFlagged() {
            TokenBuckets tokens = TokenAccounting.fromBreakdown(
                    new TokenBreakdown("complete", 130, 100, 100, 0, 0, 20, 20, 0, 10));

            assertThat(tokens.inconsistent()).isTrue();
        }

        @Test
        void negativeLeavesAreClampedAndFlagged() {
            TokenBuckets tokens = TokenAccounting.fromBreakdown(
                    new TokenBreakdown("complete", 0, 0, 10, -10, 0, 0, 0, 0, 0));

            assertThat(tokens.cacheRead()).isZero();
            assertThat(tokens.inconsistent()).isTrue();
        }
    }
}
