package dev.cpaconsole.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
import dev.cpaconsole.app.DemoLauncher;
import dev.cpaconsole.settings.core.ConnectionSettings;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.testing.Fx;
import dev.cpaconsole.testing.TestClock;
import dev.cpaconsole.testing.TestConsole;
import dev.cpaconsole.testing.UsageRecord;

/** A history imported before any CPA was set up is shown, not hidden behind the first-run panel. */
@ExtendWith(ApplicationExtension.class)
class ImportedHistoryWithoutCpaTest {
    private static final Instant NOW = Instant.parse("2026-08-22T12:30:00Z");

    @TempDir
    Path dataDir;

    private ConsoleWindow window;

    @Start
    void start(Stage stage) {
        try (Database database = Database.open(dataDir)) {
            UsageRecord.store(database, UsageRecord.at(NOW.minus(Duration.ofMinutes(5))).requestId("0000000a"),
                    UsageRecord.at(NOW.minus(Duration.ofMinutes(6))).requestId("0000000b"),
                    UsageRecord.at(NOW.minus(Duration.ofMinutes(7))).requestId("0000000c"));
        }
        TestClock clock = new TestClock(NOW);
        ConsoleServices services = TestConsole.open(dataDir, ConnectionSettings.DEFAULTS, clock,
                CollectorControl.idle(), DemoLauncher.UNAVAILABLE, false);
        window = new ConsoleWindow(stage, new DialogService(() -> stage), clock);
        window.open(services);
        stage.show();
    }

    @AfterEach
    void closeWindow() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> window.dispose()).get(10, TimeUnit.SECONDS).close();
    }

    @Test
    void theDashboardShowsTheImportedUsageAndNoFirstRunPanel(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Fx.get(() -> "3".equals(robot
                .lookup("#dashboard-requests").tryQuery().map(node -> ((Label) node).getText()).orElse(""))));

        assertThat(Fx.get(() -> robot.lookup("#first-run").tryQuery().map(Node::isVisible).orElse(false)))
                .isFalse();
    }
}
