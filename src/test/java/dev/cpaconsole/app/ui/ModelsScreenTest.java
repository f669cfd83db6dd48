package dev.cpaconsole.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.stage.Stage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import dev.cpaconsole.app.ConsoleServices;
import dev.cpaconsole.models.core.ModelRow;
import dev.cpaconsole.pricing.core.PriceRule;
import dev.cpaconsole.pricing.core.PriceSource;
import dev.cpaconsole.pricing.core.Rates;
import dev.cpaconsole.settings.core.ConnectionSettings;
import dev.cpaconsole.settings.core.FileManagementKeyStore;
import dev.cpaconsole.settings.core.KeyKind;
import dev.cpaconsole.settings.core.ModePreference;
import dev.cpaconsole.settings.core.Theme;
import dev.cpaconsole.simulator.CpaSimulator;
import dev.cpaconsole.simulator.SimulatorOptions;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.testing.Fx;
import dev.cpaconsole.testing.Labels;
import dev.cpaconsole.testing.Screenshots;
import dev.cpaconsole.testing.TestClock;
import dev.cpaconsole.testing.TestConsole;

/** The models screen in the main window, against the CPA simulator on a loopback port. */
@ExtendWith(ApplicationExtension.class)
class ModelsScreenTest {
    private static final String KEY = "mgmt-test-secret-00001";

    @TempDir
    Path dataDir;

    private CpaSimulator simulator;
    private Stage stage;
    private ConsoleServices services;
    private ConsoleWindow window;

    @Start
    void start(Stage primary) {
        stage = primary;
        simulator = CpaSimulator.start(SimulatorOptions.builder().managementKey(KEY)
                .apiKeys(List.of("sk-test-client-alice-0001")).build());
        simulator.authFiles().addCodex("user@example.com", "plus");
        simulator.authFiles().addClaude("dev@example.com");
        simulator.authFiles().addGemini("research@example.com", "project-1");
        new FileManagementKeyStore(dataDir).save(KEY);
        TestClock clock = new TestClock(Instant.parse("2026-08-22T12:30:00Z"));
        services = TestConsole.open(dataDir, new ConnectionSettings(simulator.baseUri().toString(),
                ModePreference.AUTOMATIC, true, Theme.LIGHT), clock);
        window = new ConsoleWindow(stage, new DialogService(() -> stage), clock);
        window.open(services);
        stage.show();
    }

