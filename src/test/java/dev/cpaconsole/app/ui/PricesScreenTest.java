package dev.cpaconsole.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.text.Text;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.stage.Window;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import dev.cpaconsole.app.ConsoleServices;
import dev.cpaconsole.pricing.core.PriceRule;
import dev.cpaconsole.pricing.core.PriceSource;
import dev.cpaconsole.pricing.core.PriceStore;
import dev.cpaconsole.pricing.core.Rates;
import dev.cpaconsole.pricing.ui.ImportPreview;
import dev.cpaconsole.requests.core.RequestRow;
import dev.cpaconsole.settings.core.ConnectionSettings;
import dev.cpaconsole.settings.core.ModePreference;
import dev.cpaconsole.settings.core.Theme;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.testing.Fx;
import dev.cpaconsole.testing.TestClock;
import dev.cpaconsole.testing.TestConsole;
import dev.cpaconsole.testing.UsageRecord;
import dev.cpaconsole.ui.Formats;

/** The prices screen, and cost where the other screens show it, driven through the window. */
@ExtendWith(ApplicationExtension.class)
class PricesScreenTest {
    private static final Instant NOW = Instant.parse("2026-08-22T12:30:00Z");
    private static final ConnectionSettings CONFIGURED =
            new ConnectionSettings("http://127.0.0.1:8317", ModePreference.AUTOMATIC, true, Theme.LIGHT);

    @TempDir
    Path dataDir;

    @TempDir
    Path files;

    private final AtomicReference<Path> chosenFile = new AtomicReference<>();
    private Stage stage;
    private ConsoleWindow window;
    private PriceStore prices;
    private PriceRule manualRow;

    @Start
    void start(Stage primary) {
        stage = primary;
        try (Database database = Database.open(dataDir)) {
            UsageRecord.store(database,
                    UsageRecord.at(NOW.minus(Duration.ofMinutes(3))).model("gpt-5.4").tokens(4, 2455, 0, 23, 0)
                            .requestId("00000001"),
                    UsageRecord.at(NOW.minus(Duration.ofMinutes(2))).model("gpt-5.4")
                            .tokens(1_000_000, 0, 0, 100_000, 0).requestId("00000002"),
                    UsageRecord.at(NOW.minus(Duration.ofMinutes(1))).model("mystery-model-1")
                            .requestId("00000003"));
        }
        TestClock clock = new TestClock(NOW);
        ConsoleServices services = TestConsole.open(dataDir, CONFIGURED, clock);
        prices = services.prices();
        manualRow = prices.save(new PriceRule(0, "gpt-5.4", "", new Rates(new BigDecimal("1.25"),
                new BigDecimal("10"), new BigDecimal("0.125"), null, null), null, null, PriceRule.ALWAYS,
                PriceSource.MANUAL, "https://example.com/pricing", LocalDate.of(2026, 8, 1), ""));
        prices.save(PriceRule.simple("gpt-5", Rates.of("1.25", "10"), PriceSource.IMPORT));
        DialogService dialogs = new DialogService(() -> stage, new ScriptedFiles());
        window = new ConsoleWindow(stage, dialogs, clock);
        window.open(services);
        stage.show();
    }

