package dev.cpaconsole.pricing.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cpaconsole.store.Database;

class PriceStoreTest {
    @TempDir
    Path dataDir;

    private Database database;
    private PriceStore store;

    @BeforeEach
    void open() {
        database = Database.open(dataDir);
        store = new PriceStore(database, Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        database.close();
    }

    private static PriceRule manual(String model, String input) {
        return new PriceRule(0, model, "", Rates.of(input, "10"), null, null, PriceRule.ALWAYS, PriceSource.MANUAL,
                "", null, "");
    }

    private static PriceRule imported(String model, String input) {
        return new PriceRule(0, model, "", Rates.of(input, "10"), null, null, PriceRule.ALWAYS, PriceSource.IMPORT,
                "prices.csv", null, "");
    }

    @Test
    void savedRowsComeBackExactlyWithEmptyAndZeroKeptApart() {
        PriceRule rule = new PriceRule(0, "gemini-2.5-pro", "gemini",
                new Rates(new BigDecimal("1.25"), new BigDecimal("10.00"), BigDecimal.ZERO, null,
                        new BigDecimal("0.075")),
                new BigDecimal("0.001"), new PriceTier(200_000, new Rates(new BigDecimal("2.5"), new BigDecimal("15"),
                        new BigDecimal("0.25"), null, null)),
                LocalDate.of(2026, 2, 1), PriceSource.MANUAL, "https://ai.google.dev/pricing", LocalDate.of(2026, 2, 3),
                "checked");

        PriceRule stored = store.save(rule);

        assertThat(stored.id()).isPositive();
        assertThat(store.list()).containsExactly(stored);
        PriceRule back = store.list().get(0);
        assertThat(back.rates().cacheRead()).isEqualByComparingTo("0");
        assertThat(back.rates().cacheWrite()).isNull();
        assertThat(back.rates().output().toPlainString()).isEqualTo("10");
        assertThat(back.rates().reasoning().toPlainString()).isEqualTo("0.075");
    }

    @Test
    void aSecondRowForTheSameModelProviderAndDateIsRefusedWithAClearMessage() {
        store.save(manual("gpt-5.4", "1.25"));

        assertThatThrownBy(() -> store.save(manual("GPT-5.4", "2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already exists");
        assertThat(store.list()).hasSize(1);
    }

    @Test
    void changesRebuildTheBookAndTellListeners() {
        AtomicInteger changes = new AtomicInteger();
        store.onChange(changes::incrementAndGet);
        assertThat(store.book().rules()).isEmpty();

        PriceRule saved = store.save(manual("m", "1"));
        assertThat(store.book().resolve("", "m", "", Long.MAX_VALUE)).isPresent();
        store.delete(saved.id());

        assertThat(store.book().resolve("", "m", "", Long.MAX_VALUE)).isEmpty();
        assertThat(changes).hasValue(2);
    }

    @Test
    void theCatalogueIsInstalledOnceAndNeverTouchesManualOrImportedRows() {
        PriceRule catalogueRow = PriceStore.catalogue().get(0);
        store.save(new PriceRule(0, catalogueRow.model(), catalogueRow.provider(), Rates.of("99", "99"), null, null,
                catalogueRow.effectiveFrom(), PriceSource.MANUAL, "", null, "my deal"));

        ImportPlan first = store.installCatalogue();
        ImportPlan second = store.installCatalogue();

        assertThat(first.additions()).hasSize(PriceStore.catalogue().size() - 1);
        assertThat(first.skipped()).singleElement().satisfies(s -> assertThat(s.reason()).contains("manual"));
        assertThat(second.isEmpty()).isTrue();
        assertThat(store.list()).filteredOn(r -> r.model().equals(catalogueRow.model())).singleElement()
                .satisfies(r -> assertThat(r.rates().input()).isEqualByComparingTo("99"));
        assertThat(store.list()).filteredOn(r -> r.source() == PriceSource.CATALOGUE)
                .allSatisfy(r -> assertThat(r.reference()).isNotEmpty());
    }

    @Test
    void anImportPreviewsAdditionsChangesAndLoweredPricesAndKeepsManualRows() {
        store.save(manual("kept", "5"));
        store.apply(ImportPlan.of(store.list(), List.of(imported("cheaper", "4"), imported("dearer", "1"))));

        ImportPlan plan = ImportPlan.of(store.list(), List.of(imported("kept", "1"), imported("cheaper", "3"),
                imported("dearer", "2"), imported("new-one", "7"), imported("new-one", "8")));

        assertThat(plan.additions()).extracting(PriceRule::model).containsExactly("new-one");
        assertThat(plan.changes()).extracting(c -> c.current().model(), ImportPlan.Change::lowers)
                .containsExactlyInAnyOrder(tuple("cheaper", true),
                        tuple("dearer", false));
        assertThat(plan.skipped()).extracting(ImportPlan.Skipped::reason)
                .anySatisfy(r -> assertThat(r).contains("manual price is kept"))
                .anySatisfy(r -> assertThat(r).contains("more than once"));
        assertThat(plan.describe()).contains("1 added, 2 changed (1 lower a price)").contains("(lowers a price)");

        store.apply(plan);

        assertThat(store.list()).extracting(PriceRule::model, r -> r.rates().input().toPlainString())
                .containsExactly(tuple("cheaper", "3"),
                        tuple("dearer", "2"),
                        tuple("kept", "5"),
                        tuple("new-one", "7"));
    }

    @Test
    void anUndatedImportUpdatesTheRowInEffectAndKeepsItsDate() {
        store.save(new PriceRule(0, "dated", "", Rates.of("1", "10"), null, null, LocalDate.of(2026, 3, 5),
                PriceSource.CATALOGUE, "https://example.com", null, ""));
        store.save(new PriceRule(0, "mine", "", Rates.of("1", "10"), null, null, LocalDate.of(2026, 3, 5),
                PriceSource.MANUAL, "", null, ""));
        store.save(new PriceRule(0, "both", "", Rates.of("1", "10"), null, null, PriceRule.ALWAYS,
                PriceSource.IMPORT, "", null, ""));
        store.save(new PriceRule(0, "both", "", Rates.of("2", "10"), null, null, LocalDate.of(2026, 6, 1),
                PriceSource.IMPORT, "", null, ""));

        ImportPlan plan = ImportPlan.of(store.list(), List.of(imported("dated", "3"), imported("mine", "3"),
                imported("both", "1")));

        assertThat(plan.additions()).isEmpty();
        assertThat(plan.changes()).singleElement().satisfies(change -> {
            assertThat(change.incoming().model()).isEqualTo("dated");
            assertThat(change.incoming().effectiveFrom()).isEqualTo(LocalDate.of(2026, 3, 5));
            assertThat(change.incoming().source()).isEqualTo(PriceSource.IMPORT);
        });
        assertThat(plan.skipped()).extracting(s -> s.incoming().model()).containsExactly("mine");
        assertThat(plan.unchanged()).as("a stored undated row is matched by its own date").isEqualTo(1);
    }

    @Test
    void aDatedImportNeverTakesOverFromAManualPriceInEffectBeforeIt() {
        store.save(manual("gpt-5-nano", "0.05"));
        PriceRule later = new PriceRule(0, "gpt-5-nano", "", Rates.of("0.9", "10"), null, null,
                LocalDate.of(2026, 6, 1), PriceSource.IMPORT, "prices.csv", null, "");
        PriceRule earlierThanManual = new PriceRule(0, "hand-set", "", Rates.of("0.9", "10"), null, null,
                LocalDate.of(2025, 1, 1), PriceSource.IMPORT, "prices.csv", null, "");
        store.save(new PriceRule(0, "hand-set", "", Rates.of("1", "10"), null, null, LocalDate.of(2026, 1, 1),
                PriceSource.MANUAL, "", null, ""));

        ImportPlan plan = ImportPlan.of(store.list(), List.of(later, earlierThanManual));

        assertThat(plan.skipped()).singleElement().satisfies(skip -> {
            assertThat(skip.incoming().model()).isEqualTo("gpt-5-nano");
            assertThat(skip.reason()).contains("manual price from always");
        });
        assertThat(plan.additions()).extracting(PriceRule::model).containsExactly("hand-set");
    }

    @Test
    void manualRowsOfAnExportStayManualWhenImportedBack() {
        store.save(manual("mine", "2"));
        store.save(imported("theirs", "3"));
        StringBuilder csv = new StringBuilder();
        PriceCsv.write(store.list(), csv);

        PriceFileResult back = PriceCsv.read(new StringReader(csv.toString()), PriceSource.IMPORT, "backup.csv");

        assertThat(back.rules()).extracting(PriceRule::model, PriceRule::source)
                .containsExactly(tuple("mine", PriceSource.MANUAL), tuple("theirs", PriceSource.IMPORT));
    }

    @Test
    void aCsvFromASpreadsheetWithByteOrderMarkAndWindowsLineEndsIsRead() {
        String csv = "\uFEFFmodel,input,output\r\nsheet-model,1.5,6\r\n";

        PriceFileResult result = PriceCsv.read(new StringReader(csv), PriceSource.IMPORT, "sheet.csv");

        assertThat(result.problems()).isEmpty();
        assertThat(result.rules()).extracting(PriceRule::model, r -> r.rates().input().toPlainString())
                .containsExactly(tuple("sheet-model", "1.5"));
    }

    @Test
    void csvExportReadsBackToTheSameRows() {
        store.installCatalogue();
        store.save(new PriceRule(0, "odd,name?", "", Rates.of("0.1", "0.2"), null, null, PriceRule.ALWAYS,
                PriceSource.MANUAL, "", null, "with \"quotes\", commas"));
        StringBuilder csv = new StringBuilder();

        PriceCsv.write(store.list(), csv);
        PriceFileResult back = PriceCsv.read(new StringReader(csv.toString()), null, "");

        assertThat(back.problems()).isEmpty();
        assertThat(back.rules()).isEqualTo(store.list().stream().map(r -> r.withId(0)).toList());
    }

    @Test
    void badCsvRowsAreReportedByLineAndTheRestIsRead() {
        String csv = String.join("\n", "model,input,output,cache_read",
                "good,1,2,",
                "negative,-1,2,",
                "words,one,2,",
                "missing-output,1,,",
                "also-good,1,2,0.1");

        PriceFileResult result = PriceCsv.read(new StringReader(csv), PriceSource.IMPORT, "prices.csv");

        assertThat(result.rules()).extracting(PriceRule::model).containsExactly("good", "also-good");
        assertThat(result.rules()).allSatisfy(r -> assertThat(r.source()).isEqualTo(PriceSource.IMPORT));
        assertThat(result.problems()).containsExactly(
                "line 3 (negative): the input price must not be negative: -1",
                "line 4 (words): the input price 'one' is not a number",
                "line 5 (missing-output): input and output prices are required");
        assertThatThrownBy(() -> PriceCsv.read(new StringReader("name,price\nx,1\n"), null, ""))
                .hasMessageContaining("not a price CSV");
    }

    @Test
    void implausiblePricesAreRefusedWithTheReason() {
        String csv = String.join("\n", "model,input,output", "huge,1e400,2", "per-token-slip,1000000,2", "fine,75,150");

        PriceFileResult result = PriceCsv.read(new StringReader(csv), PriceSource.IMPORT, "prices.csv");

        assertThat(result.rules()).extracting(PriceRule::model).containsExactly("fine");
        assertThat(result.problems()).hasSize(2).allSatisfy(p -> assertThat(p).contains("is not plausible"));
    }

    @Test
    void liteLlmIdsThatDifferOnlyInCaseMustAgreeAndPerRequestPricesBecomeTheFee() {
        String json = """
                {
                  "CaseModel": {"mode": "chat", "input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06},
                  "casemodel": {"mode": "chat", "input_cost_per_token": 3e-06, "output_cost_per_token": 2e-06},
                  "search-model": {"mode": "chat", "input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06,
                                   "input_cost_per_request": 0.005},
                  "absurd": {"mode": "chat", "input_cost_per_token": 1, "output_cost_per_token": 2e-06}
                }
                """;

        PriceFileResult result = LiteLlmPrices.read(new java.io.ByteArrayInputStream(
                json.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "prices.json", LocalDate.of(2026, 12, 4));

        assertThat(result.rules()).extracting(PriceRule::model, r -> r.requestFee() == null ? "" : r.requestFee()
                .toPlainString()).containsExactly(tuple("search-model", "0.005"));
        assertThat(result.problems()).anySatisfy(p -> assertThat(p).contains("left out, its entries disagree")
                .contains("CaseModel").contains("casemodel"))
                .anySatisfy(p -> assertThat(p).startsWith("absurd").contains("not plausible"));
    }

    @Test
    void liteLlmPricesPerTokenBecomePricesPerMillionWithoutTheSampleEntry() {
        String json = """
                {
                  "sample_spec": {"input_cost_per_token": 0.0, "output_cost_per_token": 0.0, "mode": "chat"},
                  "gpt-5": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1.25e-06,
                            "output_cost_per_token": 1e-05, "cache_read_input_token_cost": 1.25e-07},
                  "azure/gpt-5": {"mode": "chat", "input_cost_per_token": 1.4e-06, "output_cost_per_token": 1.1e-05},
                  "gemini-2.5-pro": {"mode": "chat", "input_cost_per_token": 1.25e-06,
                            "input_cost_per_token_above_200k_tokens": 2.5e-06, "output_cost_per_token": 1e-05,
                            "output_cost_per_token_above_200k_tokens": 1.5e-05,
                            "cache_read_input_token_cost": 3.1e-07},
                  "vertex_ai/claude-x": {"mode": "chat", "input_cost_per_token": 3e-06,
                            "output_cost_per_token": 1.5e-05},
                  "bedrock/claude-x": {"mode": "chat", "input_cost_per_token": 3.3e-06,
                            "output_cost_per_token": 1.65e-05},
                  "openrouter/z-ai/glm-4.6": {"mode": "chat", "input_cost_per_token": 6.000000000000001e-07,
                            "output_cost_per_token": 2.2e-06},
                  "text-embedding-3-small": {"mode": "embedding", "input_cost_per_token": 2e-08},
                  "broken": {"mode": "chat", "input_cost_per_token": "lots", "output_cost_per_token": 1}
                }
                """;

        PriceFileResult result = LiteLlmPrices.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                "model_prices_and_context_window.json", LocalDate.of(2026, 12, 3));

        assertThat(result.rules()).extracting(PriceRule::model, r -> PriceFormat.pricesOf(r)).containsExactly(
                tuple("gemini-2.5-pro",
                        "in 1.25 / out 10 / cache read 0.31 / above 200000: in 2.5 / out 15"),
                tuple("glm-4.6", "in 0.6 / out 2.2"),
                tuple("gpt-5", "in 1.25 / out 10 / cache read 0.125"));
        assertThat(result.rules()).allSatisfy(r -> {
            assertThat(r.source()).isEqualTo(PriceSource.IMPORT);
            assertThat(r.readOn()).isEqualTo(LocalDate.of(2026, 12, 3));
        });
        assertThat(result.problems()).anySatisfy(p -> assertThat(p).startsWith("claude-x: left out"))
                .anySatisfy(p -> assertThat(p).startsWith("broken: price \"lots\" is not a number"))
                .noneSatisfy(p -> assertThat(p).contains("sample_spec"));
    }
}
