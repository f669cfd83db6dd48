package dev.cpaconsole.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
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
import dev.cpaconsole.requests.core.FilterChoice;
import dev.cpaconsole.requests.core.RequestRow;
import dev.cpaconsole.settings.core.ConnectionSettings;
import dev.cpaconsole.settings.core.ModePreference;
import dev.cpaconsole.settings.core.Theme;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.testing.Fx;
import dev.cpaconsole.testing.Labels;
import dev.cpaconsole.testing.ManagedKeyRows;
import dev.cpaconsole.testing.TestClock;
import dev.cpaconsole.testing.TestConsole;
import dev.cpaconsole.testing.UsageRecord;

/** The filters, the order, the attempts and the export of the requests screen, in the main window. */
@ExtendWith(ApplicationExtension.class)
class RequestFiltersScreenTest {
    private static final Instant NOW = Instant.parse("2026-08-22T12:30:00Z");
    private static final String ALICE_KEY = "sk-test-alice-laptop-0000000000001";
    private static final String BOB_KEY = "sk-test-bob-ci-0000000000000000002";

    @TempDir
    Path dataDir;

    @TempDir
    Path files;

    private ConsoleWindow window;
    private Path exportFile;

    @Start
    void start(Stage stage) {
        try (Database database = Database.open(dataDir)) {
            long alice = ManagedKeyRows.user(database, "alice");
            long bob = ManagedKeyRows.user(database, "bob");
            ManagedKeyRows.key(database, alice, "laptop", "", ALICE_KEY);
            ManagedKeyRows.key(database, bob, "ci", "build server", BOB_KEY);
            UsageRecord.store(database,
                    minutesAgo(5).requestId("r-1").clientKey(ALICE_KEY).latency(700),
                    minutesAgo(4).requestId("r-2").clientKey(BOB_KEY).latency(300).failedWith(429)
                            .account("bbbb000000000002", "bob@example.com"),
                    minutesAgo(3).requestId("r-2").clientKey(BOB_KEY).latency(900),
                    minutesAgo(2).requestId("r-3").clientKey(ALICE_KEY).latency(100).model("claude-sonnet-4-5")
                            .provider("claude").failedWith(500),
                    minutesAgo(1).requestId("r-4").clientKey(BOB_KEY).latency(500).model("gpt-5.4")
                            .alias("smart"));
        }
        exportFile = files.resolve("requests.csv");
        TestClock clock = new TestClock(NOW);
        ConsoleServices services = TestConsole.open(dataDir, new ConnectionSettings("http://127.0.0.1:8317",
                ModePreference.AUTOMATIC, true, Theme.LIGHT), clock);
        window = new ConsoleWindow(stage, new DialogService(() -> stage, new ScriptedFiles()), clock);
        window.open(services);
        stage.show();
    }

    private static UsageRecord minutesAgo(int minutes) {
        return UsageRecord.at(NOW.minus(Duration.ofMinutes(minutes)));
    }

