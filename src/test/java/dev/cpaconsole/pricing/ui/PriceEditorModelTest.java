package dev.cpaconsole.pricing.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cpaconsole.concurrent.SameThreadTaskRunner;
import dev.cpaconsole.pricing.core.CostQuery;
import dev.cpaconsole.pricing.core.PriceRule;
import dev.cpaconsole.pricing.core.PriceSource;
import dev.cpaconsole.pricing.core.PriceStore;
import dev.cpaconsole.pricing.core.Rates;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.testing.TestClock;
import dev.cpaconsole.testing.UsageRecord;

class PriceEditorModelTest {
    private static final Instant NOW = Instant.parse("2026-08-22T12:30:00Z");

    @TempDir
    Path dataDir;

    private Database database;
    private PriceStore store;
    private PricesViewModel prices;

    @BeforeEach
    void open() {
        database = Database.open(dataDir);
        TestClock clock = new TestClock(NOW);
        store = new PriceStore(database, clock);
        prices = new PricesViewModel(store, new CostQuery(database), new SameThreadTaskRunner(), clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private PriceEditorModel newPrice(String model, String input, String output) {
        prices.load();
        PriceEditorModel editor = prices.newPrice();
        editor.text(PriceField.MODEL).set(model);
        editor.text(PriceField.INPUT).set(input);
        editor.text(PriceField.OUTPUT).set(output);
        return editor;
    }

    @Test
    void aPriceThatIsNotANumberIsNamedAndNothingIsSaved() {
        PriceEditorModel editor = newPrice("gpt-5.4", "abc", "10");

        boolean valid = editor.review();
        editor.save();

        assertThat(valid).isFalse();
        assertThat(editor.error(PriceField.INPUT).get()).contains("\u2018abc\u2019 is not a number");
        assertThat(editor.error(PriceField.OUTPUT).get()).isEmpty();
        assertThat(editor.stepProperty().get()).isEqualTo(PriceEditorModel.Step.EDITING);
        assertThat(store.list()).isEmpty();
    }

    @Test
    void negativeAndMissingPricesAreRefusedFieldByField() {
        PriceEditorModel editor = newPrice("gpt-5.4", "", "-1");
        editor.text(PriceField.CACHE_READ).set("-0.1");

        editor.review();

        assertThat(editor.error(PriceField.INPUT).get()).startsWith("Required");
        assertThat(editor.error(PriceField.OUTPUT).get()).contains("cannot be negative");
        assertThat(editor.error(PriceField.CACHE_READ).get()).contains("cannot be negative");
    }

    @Test
    void tierPricesWithoutAThresholdAskForOne() {
        PriceEditorModel editor = newPrice("gemini-2.5-pro", "1.25", "10");
        editor.text(PriceField.TIER_INPUT).set("2.5");

        editor.review();

        assertThat(editor.error(PriceField.TIER_THRESHOLD).get()).startsWith("Required with long-context prices");
    }

    @Test
    void aThresholdNeedsTheLongContextInputAndOutput() {
        PriceEditorModel editor = newPrice("gemini-2.5-pro", "1.25", "10");
        editor.text(PriceField.TIER_THRESHOLD).set("200,000");

        editor.review();

        assertThat(editor.error(PriceField.TIER_THRESHOLD).get()).isEmpty();
        assertThat(editor.error(PriceField.TIER_INPUT).get()).startsWith("Required");
        assertThat(editor.error(PriceField.TIER_OUTPUT).get()).startsWith("Required");
    }

    @Test
    void aSecondRowForTheSameModelProviderAndDateIsRefused() {
        store.save(new PriceRule(0, "gpt-5.4", "codex", Rates.of("1.25", "10"), null, null,
                LocalDate.of(2026, 1, 1), PriceSource.CATALOGUE, "", null, ""));
        PriceEditorModel editor = newPrice("GPT-5.4", "2", "12");
        editor.text(PriceField.PROVIDER).set("codex");
        editor.text(PriceField.EFFECTIVE_FROM).set("2026-01-01");

        editor.review();

        assertThat(editor.error(PriceField.MODEL).get()).contains("already exists");
        assertThat(store.list()).hasSize(1);
    }

    @Test
    void aBadDateIsNamed() {
        PriceEditorModel editor = newPrice("gpt-5.4", "1.25", "10");
        editor.text(PriceField.EFFECTIVE_FROM).set("2026-13-01");

        editor.review();

        assertThat(editor.error(PriceField.EFFECTIVE_FROM).get()).contains("is not a date");
    }

    @Test
    void reviewShowsTheLastThirtyDaysBeforeSavingAManualPrice() {
        UsageRecord.store(database, UsageRecord.at(NOW.minus(Duration.ofDays(2))).model("gpt-5.4")
                .tokens(1_000_000, 0, 0, 100_000, 0).requestId("00000001"));
        PriceEditorModel editor = newPrice("gpt-5.4", "1.25", "10");

        editor.review();

        assertThat(editor.stepProperty().get()).isEqualTo(PriceEditorModel.Step.REVIEWED);
        assertThat(editor.previewProperty().get())
                .isEqualTo("Last 30 days: $0.00 \u2192 $2.25\nUnpriced requests: 1 \u2192 0");
        assertThat(store.list()).isEmpty();

        editor.save();

        assertThat(editor.stepProperty().get()).isEqualTo(PriceEditorModel.Step.SAVED);
        List<PriceRule> stored = store.list();
        assertThat(stored).singleElement().satisfies(rule -> {
            assertThat(rule.source()).isEqualTo(PriceSource.MANUAL);
            assertThat(rule.effectiveFrom()).isEqualTo(PriceRule.ALWAYS);
        });
    }

    @Test
    void editingACatalogueRowKeepsItsIdAndMakesItManual() {
        PriceRule catalogue = store.save(PriceRule.simple("gpt-5.4", Rates.of("1.25", "10"), PriceSource.CATALOGUE));
        prices.load();
        PriceEditorModel editor = prices.edit(prices.rules().getFirst());
        editor.text(PriceField.OUTPUT).set("12");

        editor.review();
        editor.save();

        assertThat(store.list()).singleElement().satisfies(rule -> {
            assertThat(rule.id()).isEqualTo(catalogue.id());
            assertThat(rule.rates().output()).isEqualByComparingTo("12");
            assertThat(rule.source()).isEqualTo(PriceSource.MANUAL);
        });
    }

    @Test
    void anEditAfterTheReviewAsksForANewReview() {
        PriceEditorModel editor = newPrice("gpt-5.4", "1.25", "10");
        editor.review();

        editor.text(PriceField.OUTPUT).set("12");
        editor.save();

        assertThat(editor.stepProperty().get()).isEqualTo(PriceEditorModel.Step.EDITING);
        assertThat(editor.previewProperty().get()).isEmpty();
        assertThat(store.list()).isEmpty();
    }
}
