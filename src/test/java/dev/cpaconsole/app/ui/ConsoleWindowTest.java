package dev.cpaconsole.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
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
import dev.cpaconsole.requests.core.FilterChoice;
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
import dev.cpaconsole.usage.core.ClientKeys;

@ExtendWith(ApplicationExtension.class)
class ConsoleWindowTest {
    private static final Instant NOW = Instant.parse("2026-08-22T12:30:00Z");
    private static final String CLIENT_KEY = "sk-test-client-alice-0001";
    private static final ConnectionSettings CONFIGURED =
            new ConnectionSettings("http://127.0.0.1:8317", ModePreference.AUTOMATIC, true, Theme.LIGHT);

    @TempDir
    Path dataDir;

    private ConsoleWindow window;

    @Start
    void start(Stage stage) {
        try (Database database = Database.open(dataDir)) {
            UsageRecord.store(database,
                    UsageRecord.at(NOW.minus(Duration.ofMinutes(3))).model("gpt-5.4").latency(1000)
                            .tokens(1000, 0, 0, 500, 0).requestId("00000001"),
                    UsageRecord.at(NOW.minus(Duration.ofMinutes(2))).model("claude-sonnet-4-5").latency(2000)
                            .tokens(2000, 0, 0, 500, 0).failedWith(429).requestId("00000002"),
                    UsageRecord.at(NOW.minus(Duration.ofMinutes(1))).model("gpt-5.4").latency(3000)
                            .tokens(3000, 0, 0, 1000, 0).clientKey(CLIENT_KEY).requestId("00000003"));
        }
        TestClock clock = new TestClock(NOW);
        ConsoleServices services = TestConsole.open(dataDir, CONFIGURED, clock);
        window = new ConsoleWindow(stage, new DialogService(() -> stage), clock);
        window.open(services);
        stage.show();
    }

    @AfterEach
    void closeWindow() throws Exception {
        ConsoleServices services = WaitForAsyncUtils.asyncFx(() -> window.dispose()).get(10, TimeUnit.SECONDS);
        services.close();
    }

    private static String text(FxRobot robot, String query) {
        return Fx.get(() -> robot.lookup(query).queryAs(Label.class).getText());
    }

    private static void waitFor(String what, Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Fx.get(condition));
    }

    @Test
    void overviewShowsTheFiguresOfTheStoredEvents(FxRobot robot) throws Exception {
        waitFor("the last 24 hours' requests", () -> "3".equals(text(robot, "#dashboard-requests")));

        assertThat(text(robot, "#dashboard-success-rate")).isEqualTo(
                Formats.percent(OptionalDouble.of(2 / 3.0)));
        assertThat(text(robot, "#dashboard-tokens")).isEqualTo(Formats.count(8000));
        assertThat(text(robot, "#dashboard-latency")).isEqualTo(Formats.millis(2000));
        robot.clickOn("#preset-today");
        waitFor("today's requests", () -> text(robot, "#dashboard-range").contains("00:00"));
        assertThat(text(robot, "#dashboard-requests")).isEqualTo("3");
    }

    @Test
    void requestsListNewestFirstAndTheDetailShowsTheRecordWithoutTheKey(FxRobot robot) throws Exception {
        robot.clickOn("#nav-requests");
        TableView<RequestRow> table = robot.lookup("#requests-table").queryTableView();
        waitFor("three rows", () -> table.getItems().size() == 3);

        List<Instant> times = Fx.get(() -> table.getItems().stream().map(RequestRow::time).toList());
        assertThat(times).isSortedAccordingTo((a, b) -> b.compareTo(a));

        Node newestRow = robot.lookup("#requests-table .table-row-cell").nth(0).query();
        robot.clickOn(newestRow);
        TextArea record = robot.lookup("#request-record").queryAs(TextArea.class);
        waitFor("the stored record", () -> !record.getText().isEmpty());

        String shown = Fx.get(record::getText);
        assertThat(shown).contains("\"model\" : \"gpt-5.4\"").doesNotContain(CLIENT_KEY)
                .contains(ClientKeys.hash(CLIENT_KEY));
        assertThat(text(robot, "#fact-client-key")).isEqualTo(ClientKeys.mask(CLIENT_KEY));
    }

    @Test
    @SuppressWarnings("unchecked")
    void failedOutcomeFilterLeavesTheFailedRequest(FxRobot robot) throws Exception {
        robot.clickOn("#nav-requests");
        TableView<RequestRow> table = robot.lookup("#requests-table").queryTableView();
        waitFor("three rows", () -> table.getItems().size() == 3);
        ComboBox<FilterChoice> outcome = robot.lookup("#outcome-filter").queryAs(ComboBox.class);

        robot.clickOn(outcome);
        robot.clickOn("Failed");

        waitFor("only the failed row", () -> table.getItems().size() == 1);
        Integer status = Fx.get(() -> table.getItems().getFirst().statusCode());
        assertThat(status).isEqualTo(429);
    }
}