    @AfterEach
    void close() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> window.dispose()).get(10, TimeUnit.SECONDS).close();
        simulator.close();
    }

    private static void waitFor(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Fx.get(condition));
    }

    @SuppressWarnings("unchecked")
    private static TableView<ModelRow> table(FxRobot robot) {
        return robot.lookup("#models-table").queryAs(TableView.class);
    }

    private static List<String> shownIds(FxRobot robot) {
        return Fx.get(() -> table(robot).getItems().stream().map(ModelRow::id).toList());
    }

    @Test
    void refreshShowsEveryModelWithItsAccountsAndTheFilterNarrowsThem(FxRobot robot) throws Exception {
        robot.clickOn("#nav-models");
        waitFor(() -> "Not refreshed yet".equals(robot.lookup("#models-refreshed").queryAs(Label.class).getText()));

        robot.clickOn("#refresh-models");
        waitFor(() -> table(robot).getItems().size() == 7);

        assertThat(shownIds(robot)).contains("gpt-5.4", "claude-sonnet-4-6", "gemini-2.5-pro");
        assertThat(Fx.get(() -> robot.lookup("#models-refreshed").queryAs(Label.class).getText()))
                .isEqualTo("Refreshed 2026-08-22 12:30:00");
        assertThat(Fx.get(() -> robot.lookup("#models-proxy-status").queryAs(Label.class).getText()))
                .startsWith("/v1/models: 7 models");
        assertThat(Fx.get(() -> table(robot).getItems().stream().filter(row -> row.id().equals("gpt-5.4"))
                .findFirst().orElseThrow().accounts())).hasSize(1);
        Screenshots.write(Fx.get(() -> Screenshots.snapshot(stage.getScene())), "models-light");

        robot.clickOn("#models-filter").write("claude");

        waitFor(() -> table(robot).getItems().stream().allMatch(row -> row.id().startsWith("claude")));
        assertThat(shownIds(robot)).containsExactly("claude-haiku-4-5", "claude-opus-4-6", "claude-sonnet-4-6");
        assertThat(Fx.get(() -> robot.lookup("#models-summary").queryAs(Label.class).getText()))
                .isEqualTo("3 of 7 models match");
    }

    @Test
    void longModelIdsAndTheirMatchedPricesReadWholeAt1280Pixels(FxRobot robot) throws Exception {
        simulator.authFiles().addCodex("pro@example.com", "pro");
        services.prices().save(PriceRule.simple("gpt-5.3-codex-spark", Rates.of("1.75", "14"), PriceSource.MANUAL));
        services.prices().save(PriceRule.simple("claude-haiku-4-5", Rates.of("1", "5"), PriceSource.MANUAL));
        services.prices().save(PriceRule.simple("claude-sonnet-4-*", Rates.of("3", "15"), PriceSource.MANUAL));
        services.prices().save(PriceRule.simple("gemini-2.5-flash", Rates.of("0.075", "0.3"), PriceSource.MANUAL));
        robot.clickOn("#nav-models");

        robot.clickOn("#refresh-models");

        waitFor(() -> table(robot).getItems().size() == 8);
        WaitForAsyncUtils.waitForFxEvents();
        Screenshots.write(Fx.get(() -> Screenshots.snapshot(stage.getScene())), "models-priced-light");
        assertThat(Fx.get(() -> stage.getScene().getWidth())).isEqualTo(1280);
        assertThat(Fx.get(() -> Labels.shortenedOf(shownLabels(robot)))).isEmpty();
        assertThat(Fx.get(() -> shownCells(robot).stream().filter(cell -> cell.getTooltip() != null)
                .map(cell -> cell.getText() + " = " + cell.getTooltip().getText()).toList()))
                .contains("in 3 / out 15 = Price row claude-sonnet-4-*: in 3 / out 15 USD per 1M tokens",
                        "in 1.75 / out 14 = Price row gpt-5.3-codex-spark: in 1.75 / out 14 USD per 1M tokens");
        assertThat(Fx.get(() -> shownCells(robot).stream().map(TableCell::getText).toList()))
                .contains("gpt-5.3-codex-spark", "in 1 / out 5", "in 0.075 / out 0.3", "unpriced");
    }

    /** The cells of the shown rows, but the accounts, which give up width and list themselves as tooltip. */
    private static List<TableCell<?, ?>> shownCells(FxRobot robot) {
        return robot.lookup("#models-table .table-cell").queryAll().stream()
                .<TableCell<?, ?>>map(cell -> (TableCell<?, ?>) cell)
                .filter(cell -> cell.isVisible() && !cell.isEmpty() && cell.getTableRow() != null
                        && !cell.getTableRow().isEmpty() && !"Accounts".equals(cell.getTableColumn().getText()))
                .toList();
    }

    private static List<Labeled> shownLabels(FxRobot robot) {
        List<Labeled> shown = new ArrayList<>(robot.lookup("#models-table .column-header .label")
                .queryAllAs(Labeled.class).stream().filter(Node::isVisible).toList());
        shown.addAll(shownCells(robot));
        return shown;
    }

    @Test
    void filterMatchesAnAccountToo(FxRobot robot) throws Exception {
        robot.clickOn("#nav-models");
        robot.clickOn("#refresh-models");
        waitFor(() -> table(robot).getItems().size() == 7);

        robot.clickOn("#models-filter").write("research@");

        waitFor(() -> table(robot).getItems().size() == 2);
        assertThat(shownIds(robot)).containsExactly("gemini-2.5-flash", "gemini-2.5-pro");
    }

    @Test
    void settingsKeepTheClientKeyInItsOwnStoreAndTheIntervalInTheDatabase(FxRobot robot) throws Exception {
        robot.clickOn("#nav-settings");
        robot.clickOn("#client-key").write("sk-console-own-key");
        robot.interact(() -> robot.lookup("#models-refresh-interval").queryComboBox().setValue(Duration.ofHours(6)));

        robot.clickOn("#save-model-settings");

        waitFor(() -> !robot.lookup("#model-settings-message").queryAs(Label.class).getText().isEmpty());
        assertThat(Fx.get(() -> robot.lookup("#model-settings-message").queryAs(Label.class).getText()))
                .isEqualTo("Saved; models refresh every 6 hours.");
        assertThat(new FileManagementKeyStore(dataDir, KeyKind.CLIENT_KEY).load()).hasValue("sk-console-own-key");
        assertThat(databaseText()).doesNotContain("sk-console-own-key").contains("PT6H");
        assertThat(Fx.get(() -> robot.lookup("#client-key-hint").queryAs(Label.class).getText()))
                .startsWith("A client key is saved in the file");
        Screenshots.write(Fx.get(() -> Screenshots.snapshot(stage.getScene())), "settings-light");
    }

    /** The database file and its write-ahead log as text, to look for what must or must not be stored. */
    private String databaseText() throws Exception {
        StringBuilder text = new StringBuilder();
        for (String name : List.of(Database.FILE_NAME, Database.FILE_NAME + "-wal")) {
            Path file = dataDir.resolve(name);
            if (Files.exists(file)) {
                text.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        return text.toString();
    }

    @Test
    void refreshAgainstAStoppedCpaSaysItCannotBeReached(FxRobot robot) throws Exception {
        simulator.close();
        robot.clickOn("#nav-models");

        robot.clickOn("#refresh-models");

        waitFor(() -> robot.lookup("#models-error").queryAs(Label.class).getText()
                .startsWith("The refresh failed: CPA is not reachable at"));
    }
}