    @AfterEach
    void closeWindow() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            for (Window open : List.copyOf(Window.getWindows())) {
                if (open instanceof Stage dialog && dialog.getOwner() != null) {
                    dialog.close();
                }
            }
            return window.dispose();
        }).get(10, TimeUnit.SECONDS).close();
    }

    private static void waitFor(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> Fx.get(condition));
    }

    private static String text(FxRobot robot, String query) {
        return Fx.get(() -> robot.lookup(query).tryQueryAs(Label.class).map(Label::getText).orElse(""));
    }

    private TableView<PriceRule> openPriceTable(FxRobot robot) throws Exception {
        robot.clickOn("#nav-prices");
        TableView<PriceRule> table = robot.lookup("#prices-table").queryTableView();
        waitFor(() -> table.getItems().size() == 2);
        return table;
    }

    private void editGpt54(FxRobot robot, TableView<PriceRule> table) throws Exception {
        robot.interact(() -> table.getSelectionModel().select(table.getItems().stream()
                .filter(rule -> rule.model().equals("gpt-5.4")).findFirst().orElseThrow()));
        robot.clickOn("#edit-price");
        waitFor(() -> robot.lookup("#price-editor").tryQuery().isPresent());
    }

    private static void type(FxRobot robot, String field, String text) {
        TextField input = robot.lookup(field).queryAs(TextField.class);
        robot.interact(() -> input.setText(text));
    }

    private static List<String> costColumn(FxRobot robot) {
        return Fx.get(() -> robot.lookup(".table-cell").queryAllAs(TableCell.class).stream()
                .filter(cell -> cell.getTableColumn() != null && "cost-column".equals(cell.getTableColumn().getId()))
                .filter(cell -> !cell.isEmpty())
                .map(cell -> cell.getText())
                .toList());
    }

    @Test
    void aPriceThatIsNotANumberShowsItsMessageAndNothingIsSaved(FxRobot robot) throws Exception {
        TableView<PriceRule> table = openPriceTable(robot);
        editGpt54(robot, table);

        type(robot, "#price-input", "abc");
        robot.clickOn("#price-save");

        waitFor(() -> text(robot, "#price-error-input").contains("\u2018abc\u2019 is not a number"));
        assertThat(text(robot, "#price-preview")).isEmpty();
        robot.clickOn("#price-save");
        assertThat(prices.list()).contains(manualRow);
    }

    @Test
    void withFourWrongFieldsTheEditorAndItsButtonsStayWithinTheEightHundredPixelWindow(FxRobot robot)
            throws Exception {
        assertThat(Fx.get(() -> stage.getScene().getHeight())).isEqualTo(800);
        TableView<PriceRule> table = openPriceTable(robot);
        editGpt54(robot, table);
        type(robot, "#price-effective-from", "next week");
        type(robot, "#price-output", "ten");
        type(robot, "#price-cache-read", "-1");
        type(robot, "#price-tier-input", "2.5");

        robot.clickOn("#price-save");

        waitFor(() -> robot.lookup(".error-message").queryAll().stream()
                .filter(node -> node.getId() != null && node.getId().startsWith("price-error-")).count() == 4);
        WaitForAsyncUtils.waitForFxEvents();
        Window editor = Fx.get(() -> robot.lookup("#price-editor").query().getScene().getWindow());
        assertThat(Fx.get(() -> screenBounds(editor))).satisfies(bounds ->
                assertThat(screenBounds(stage).contains(bounds)).as("%s within %s", bounds, screenBounds(stage))
                        .isTrue());
        for (String button : List.of("#price-save", "#price-cancel")) {
            Node shown = robot.lookup(button).query();
            assertThat(Fx.get(() -> shown.localToScreen(shown.getBoundsInLocal())))
                    .satisfies(bounds -> assertThat(screenBounds(editor).contains(bounds))
                            .as("%s %s within %s", button, bounds, screenBounds(editor)).isTrue());
        }
    }

    private static BoundingBox screenBounds(Window window) {
        return new BoundingBox(window.getX(), window.getY(), window.getWidth(), window.getHeight());
    }

    @Test
    void aValidEditShowsTheLastThirtyDaysAndOnceSavedEveryScreenShowsTheNewCost(FxRobot robot) throws Exception {
        waitFor(() -> "$2.25".equals(text(robot, "#dashboard-cost")));
        assertThat(text(robot, "#dashboard-cost-detail")).isEqualTo("1 request unpriced");
        TableView<PriceRule> table = openPriceTable(robot);
        editGpt54(robot, table);
        type(robot, "#price-output", "20");

        robot.clickOn("#price-save");

        waitFor(() -> text(robot, "#price-preview").equals("Last 30 days: $2.25 \u2192 $3.25"));
        assertThat(prices.list()).contains(manualRow);

        robot.clickOn("#price-save");

        waitFor(() -> robot.lookup("#price-editor").tryQuery().isEmpty());
        assertThat(prices.list()).filteredOn(rule -> rule.model().equals("gpt-5.4")).singleElement()
                .satisfies(rule -> {
                    assertThat(rule.rates().output()).isEqualByComparingTo("20");
                    assertThat(rule.source()).isEqualTo(PriceSource.MANUAL);
                });
        waitFor(() -> table.getItems().stream().anyMatch(rule -> rule.rates().output().intValue() == 20));
        robot.clickOn("#nav-requests");
        TableView<RequestRow> requests = robot.lookup("#requests-table").queryTableView();
        waitFor(() -> requests.getItems().size() == 3);
        waitFor(() -> costColumn(robot).containsAll(List.of("$3.25", "$0.0008", "unpriced")));
        robot.clickOn("#nav-overview");
        waitFor(() -> "$3.25".equals(text(robot, "#dashboard-cost")));
    }

    @Test
    void aDeleteSaysWhatItChangesAndHappensOnlyOnceConfirmed(FxRobot robot) throws Exception {
        TableView<PriceRule> table = openPriceTable(robot);
        robot.interact(() -> table.getSelectionModel().select(table.getItems().stream()
                .filter(rule -> rule.model().equals("gpt-5.4")).findFirst().orElseThrow()));

        robot.clickOn("#delete-price");

        waitFor(() -> robot.lookup("#confirm-dialog").tryQuery().isPresent());
        DialogPane confirm = robot.lookup("#confirm-dialog").queryAs(DialogPane.class);
        assertThat(Fx.get(confirm::getContentText))
                .endsWith("Last 30 days: $2.25 \u2192 $0.00\nUnpriced requests: 1 \u2192 3");
        assertThat(prices.list()).contains(manualRow);

        robot.clickOn((Node) confirm.lookupButton(ButtonType.OK));

        waitFor(() -> table.getItems().size() == 1);
        assertThat(prices.list()).extracting(PriceRule::model).containsExactly("gpt-5");
    }

    @Test
    void anImportIsPreviewedAndLeavesTheManualPriceAlone(FxRobot robot) throws Exception {
        Path csv = Files.writeString(files.resolve("prices.csv"), """
                model,provider,input,output,cache_read,cache_write,tier_threshold,tier_input,tier_output
                gpt-5,,1,8,0.1,,,,
                gpt-5.4,,3,20,,,,,
                claude-haiku-4-5,,1,5,0.1,,,,
                long-context-model,,1.25,10,0.125,1.5625,272000,2.5,15
                broken,,x,5,,,,,
                """, StandardCharsets.UTF_8);
        chosenFile.set(csv);
        TableView<PriceRule> table = openPriceTable(robot);

        robot.clickOn("#import-prices");

        waitFor(() -> robot.lookup("#import-preview").tryQuery().isPresent());
        TableView<ImportPreview.Line> lines = robot.lookup("#import-lines").queryTableView();
        assertThat(Fx.get(() -> lines.getItems().stream().map(line -> line.kind() + " " + line.model()).toList()))
                .containsExactly("ADDED claude-haiku-4-5", "ADDED long-context-model", "LOWERS gpt-5",
                        "SKIPPED gpt-5.4", "PROBLEM ");
        assertThat(text(robot, "#import-summary")).startsWith("2 added \u00b7 1 changed (1 lowers a price)");
        assertThat(prices.list()).hasSize(2);
        // The prices under review read whole: they wrap within their cell rather than run past it.
        List<Text> details = Fx.get(() -> robot.lookup("#import-line-detail").queryAllAs(Text.class).stream()
                .filter(text -> !text.getText().isEmpty()).toList());
        assertThat(Fx.get(() -> details.stream().map(Text::getText).toList()))
                .anySatisfy(detail -> assertThat(detail).contains("above 272000"));
        assertThat(Fx.get(() -> details.stream().filter(text -> {
            Bounds cell = text.getParent().getLayoutBounds();
            Bounds drawn = text.getBoundsInParent();
            return drawn.getMaxX() > cell.getMaxX() + 0.5 || drawn.getMaxY() > cell.getMaxY() + 0.5;
        }).map(Text::getText).toList())).isEmpty();

        robot.clickOn("#import-apply");

        waitFor(() -> table.getItems().size() == 4);
        assertThat(prices.list()).contains(manualRow);
        assertThat(prices.list()).filteredOn(rule -> rule.model().equals("gpt-5")).singleElement()
                .satisfies(rule -> assertThat(rule.rates().output()).isEqualByComparingTo("8"));
        assertThat(text(robot, "#prices-message")).isEqualTo("Imported prices.csv: 2 added, 1 changed.");
    }

    @Test
    void theUnpricedListNamesTheModelAndAddPriceOpensTheEditorWithIt(FxRobot robot) throws Exception {
        openPriceTable(robot);
        robot.clickOn("#unpriced-tab");
        TableView<?> unpriced = robot.lookup("#unpriced-table").queryTableView();
        waitFor(() -> unpriced.getItems().size() == 1);
        assertThat(text(robot, "#unpriced-summary"))
                .isEqualTo("1 model without a price, 1 request in the last 30 days.");

        robot.clickOn(".add-price");

        waitFor(() -> robot.lookup("#price-editor").tryQuery().isPresent());
        assertThat(Fx.get(() -> robot.lookup("#price-model").queryAs(TextField.class).getText()))
                .isEqualTo("mystery-model-1");
    }

    @Test
    void theDetailOfACachedRequestShowsItsCostLineByLine(FxRobot robot) throws Exception {
        robot.clickOn("#nav-requests");
        TableView<RequestRow> requests = robot.lookup("#requests-table").queryTableView();
        waitFor(() -> requests.getItems().size() == 3);
        waitFor(() -> costColumn(robot).contains("$0.0005"));

        Node cachedRow = robot.lookup("#requests-table .table-row-cell").nth(2).query();
        robot.clickOn(cachedRow);

        waitFor(() -> !text(robot, "#cost-total").isEmpty());
        assertThat(text(robot, "#cost-line-0")).isEqualTo("uncached input: 4 \u00d7 $1.25 per 1M = $0.000005");
        assertThat(text(robot, "#cost-line-1")).isEqualTo("cache read: " + Formats.count(2455)
                + " \u00d7 $0.125 per 1M = $0.000306875");
        assertThat(text(robot, "#cost-line-2")).isEqualTo("output: 23 \u00d7 $10 per 1M = $0.00023");
        assertThat(robot.lookup("#cost-line-3").tryQuery()).isEmpty();
        assertThat(text(robot, "#cost-total")).isEqualTo("total: $0.000541875");
        assertThat(text(robot, "#fact-cost")).isEqualTo("$0.0005 (API-equivalent estimate)");
        assertThat(text(robot, "#fact-price")).isEqualTo("gpt-5.4 (model) \u00b7 manual");
    }

    /** Answers the file choosers with the file the test prepared. */
    private final class ScriptedFiles implements DialogService.FilePicker {
        @Override
        public Optional<Path> open(Window owner, String title, List<FileChooser.ExtensionFilter> types) {
            return Optional.ofNullable(chosenFile.get());
        }

        @Override
        public Optional<Path> save(Window owner, String title, String fileName,
                List<FileChooser.ExtensionFilter> types) {
            return Optional.ofNullable(chosenFile.get());
        }
    }
}