    @AfterEach
    void close() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> window.dispose()).get(10, TimeUnit.SECONDS).close();
    }

    private static void waitFor(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> Fx.get(condition));
    }

    private static TableView<RequestRow> openRequests(FxRobot robot) throws Exception {
        robot.clickOn("#nav-requests");
        TableView<RequestRow> table = robot.lookup("#requests-table").queryTableView();
        waitFor(() -> table.getItems().size() == 5);
        return table;
    }

    private static List<String> shownRequestIds(TableView<RequestRow> table) {
        return Fx.get(() -> table.getItems().stream().map(RequestRow::requestId).toList());
    }

    @SuppressWarnings("unchecked")
    private static void choose(FxRobot robot, String filterId, String label) throws Exception {
        ComboBox<FilterChoice> box = robot.lookup(filterId).queryAs(ComboBox.class);
        waitFor(() -> box.getItems().stream().anyMatch(item -> item.label().equals(label)));
        robot.clickOn(box);
        robot.clickOn(robot.lookup(".list-cell").match(cell -> cell instanceof javafx.scene.control.ListCell<?> c
                && label.equals(c.getText())).queryAs(Node.class));
    }

    @Test
    void theFiltersNarrowTheListAndCombine(FxRobot robot) throws Exception {
        TableView<RequestRow> table = openRequests(robot);

        choose(robot, "#key-filter", "ci \u2013 build server (bob)");
        waitFor(() -> table.getItems().size() == 3);
        assertThat(shownRequestIds(table)).containsExactly("r-4", "r-2", "r-2");

        choose(robot, "#model-filter", "smart");
        waitFor(() -> table.getItems().size() == 1);
        assertThat(shownRequestIds(table)).containsExactly("r-4");

        choose(robot, "#model-filter", "All models");
        choose(robot, "#account-filter", "bbbb000000000002 (bob@example.com)");
        waitFor(() -> table.getItems().size() == 1);
        assertThat(Fx.get(() -> table.getItems().getFirst().statusCode())).isEqualTo(429);

        choose(robot, "#account-filter", "All accounts");
        choose(robot, "#key-filter", "All keys");
        choose(robot, "#outcome-filter", "Status 500");
        waitFor(() -> table.getItems().size() == 1);
        assertThat(shownRequestIds(table)).containsExactly("r-3");
    }

    @Test
    void theRequestIdSearchShowsTheAttemptsOfOneRequest(FxRobot robot) throws Exception {
        TableView<RequestRow> table = openRequests(robot);

        robot.clickOn("#request-id-search").write("r-2").type(KeyCode.ENTER);

        waitFor(() -> table.getItems().size() == 2);
        assertThat(shownRequestIds(table)).containsExactly("r-2", "r-2");
    }

    @Test
    void sortingByTheLatencyColumnOrdersTheWholeListInTheDatabase(FxRobot robot) throws Exception {
        TableView<RequestRow> table = openRequests(robot);
        TableColumn<RequestRow, ?> latency = Fx.get(() -> table.getColumns().stream()
                .filter(column -> "latency-column".equals(column.getId())).findFirst().orElseThrow());

        // What a click on the column's header does.
        robot.interact(() -> {
            latency.setSortType(TableColumn.SortType.ASCENDING);
            table.getSortOrder().setAll(List.of(latency));
        });

        waitFor(() -> table.getItems().stream().map(RequestRow::latencyMs).toList()
                .equals(List.of(100L, 300L, 500L, 700L, 900L)));
        robot.interact(() -> latency.setSortType(TableColumn.SortType.DESCENDING));
        waitFor(() -> table.getItems().stream().map(RequestRow::latencyMs).toList()
                .equals(List.of(900L, 700L, 500L, 300L, 100L)));
        robot.interact(() -> table.getSortOrder().clear());
        waitFor(() -> table.getItems().stream().map(RequestRow::latencyMs).toList()
                .equals(List.of(500L, 100L, 900L, 300L, 700L)));
    }

    @Test
    void theDetailListsTheAttemptsOfTheRequestAndOpensEach(FxRobot robot) throws Exception {
        TableView<RequestRow> table = openRequests(robot);
        int retried = Fx.get(() -> table.getItems().stream().filter(row -> row.requestId().equals("r-2")
                && !row.failed()).findFirst().map(table.getItems()::indexOf).orElseThrow());

        robot.clickOn(robot.lookup("#requests-table .table-row-cell").nth(retried).queryAs(Node.class));

        waitFor(() -> robot.lookup("#attempt-1").tryQuery().isPresent());
        assertThat(Fx.get(() -> robot.lookup("#attempt-0").queryAs(Hyperlink.class).getText())).contains("429");
        assertThat(Fx.get(() -> robot.lookup("#attempt-1").queryAs(Hyperlink.class).getText())).contains("200");
        robot.interact(() -> robot.lookup("#attempt-0").queryAs(Hyperlink.class).fire());
        waitFor(() -> robot.lookup("#fact-status").queryAs(Label.class).getText().equals("Failed (429)"));
    }

    @Test
    void exportWritesWhatTheListShowsToTheChosenFile(FxRobot robot) throws Exception {
        TableView<RequestRow> table = openRequests(robot);
        choose(robot, "#outcome-filter", "Failed");
        waitFor(() -> table.getItems().size() == 2);

        robot.clickOn("#export-bom");
        robot.clickOn("#export-requests");

        waitFor(() -> robot.lookup("#requests-message").queryAs(Label.class).getText()
                .startsWith("Exported 2 requests"));
        String text = Files.readString(exportFile, StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFFtime,request_id,");
        List<String> lines = text.lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).contains(",r-3,alice,laptop,");
        assertThat(lines.get(2)).contains(",r-2,bob,ci,").doesNotContain(BOB_KEY);
    }

    /** Answers the save chooser with the file the test prepared. */
    private final class ScriptedFiles implements DialogService.FilePicker {
        @Override
        public Optional<Path> open(Window owner, String title, List<FileChooser.ExtensionFilter> types) {
            return Optional.empty();
        }

        @Override
        public Optional<Path> save(Window owner, String title, String fileName,
                List<FileChooser.ExtensionFilter> types) {
            return Optional.of(exportFile);
        }
    }

    @Test
    void everyFilterShowsItsWholeTextAt1280Pixels(FxRobot robot) throws Exception {
        openRequests(robot);

        List<String> shortened = Fx.get(() -> Labels.shortenedUnder(robot.lookup("#request-filters").query()));

        assertThat(Fx.get(() -> robot.lookup("#request-filters").query().getScene().getWidth())).isEqualTo(1280);
        assertThat(shortened).isEmpty();
    }
}
