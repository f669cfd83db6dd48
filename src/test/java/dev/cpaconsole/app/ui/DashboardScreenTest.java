package dev.cpaconsole.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Text;
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
import dev.cpaconsole.dashboard.core.RankingRow;
import dev.cpaconsole.pricing.core.PriceRule;
import dev.cpaconsole.pricing.core.PriceSource;
import dev.cpaconsole.pricing.core.Rates;
import dev.cpaconsole.settings.core.ConnectionSettings;
import dev.cpaconsole.settings.core.ModePreference;
import dev.cpaconsole.settings.core.Theme;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.testing.Fx;
import dev.cpaconsole.testing.Labels;
import dev.cpaconsole.testing.Screenshots;
import dev.cpaconsole.testing.TestClock;
import dev.cpaconsole.testing.TestConsole;
import dev.cpaconsole.testing.UsageRecord;
import dev.cpaconsole.ui.Formats;
import dev.cpaconsole.usage.core.CpaTimestamps;

/**
 * The dashboard in the window, with the display zone set to Kathmandu (+05:45): its figures match
 * the stored events, a ranking row narrows the scope, collection gaps are shaded, and the presets
 * cut their ranges in the display zone.
 */
@ExtendWith(ApplicationExtension.class)
class DashboardScreenTest {
    /** 18:15 in Kathmandu. */
    private static final Instant NOW = Instant.parse("2026-08-22T12:30:00Z");
    private static final ZoneId KATHMANDU = ZoneId.of("Asia/Kathmandu");
    private static final ConnectionSettings CONFIGURED =
            new ConnectionSettings("http://127.0.0.1:8317", ModePreference.AUTOMATIC, true, Theme.LIGHT);

    @TempDir
    Path dataDir;

    private ConsoleWindow window;
    private Stage stage;

    @Start
    void start(Stage primary) {
        stage = primary;
        try (Database database = Database.open(dataDir)) {
            UsageRecord.store(database,
                    // 23:45 on the 21st in Kathmandu: yesterday there, but within the last 24 hours.
                    UsageRecord.at(Instant.parse("2026-08-21T18:00:00Z")).model("claude-sonnet-4-5").latency(900)
                            .tokens(400, 0, 0, 100, 0).requestId("00000001"),
                    // 00:05 on the 22nd in Kathmandu.
                    UsageRecord.at(Instant.parse("2026-08-21T18:20:00Z")).model("gpt-5.4").latency(1000)
                            .tokens(1000, 0, 0, 500, 0).requestId("00000002"),
                    UsageRecord.at(NOW.minusSeconds(600)).model("gpt-5.4").latency(2000)
                            .tokens(2000, 0, 0, 500, 0).failedWith(429).requestId("00000003"),
                    UsageRecord.at(NOW.minusSeconds(60)).model("gpt-5.4").latency(3000)
                            .tokens(3000, 0, 0, 1000, 0).clientKey("sk-test-client-bob-0002").requestId("00000004"));
            database.write(dsl -> dsl.execute("INSERT INTO collection_gap (start_ns, end_ns, reason) "
                    + "VALUES (?, ?, 'disconnected')", CpaTimestamps.toEpochNanos(NOW.minusSeconds(5 * 3600)),
                    CpaTimestamps.toEpochNanos(NOW.minusSeconds(3 * 3600))));
        }
        TestClock clock = new TestClock(NOW);
        ConsoleServices services = TestConsole.open(dataDir, CONFIGURED, clock);
        services.settings().saveTimeZone(KATHMANDU);
        services.prices().save(PriceRule.simple("gpt-5.4", Rates.of("1.25", "10"), PriceSource.MANUAL));
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

    private static void waitFor(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Fx.get(condition));
    }

    @Test
    void theFiguresOfTheLast24HoursMatchTheStoredEvents(FxRobot robot) throws Exception {
        waitFor(() -> "4".equals(text(robot, "#dashboard-requests")));

        assertThat(text(robot, "#dashboard-success-rate")).isEqualTo(Formats.percent(OptionalDouble.of(0.75)));
        assertThat(text(robot, "#dashboard-success-rate-detail")).isEqualTo("429: 1");
        assertThat(text(robot, "#dashboard-tokens")).isEqualTo(Formats.count(8500));
        assertThat(text(robot, "#dashboard-latency")).isEqualTo(Formats.millis(1725));
        // gpt-5.4: 6 000 input tokens at $1.25 and 2 000 output tokens at $10 per million.
        assertThat(text(robot, "#dashboard-cost")).isEqualTo("$0.0275");
        assertThat(text(robot, "#dashboard-cost-detail")).isEqualTo("1 request unpriced");
    }

    @Test
    void todayStartsAtMidnightInTheDisplayZone(FxRobot robot) throws Exception {
        waitFor(() -> "4".equals(text(robot, "#dashboard-requests")));

        robot.clickOn("#preset-today");

        waitFor(() -> "3".equals(text(robot, "#dashboard-requests")));
        assertThat(text(robot, "#dashboard-range")).isEqualTo("2026-08-22 00:00 \u2013 2026-08-22 18:15  "
                + "(Asia/Kathmandu)");
        robot.clickOn("#preset-last-7-days");
        waitFor(() -> text(robot, "#dashboard-range").startsWith("2026-08-15 18:15"));
        assertThat(text(robot, "#dashboard-requests")).isEqualTo("4");
    }

