package dev.cpaconsole.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
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
import dev.cpaconsole.settings.core.ConnectionSettings;
import dev.cpaconsole.settings.core.ModePreference;
import dev.cpaconsole.settings.core.Theme;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.testing.Fx;
import dev.cpaconsole.testing.Screenshots;
import dev.cpaconsole.testing.TestClock;
import dev.cpaconsole.testing.TestConsole;
import dev.cpaconsole.testing.UsageRecord;

/** Pictures of the main window in both themes, written to {@code target/screenshots}. */
@ExtendWith(ApplicationExtension.class)
class ScreenshotTest {
    private static final Instant NOW = Instant.parse("2026-08-22T12:30:00Z");

    @TempDir
    Path dataDir;

    private Stage stage;
    private ConsoleWindow window;

    @Start
    void start(Stage primary) {
        stage = primary;
        List<UsageRecord> records = new ArrayList<>();
        String[] models = {"gpt-5.4", "claude-sonnet-4-5", "gemini-2.5-pro"};
        for (int i = 0; i < 240; i++) {
            // A day of traffic that rises towards the afternoon, with a few failures.
            int minutesAgo = 1 + (int) (Math.sqrt(i / 240.0) * 23 * 60);
            UsageRecord record = UsageRecord.at(NOW.minus(Duration.ofMinutes(minutesAgo)).plusSeconds(i))
                    .model(models[i % 3]).latency(600 + (i * 37) % 2400)
                    .tokens(800 + i * 13 % 4000, i * 7 % 900, 0, 150 + i * 5 % 700, i % 4 == 0 ? 120 : 0)
                    .clientKey("sk-demo-client-" + (i % 4) + "-0000000000").requestId(String.format("%08x", i));
            records.add(i % 17 == 0 ? record.failedWith(429) : record);
        }
        try (Database database = Database.open(dataDir)) {
            UsageRecord.store(database, records.toArray(UsageRecord[]::new));
        }
        TestClock clock = new TestClock(NOW);
        ConsoleServices services = TestConsole.open(dataDir, new ConnectionSettings("http://127.0.0.1:8317",
                ModePreference.AUTOMATIC, true, Theme.LIGHT), clock);
        window = new ConsoleWindow(stage, new DialogService(() -> stage), clock);
        window.open(services);
        stage.show();
    }

    @AfterEach
    void closeWindow() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            Themes.apply(Theme.LIGHT);
            return window.dispose();
        }).get(10, TimeUnit.SECONDS).close();
    }

    @Test
    void mainWindowInLightAndDarkTheme(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> Fx.get(() -> "240".equals(robot.lookup("#day-requests").queryAs(Label.class).getText())));

        WritableImage light = Fx.get(() -> Screenshots.snapshot(stage.getScene()));
        Path lightFile = Screenshots.write(light, "main-window-light");
        WritableImage dark = Fx.get(() -> {
            Themes.apply(Theme.DARK);
            return Screenshots.snapshot(stage.getScene());
        });
        Path darkFile = Screenshots.write(dark, "main-window-dark");

        assertThat(Fx.get(() -> List.copyOf(stage.getScene().getStylesheets()))).contains(Themes.APP_STYLESHEET);
        assertThat(Files.size(lightFile)).isPositive();
        assertThat(Files.size(darkFile)).isPositive();
        assertThat(brightness(dark)).isLessThan(brightness(light));
    }

    @Test
    void requestsScreenWithADetail(FxRobot robot) throws Exception {
        robot.clickOn("#nav-requests");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> Fx.get(() -> !robot.lookup("#requests-table").queryTableView().getItems().isEmpty()));
        robot.clickOn(robot.lookup("#requests-table .table-row-cell").nth(1).queryAs(Node.class));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Fx.get(() ->
                !robot.lookup("#request-record").queryAs(TextArea.class).getText().isEmpty()));

        Path file = Screenshots.write(Fx.get(() -> Screenshots.snapshot(stage.getScene())), "requests-light");

        assertThat(Files.size(file)).isPositive();
    }

    /** Mean brightness of the picture, 0 for black to 1 for white. */
    private static double brightness(WritableImage image) {
        PixelReader pixels = image.getPixelReader();
        double sum = 0;
        int count = 0;
        for (int y = 0; y < image.getHeight(); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                sum += pixels.getColor(x, y).getBrightness();
                count++;
            }
        }
        return sum / count;
    }
}
