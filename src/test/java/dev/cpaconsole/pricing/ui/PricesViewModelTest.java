package dev.cpaconsole.pricing.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cpaconsole.concurrent.SameThreadTaskRunner;
import dev.cpaconsole.pricing.core.CostQuery;
import dev.cpaconsole.pricing.core.PriceCsv;
import dev.cpaconsole.pricing.core.PriceRule;
import dev.cpaconsole.pricing.core.PriceSource;
import dev.cpaconsole.pricing.core.PriceStore;
import dev.cpaconsole.pricing.core.Rates;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.testing.TestClock;
import dev.cpaconsole.testing.UsageRecord;

class PricesViewModelTest {
    private static final Instant NOW = Instant.parse("2026-08-22T12:30:00Z");

    @TempDir
    Path dataDir;

    @TempDir
    Path files;

    private Database database;
    private PriceStore store;
    private PricesViewModel model;

    @BeforeEach
    void open() {
        database = Database.open(dataDir);
        TestClock clock = new TestClock(NOW);
        store = new PriceStore(database, clock);
        model = new PricesViewModel(store, new CostQuery(database), new SameThreadTaskRunner(), clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private Path file(String name, String text) throws Exception {
        return Files.writeString(files.resolve(name), text, StandardCharsets.UTF_8);
    }

    @Test
    void importPreviewSaysWhatIsAddedChangedAndSkippedBeforeAnythingIsWritten() throws Exception {
        store.save(PriceRule.simple("gpt-5", Rates.of("1.25", "10"), PriceSource.CATALOGUE));
        store.save(PriceRule.simple("gpt-5.4", Rates.of("1.25", "10"), PriceSource.MANUAL));
        Path csv = file("prices.csv", """
                model,provider,input,output,cache_read
                gpt-5,,1,8,0.1
                gpt-5.4,,3,20,
                claude-haiku-4-5,,1,5,0.1
                broken,,x,5,
                """);

        model.readImport(csv);

        ImportPreview preview = model.importPreviewProperty().get();
        assertThat(preview.lines()).extracting(ImportPreview.Line::kind, ImportPreview.Line::model).containsExactly(
                tuple(ImportPreview.Kind.ADDED, "claude-haiku-4-5"),
                tuple(ImportPreview.Kind.LOWERS, "gpt-5"),
                tuple(ImportPreview.Kind.SKIPPED, "gpt-5.4"),
                tuple(ImportPreview.Kind.PROBLEM, ""));
        assertThat(preview.lines().get(2).detail()).isEqualTo("The stored manual price is kept");
        assertThat(preview.lines().get(3).detail()).contains("broken");
        assertThat(store.list()).hasSize(2);
    }

    @Test
    void applyingAnImportLeavesManualPricesAsTheyWere() throws Exception {
        store.save(PriceRule.simple("gpt-5", Rates.of("1.25", "10"), PriceSource.CATALOGUE));
        PriceRule manual = store.save(PriceRule.simple("gpt-5.4", Rates.of("1.25", "10"), PriceSource.MANUAL));
        model.readImport(file("prices.csv", """
                model,input,output
                gpt-5,1,8
                gpt-5.4,3,20
                claude-haiku-4-5,1,5
                """));

        model.applyImport();

        assertThat(store.list()).extracting(PriceRule::model, rule -> rule.rates().input().toPlainString(),
                PriceRule::source).containsExactlyInAnyOrder(
                tuple("claude-haiku-4-5", "1", PriceSource.IMPORT),
                tuple("gpt-5", "1", PriceSource.IMPORT),
                tuple("gpt-5.4", "1.25", PriceSource.MANUAL));
        assertThat(store.list()).filteredOn(rule -> rule.id() == manual.id()).singleElement()
                .isEqualTo(manual);
        assertThat(model.importPreviewProperty().get()).isNull();
        assertThat(model.messageProperty().get()).isEqualTo("Imported prices.csv: 1 added, 1 changed.");
    }

    @Test
    void aLiteLlmFileIsReadAsJsonAndItsCostChangeShown() throws Exception {
        UsageRecord.store(database, UsageRecord.at(NOW.minus(Duration.ofDays(1))).model("gpt-5.4")
                .tokens(1_000_000, 0, 0, 0, 0).requestId("00000001"));
        Path json = file("model_prices.json", """
                {"sample_spec": {"input_cost_per_token": 0},
                 "gpt-5.4": {"mode": "chat", "input_cost_per_token": 1.25e-06, "output_cost_per_token": 1e-05}}
                """);

        model.readImport(json);

        ImportPreview preview = model.importPreviewProperty().get();
        assertThat(preview.plan().additions()).extracting(PriceRule::model).containsExactly("gpt-5.4");
        assertThat(preview.costChange()).isEqualTo("Last 30 days: $0.00 \u2192 $1.25\nUnpriced requests: 1 \u2192 0");
    }

    @Test
    void anUndatedRowUpdatesTheStoredRowInEffect() throws Exception {
        store.save(new PriceRule(0, "gpt-5", "", Rates.of("1.25", "10"), null, null, LocalDate.of(2025, 1, 1),
                PriceSource.CATALOGUE, "", null, ""));

        model.readImport(file("prices.csv", "model,input,output\ngpt-5,1,8\n"));

        assertThat(model.importPreviewProperty().get().lines()).singleElement().satisfies(line -> {
            assertThat(line.kind()).isEqualTo(ImportPreview.Kind.LOWERS);
            assertThat(line.effectiveFrom()).isEqualTo("2025-01-01");
        });
    }

    @Test
    void aDatedRowAddedBeneathALaterStoredOneSaysWhichStillApplies() throws Exception {
        store.save(new PriceRule(0, "gpt-5", "", Rates.of("1.25", "10"), null, null, LocalDate.of(2025, 1, 1),
                PriceSource.CATALOGUE, "", null, ""));

        model.readImport(file("prices.csv", "model,input,output,effective_from\ngpt-5,1,8,2024-06-01\n"));

        assertThat(model.importPreviewProperty().get().lines()).singleElement().satisfies(line -> {
            assertThat(line.kind()).isEqualTo(ImportPreview.Kind.ADDED);
            assertThat(line.detail()).endsWith("(the stored row from 2025-01-01 still applies from that day)");
        });
    }

    @Test
    void aFileThatIsNeitherKindIsRefusedWithItsName() throws Exception {
        model.readImport(file("notes.csv", "hello,world\n1,2\n"));

        assertThat(model.importPreviewProperty().get()).isNull();
        assertThat(model.errorMessageProperty().get()).startsWith("Could not read notes.csv: not a price CSV");
    }

    @Test
    void exportWritesEveryRowAsCsvThatReadsBack() throws Exception {
        store.save(PriceRule.simple("gpt-5.4", Rates.of("1.25", "10"), PriceSource.MANUAL));
        store.save(PriceRule.simple("claude-*", Rates.of("3", "15"), PriceSource.IMPORT));
        Path out = files.resolve("export.csv");

        model.exportCsv(out);

        assertThat(PriceCsv.read(new StringReader(Files.readString(out)), null, "").rules())
                .containsExactlyInAnyOrderElementsOf(store.list().stream().map(rule -> rule.withId(0)).toList());
        assertThat(model.messageProperty().get()).isEqualTo("Exported 2 prices to " + out + ".");
    }

    @Test
    void unpricedListsTheModelsWithoutAPriceAndAddPriceFillsInTheModel() {
        store.save(PriceRule.simple("gpt-5.4", Rates.of("1.25", "10"), PriceSource.MANUAL));
        UsageRecord.store(database,
                UsageRecord.at(NOW.minus(Duration.ofDays(1))).model("gpt-5.4").requestId("00000001"),
                UsageRecord.at(NOW.minus(Duration.ofDays(2))).model("mystery-model-1").requestId("00000002"),
                UsageRecord.at(NOW.minus(Duration.ofDays(40))).model("old-model").requestId("00000003"));

        model.load();

        assertThat(model.unpriced()).extracting(unpriced -> unpriced.model()).containsExactly("mystery-model-1");
        assertThat(model.unpricedSummaryProperty().get())
                .isEqualTo("1 model without a price, 1 request in the last 30 days.");
        PriceEditorModel editor = model.addPriceFor(model.unpriced().getFirst());
        assertThat(editor.isNew()).isTrue();
        assertThat(editor.text(PriceField.MODEL).get()).isEqualTo("mystery-model-1");

        model.showUnpricedPeriod(Period.ALL);

        assertThat(model.unpriced()).extracting(unpriced -> unpriced.model())
                .containsExactlyInAnyOrder("mystery-model-1", "old-model");
    }

    @Test
    void deleteIsReviewedBeforeItHappens() {
        PriceRule rule = store.save(PriceRule.simple("gpt-5.4", Rates.of("1.25", "10"), PriceSource.MANUAL));
        UsageRecord.store(database, UsageRecord.at(NOW.minus(Duration.ofDays(1))).model("gpt-5.4")
                .tokens(1_000_000, 0, 0, 0, 0).requestId("00000001"));
        model.load();

        model.reviewDelete(rule);

        assertThat(model.deleteReviewProperty().get().costChange())
                .isEqualTo("Last 30 days: $1.25 \u2192 $0.00\nUnpriced requests: 0 \u2192 1");
        assertThat(store.list()).hasSize(1);

        model.confirmDelete();

        assertThat(store.list()).isEmpty();
    }

    @Test
    void theFeeSettingIsSavedAsThePolicy() {
        model.load();

        model.chargeFeeOnFailures(true);

        assertThat(store.policy().feeOnFailures()).isTrue();
        assertThat(model.feeOnFailuresProperty().get()).isTrue();
    }
}
