package dev.cpaconsole.pricing.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class PriceBookTest {
    private static final long MAY_2026 = LocalDate.of(2026, 5, 5).toEpochDay() * 86_400L * 1_000_000_000L;

    private static PriceRule rule(String model, String provider, String input) {
        return new PriceRule(0, model, provider, Rates.of(input, "10"), null, null, PriceRule.ALWAYS,
                PriceSource.MANUAL, "", null, "");
    }

    private static String priceOf(PriceBook book, String provider, String model, String alias) {
        Optional<PriceMatch> match = book.resolve(provider, model, alias, MAY_2026);
        return match.map(m -> m.rule().rates().input().toPlainString() + " " + m.kind()).orElse("unpriced");
    }

    @Test
    void theUpstreamModelIsTriedBeforeTheAlias() {
        PriceBook book = new PriceBook(List.of(rule("gpt-5.4", "", "1"), rule("fast", "", "2")));

        assertThat(priceOf(book, "codex", "gpt-5.4", "fast")).isEqualTo("1 MODEL");
        assertThat(priceOf(book, "codex", "unknown-upstream", "fast")).isEqualTo("2 ALIAS");
    }

    @Test
    void providerPrefixesAndDateSuffixesAreRemovedWhenNothingMatchesAsIs() {
        PriceBook book = new PriceBook(List.of(rule("claude-sonnet-4-5", "", "3"), rule("gpt-4o", "", "5")));

        assertThat(priceOf(book, "claude", "claude-sonnet-4-5-20250929", "")).isEqualTo("3 NORMALISED");
        assertThat(priceOf(book, "openai", "openai/gpt-4o-2024-08-06", "x")).isEqualTo("5 NORMALISED");
        assertThat(priceOf(book, "gemini", "models/claude-sonnet-4-5", "")).isEqualTo("3 NORMALISED");
        assertThat(priceOf(book, "claude", "CLAUDE-SONNET-4-5", "")).as("ids compare without case")
                .isEqualTo("3 MODEL");
    }

    @Test
    void aDatedRowOfItsOwnBeatsTheUndatedOne() {
        PriceBook book = new PriceBook(List.of(rule("gpt-4o", "", "5"), rule("gpt-4o-2024-05-13", "", "7")));

        assertThat(priceOf(book, "openai", "gpt-4o-2024-05-13", "")).isEqualTo("7 MODEL");
    }

    @Test
    void theMostSpecificPatternWinsAndExactIdsBeatPatterns() {
        PriceBook book = new PriceBook(List.of(rule("claude-*", "", "1"), rule("claude-opus-*", "", "15"),
                rule("claude-opus-4-?", "", "16"), rule("claude-opus-4-6", "", "5")));

        assertThat(priceOf(book, "claude", "claude-opus-4-6", "")).isEqualTo("5 MODEL");
        assertThat(priceOf(book, "claude", "claude-opus-4-1", "")).isEqualTo("16 PATTERN");
        assertThat(priceOf(book, "claude", "claude-opus-3", "")).isEqualTo("15 PATTERN");
        assertThat(priceOf(book, "claude", "claude-haiku-3", "")).isEqualTo("1 PATTERN");
        assertThat(priceOf(book, "claude", "gpt-5", "")).isEqualTo("unpriced");
    }

    @Test
    void aRowForTheEventsProviderBeatsOneForEveryProviderAndOthersDoNotApply() {
        PriceBook book = new PriceBook(List.of(rule("deepseek-v3.2", "", "0.28"),
                rule("deepseek-v3.2", "openai-compatibility", "0.5"), rule("kimi-k2", "iflow", "1")));

        assertThat(priceOf(book, "openai-compatibility", "deepseek-v3.2", "")).isEqualTo("0.5 MODEL");
        assertThat(priceOf(book, "codex", "deepseek-v3.2", "")).isEqualTo("0.28 MODEL");
        assertThat(priceOf(book, "codex", "kimi-k2", "")).isEqualTo("unpriced");
    }

    @Test
    void aRowAppliesFromItsStartDateAndTheLatestStartedOneWins() {
        PriceRule early = new PriceRule(0, "m", "", Rates.of("1", "2"), null, null, LocalDate.of(2026, 1, 1),
                PriceSource.MANUAL, "", null, "");
        PriceRule late = new PriceRule(0, "m", "", Rates.of("3", "4"), null, null, LocalDate.of(2026, 6, 1),
                PriceSource.MANUAL, "", null, "");
        PriceBook book = new PriceBook(List.of(late, early));
        long day = 86_400L * 1_000_000_000L;
        long june = LocalDate.of(2026, 6, 1).toEpochDay() * day;

        assertThat(book.resolve("", "m", "", june - 1).orElseThrow().rule()).isEqualTo(early);
        assertThat(book.resolve("", "m", "", june).orElseThrow().rule()).isEqualTo(late);
        assertThat(book.resolve("", "m", "", LocalDate.of(2025, 12, 31).toEpochDay() * day)).isEmpty();
    }

    @Test
    void rowsRefuseWhatCannotBeAPrice() {
        assertThatThrownBy(() -> Rates.of("-1", "2")).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> new Rates(BigDecimal.ONE, null, null, null, null))
                .hasMessageContaining("output price is required");
        assertThatThrownBy(() -> rule(" ", "", "1")).hasMessageContaining("needs a model");
        assertThatThrownBy(() -> new PriceTier(0, Rates.of("1", "2"))).hasMessageContaining("positive");
    }
}
