package dev.cpaconsole.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.stage.Stage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import dev.cpaconsole.app.CollectorControl;
import dev.cpaconsole.app.ConsoleServices;
import dev.cpaconsole.settings.core.ConnectionSettings;
import dev.cpaconsole.settings.core.ModePreference;
import dev.cpaconsole.settings.core.Theme;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.testing.Fx;
import dev.cpaconsole.testing.TestClock;
import dev.cpaconsole.testing.TestConsole;
import dev.cpaconsole.testing.UsageRecord;

@ExtendWith(ApplicationExtension.class)
class FirstRunTest {
    private static final Instant NOW = Instant.parse("2026-08-22T12:30:00Z");

    @TempDir
    Path dataDir;
    @TempDir
    Path demoDir;

    private Stage stage;
    private ConsoleWindow window;

    @Start
    void start(Stage primary) {
        stage = primary;
        TestClock clock = new TestClock(NOW);
        ConsoleServices services = TestConsole.open(dataDir, ConnectionSettings.DEFAULTS, clock,
                CollectorControl.idle(), () -> startDemo(clock), false);
        window = new ConsoleWindow(stage, new DialogService(() -> stage), clock);
        window.open(services);
        stage.show();
    }

    /** Stands in for the composition root's demo: services over their own directory with traffic stored. */
    private ConsoleServices startDemo(TestClock clock) {
        try (Database database = Database.open(demoDir)) {
            UsageRecord.store(database, UsageRecord.at(NOW.minus(Duration.ofMinutes(1))).requestId("0000000a"),
                    UsageRecord.at(NOW.minus(Duration.ofMinutes(2))).requestId("0000000b"));
        }
        return TestConsole.open(demoDir, new ConnectionSettings("http://127.0.0.1:1", ModePreference.AUTOMATIC,
                true, Theme.LIGHT), clock, CollectorControl.idle(), () -> {
                    throw new IllegalStateException("already a demo");
                }, true);
    }

    @AfterEach
    void closeWindow() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> window.dispose()).get(10, TimeUnit.SECONDS).close();
    }

    private static void waitFor(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Fx.get(condition));
    }

    private static boolean showing(FxRobot robot, String query) {
        return robot.lookup(query).tryQuery().map(Node::isVisible).orElse(false);
    }

    @Test
    void unconfiguredConsoleOffersToConnectOrTryTheDemo(FxRobot robot) throws Exception {
        waitFor(() -> showing(robot, "#first-run"));

        assertThat(Fx.get(() -> showing(robot, "#connect-cpa"))).isTrue();
        assertThat(Fx.get(() -> showing(robot, "#try-demo"))).isTrue();
    }

    @Test
    void connectLeadsToTheSettings(FxRobot robot) throws Exception {
        waitFor(() -> showing(robot, "#first-run"));

        robot.clickOn("#connect-cpa");

        waitFor(() -> showing(robot, "#cpa-url"));
    }

    @Test
    void tryingTheDemoSwitchesTheWindowToTheDemosEvents(FxRobot robot) throws Exception {
        waitFor(() -> showing(robot, "#first-run"));

        robot.clickOn("#try-demo");

        waitFor(() -> showing(robot, "#demo-badge"));
        waitFor(() -> "2".equals(robot.lookup("#dashboard-requests").queryAs(Label.class).getText()));
        assertThat(Fx.get(stage::getTitle)).contains("demo");
        assertThat(Fx.get(() -> showing(robot, "#first-run"))).isFalse();
    }
}
