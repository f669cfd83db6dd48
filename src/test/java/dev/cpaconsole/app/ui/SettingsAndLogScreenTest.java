package dev.cpaconsole.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
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
import dev.cpaconsole.collector.core.CollectorHealth;
import dev.cpaconsole.concurrent.Subscription;
import dev.cpaconsole.logs.core.LogEntry;
import dev.cpaconsole.logs.core.LogLevel;
import dev.cpaconsole.settings.core.ConnectionSettings;
import dev.cpaconsole.settings.core.FileManagementKeyStore;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.testing.Fx;
import dev.cpaconsole.testing.TestClock;
import dev.cpaconsole.testing.TestConsole;

@ExtendWith(ApplicationExtension.class)
class SettingsAndLogScreenTest {
    private static final String KEY = "mgmt-key-typed-into-the-form";

    @TempDir
    Path dataDir;

    private final AtomicInteger restarts = new AtomicInteger();
    private ConsoleServices services;
    private ConsoleWindow window;

    @Start
    void start(Stage stage) {
        TestClock clock = new TestClock(Instant.parse("2026-08-22T12:30:00Z"));
        services = TestConsole.open(dataDir, ConnectionSettings.DEFAULTS, clock, new CountingCollector(),
                DemoLauncher.UNAVAILABLE, false);
        window = new ConsoleWindow(stage, new DialogService(() -> stage), clock);
        window.open(services);
        stage.show();
    }

    @AfterEach
    void closeWindow() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> window.dispose()).get(10, TimeUnit.SECONDS).close();
    }

    private static void waitFor(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Fx.get(condition));
    }

    @Test
    void appliedSettingsKeepTheKeyOutOfTheDatabaseAndRestartTheCollector(FxRobot robot) throws Exception {
        robot.clickOn("#nav-settings");
        robot.clickOn("#cpa-url").write("http://127.0.0.1:8317");
        robot.clickOn("#management-key").write(KEY);

        robot.clickOn("#apply-settings");

        waitFor(() -> !robot.lookup("#settings-message").queryAs(Label.class).getText().isEmpty());
        assertThat(restarts).hasValue(1);
        assertThat(new FileManagementKeyStore(dataDir).load()).hasValue(KEY);
        assertThat(services.settings().load().cpaUrl()).isEqualTo("http://127.0.0.1:8317");
        assertThat(new String(Files.readAllBytes(dataDir.resolve(Database.FILE_NAME)), StandardCharsets.ISO_8859_1)
                + walText()).doesNotContain(KEY);
    }

    @Test
    void theRetentionTypedInSettingsIsSavedOnEnter(FxRobot robot) throws Exception {
        robot.clickOn("#nav-settings");
        waitFor(() -> robot.lookup("#retention-days").queryTextInputControl().getText().equals("365"));

        robot.doubleClickOn("#retention-days").eraseText(3).write("120").type(KeyCode.ENTER);

        waitFor(() -> robot.lookup("#settings-message").queryAs(Label.class).getText().contains("kept 120 days"));
        assertThat(services.settings().retentionDays()).isEqualTo(120);
    }

    private String walText() throws Exception {
        Path wal = dataDir.resolve(Database.FILE_NAME + "-wal");
        return Files.exists(wal) ? new String(Files.readAllBytes(wal), StandardCharsets.ISO_8859_1) : "";
    }

    @Test
    void logScreenFollowsTheBufferAndFiltersByLevel(FxRobot robot) throws Exception {
        robot.clickOn("#nav-log");
        services.log().add(new LogEntry(1, Instant.now(), LogLevel.INFO, "main", "dev.cpaconsole.Test",
                "collector started", ""));
        services.log().add(new LogEntry(2, Instant.now(), LogLevel.ERROR, "db-1", "dev.cpaconsole.Test",
                "database locked", ""));
        ListView<?> entries = robot.lookup("#log-entries").queryListView();
        waitFor(() -> entries.getItems().size() == 2);

        robot.interact(() -> robot.lookup("#log-level").queryComboBox().setValue(LogLevel.ERROR));

        waitFor(() -> entries.getItems().size() == 1);
        assertThat(Fx.get(() -> ((LogEntry) entries.getItems().getFirst()).message())).isEqualTo("database locked");
    }

    /** A collector that only counts restarts; the real one needs a CPA. */
    private final class CountingCollector implements CollectorControl {
        @Override
        public CollectorHealth health() {
            return CollectorHealth.stopped();
        }

        @Override
        public Subscription addHealthListener(Consumer<CollectorHealth> listener) {
            return () -> {
            };
        }

        @Override
        public void start() {
        }

        @Override
        public void stop() {
        }

        @Override
        public void restart() {
            restarts.incrementAndGet();
        }
    }
}