    @Test
    void clickingARankingRowNarrowsTheDashboardToIt(FxRobot robot) throws Exception {
        waitFor(() -> "4".equals(text(robot, "#dashboard-requests")));
        ScrollPane screen = robot.lookup("#dashboard").queryAs(ScrollPane.class);
        robot.interact(() -> screen.setVvalue(screen.getVmax()));
        robot.clickOn("#ranking-tab-models");
        TableView<RankingRow> models = robot.lookup("#ranking-models").queryTableView();
        waitFor(() -> models.getItems().size() == 2);
        Node gpt = robot.lookup("#ranking-models .table-row-cell").match((TableRow<RankingRow> row) ->
                row.getItem() != null && row.getItem().label().equals("gpt-5.4")).query();

        robot.clickOn(gpt);

        waitFor(() -> "3".equals(text(robot, "#dashboard-requests")));
        assertThat(text(robot, "#dashboard-scope")).isEqualTo("Showing model gpt-5.4");
        ComboBox<?> picker = robot.lookup("#scope-model").queryComboBox();
        assertThat(Fx.get(picker::getValue)).isEqualTo("gpt-5.4");
        waitFor(() -> models.getItems().size() == 1);

        robot.interact(() -> screen.setVvalue(0));
        robot.clickOn("#scope-clear");

        waitFor(() -> "4".equals(text(robot, "#dashboard-requests")));
    }

    @Test
    void aCollectionGapIsShadedOnTheTimeCharts(FxRobot robot) throws Exception {
        waitFor(() -> "4".equals(text(robot, "#dashboard-requests")));

        for (String chart : List.of("#requests-chart", "#tokens-chart", "#cost-chart", "#latency-chart")) {
            waitFor(() -> robot.lookup(chart + " .gap-band").tryQuery().isPresent());
            Rectangle band = robot.lookup(chart + " .gap-band").queryAs(Rectangle.class);
            // Two hours of a 24-hour axis: about a twelfth of the plot's width.
            double plotWidth = Fx.get(() -> robot.lookup(chart + " .chart-plot-background").query()
                    .getLayoutBounds().getWidth());
            assertThat(Fx.get(band::isVisible)).as(chart).isTrue();
            assertThat(Fx.get(band::getWidth) / plotWidth).as(chart).isBetween(0.07, 0.1);
            // The time axis of the last 24 hours is labelled on whole local hours.
            List<String> hours = Fx.get(() -> robot.lookup(chart + " .axis Text").queryAllAs(Text.class).stream()
                    .filter(Text::isVisible).map(Text::getText).filter(t -> t.contains(":")).toList());
            assertThat(hours).as(chart).isNotEmpty().allMatch(t -> t.endsWith(":00"));
        }
        Screenshots.write(Fx.get(() -> Screenshots.snapshot(stage.getScene())), "dashboard-gap-light");
        ScrollPane screen = robot.lookup("#dashboard").queryAs(ScrollPane.class);
        robot.interact(() -> screen.setVvalue(screen.getVmax()));
        Screenshots.write(Fx.get(() -> Screenshots.snapshot(stage.getScene())), "dashboard-lower-light");
    }

    @Test
    void customDatesShowWholeLocalDaysAndTextThatIsNoDateIsRefused(FxRobot robot) throws Exception {
        waitFor(() -> "4".equals(text(robot, "#dashboard-requests")));

        robot.clickOn("#custom-first .text-field").write("2026-08-22");
        robot.clickOn("#custom-last .text-field").write("2026-08-22");
        robot.clickOn("#custom-show");

        waitFor(() -> text(robot, "#dashboard-range").startsWith("2026-08-22 00:00 \u2013 2026-08-23 00:00"));
        assertThat(text(robot, "#dashboard-requests")).isEqualTo("3");
        TextField first = robot.lookup("#custom-first .text-field").queryAs(TextField.class);
        robot.interact(() -> first.setText("2026-02-30"));
        robot.clickOn("#custom-show");
        waitFor(() -> !text(robot, "#dashboard-error").isEmpty());
        assertThat(text(robot, "#dashboard-error")).isEqualTo("'2026-02-30' is not a date \u2013 use the form "
                + "2026-03-01.");
        assertThat(text(robot, "#dashboard-range")).startsWith("2026-08-22 00:00");
    }

    @Test
    void everyTextOfTheDashboardFitsTheWindow(FxRobot robot) throws Exception {
        waitFor(() -> "4".equals(text(robot, "#dashboard-requests")));
        robot.clickOn("#scope-model");
        robot.clickOn("claude-sonnet-4-5");
        waitFor(() -> "1".equals(text(robot, "#dashboard-requests")));

        List<String> shortened = Fx.get(() -> Labels.shortenedUnder(robot.lookup("#dashboard").query()));

        assertThat(Fx.get(() -> stage.getScene().getWidth())).isEqualTo(1280);
        assertThat(shortened).isEmpty();
    }
}
