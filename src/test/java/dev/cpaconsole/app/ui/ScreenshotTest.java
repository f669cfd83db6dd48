package dev.cpaconsole.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TextArea;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
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
import dev.cpaconsole.pricing.core.Rates;
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
    private Path importFile;

    @Start
    void start(Stage primary) {
        stage = primary;
        List<UsageRecord> records = new ArrayList<>();
        String[] models = {"gpt-5.4", "claude-sonnet-4-5", "gemini-2.5-pro", "gpt-5.4", "qwen3-coder-local"};
        for (int i = 0; i < 240; i++) {
            // A day of traffic that rises towards the afternoon, with a few failures.
            int minutesAgo = 1 + (int) (Math.sqrt(i / 240.0) * 23 * 60);
            UsageRecord record = UsageRecord.at(NOW.minus(Duration.ofMinutes(minutesAgo)).plusSeconds(i))
                    .model(models[i % models.length]).latency(600 + (i * 37) % 2400)
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
        services.prices().installCatalogue();
        services.prices().save(new PriceRule(0, "gpt-5.4", "codex", new Rates(new BigDecimal("1.25"),
                new BigDecimal("10"), new BigDecimal("0.125"), null, null), null, null, LocalDate.of(2026, 3, 5),
                PriceSource.MANUAL, "https://openai.com/api/pricing", LocalDate.of(2026, 8, 1), "codex plan"));
        window = new ConsoleWindow(stage, new DialogService(() -> stage, new ScriptedFiles()), clock);
        window.open(services);
        stage.show();
    }

    @AfterEach
    void closeWindow() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            Themes.apply(Theme.LIGHT);
            for (Window open : List.copyOf(Window.getWindows())) {
                if (open instanceof Stage dialog && dialog.getOwner() != null) {
                    dialog.close();
                }
            }
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
        Path detail = Screenshots.write(Fx.get(() -> robot.lookup("#request-detail").query().snapshot(null, null)),
                "request-detail-light");
        ScrollPane scroll = robot.lookup("#request-detail-scroll").queryAs(ScrollPane.class);
        robot.interact(() -> scroll.setVvalue(formulaInView(scroll, robot.lookup("#cost-formula").query())));
        Path formula = Screenshots.write(Fx.get(() -> Screenshots.snapshot(stage.getScene())),
                "request-formula-light");

        assertThat(Files.size(file)).isPositive();
        assertThat(Files.size(detail)).isPositive();
        assertThat(Files.size(formula)).isPositive();
    }

    @Test
    void pricesScreens(FxRobot robot) throws Exception {
        robot.clickOn("#nav-prices");
        TableView<PriceRule> table = robot.lookup("#prices-table").queryTableView();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Fx.get(() -> table.getItems().size() > 5));
        Path tableFile = Screenshots.write(Fx.get(() -> Screenshots.snapshot(stage.getScene())), "prices-light");

        robot.clickOn("#unpriced-tab");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Fx.get(() ->
                !robot.lookup("#unpriced-table").queryTableView().getItems().isEmpty()));
        Path unpricedFile = Screenshots.write(Fx.get(() -> Screenshots.snapshot(stage.getScene())),
                "prices-unpriced-light");

        assertThat(Files.size(tableFile)).isPositive();
        assertThat(Files.size(unpricedFile)).isPositive();
    }

    @Test
    void priceEditorWithAnErrorAndWithItsReview(FxRobot robot) throws Exception {
        robot.clickOn("#nav-prices");
        TableView<PriceRule> table = robot.lookup("#prices-table").queryTableView();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Fx.get(() -> table.getItems().size() > 5));
        robot.interact(() -> table.getSelectionModel().select(table.getItems().stream()
                .filter(rule -> rule.model().equals("gpt-5.4") && rule.source() == PriceSource.MANUAL)
                .findFirst().orElseThrow()));
        robot.clickOn("#edit-price");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#price-editor").tryQuery().isPresent());
        TextField output = robot.lookup("#price-output").queryAs(TextField.class);
        TextField tierInput = robot.lookup("#price-tier-input").queryAs(TextField.class);

        TextField from = robot.lookup("#price-effective-from").queryAs(TextField.class);
        TextField cacheRead = robot.lookup("#price-cache-read").queryAs(TextField.class);

        robot.interact(() -> {
            from.setText("next week");
            output.setText("ten");
            cacheRead.setText("-1");
            tierInput.setText("2.5");
        });
        robot.clickOn("#price-save");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Fx.get(() ->
                robot.lookup("#price-error-output").tryQuery().isPresent()));
        Path errorFile = Screenshots.write(Fx.get(() -> Screenshots.snapshot(
                robot.lookup("#price-editor").query().getScene())), "price-editor-errors-light");

        robot.interact(() -> {
            from.setText("2026-03-05");
            output.setText("12");
            cacheRead.setText("0.125");
            tierInput.setText("");
        });
        robot.clickOn("#price-save");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Fx.get(() ->
                !robot.lookup("#price-preview").queryAs(Label.class).getText().isEmpty()));
        Path reviewFile = Screenshots.write(Fx.get(() -> Screenshots.snapshot(
                robot.lookup("#price-editor").query().getScene())), "price-editor-review-light");
        robot.clickOn("#price-cancel");

        assertThat(Files.size(errorFile)).isPositive();
        assertThat(Files.size(reviewFile)).isPositive();
    }

    @Test
    void importPreview(FxRobot robot) throws Exception {
        importFile = Files.writeString(dataDir.resolve("model_prices.json"), """
                {"sample_spec": {"input_cost_per_token": 0},
                 "gpt-5.4": {"mode": "chat", "input_cost_per_token": 2e-06, "output_cost_per_token": 1.6e-05},
                 "claude-sonnet-4-5": {"mode": "chat", "input_cost_per_token": 3e-06,
                     "output_cost_per_token": 1.5e-05, "cache_read_input_token_cost": 3e-07,
                     "cache_creation_input_token_cost": 3.75e-06},
                 "gemini-2.5-pro": {"mode": "chat", "input_cost_per_token": 1e-06, "output_cost_per_token": 8e-06},
                 "qwen3-coder-local": {"mode": "chat", "input_cost_per_token": 2e-07, "output_cost_per_token": 8e-07},
                 "text-embedding-3-small": {"mode": "embedding", "input_cost_per_token": 2e-08},
                 "mystery": {"mode": "chat"}}
                """, StandardCharsets.UTF_8);
        robot.clickOn("#nav-prices");
        robot.clickOn("#import-prices");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#import-preview").tryQuery().isPresent());

        Path file = Screenshots.write(Fx.get(() -> Screenshots.snapshot(
                robot.lookup("#import-preview").query().getScene())), "import-preview-light");
        robot.clickOn("#import-cancel");

        assertThat(Files.size(file)).isPositive();
    }

    /** The scroll position that brings the bottom of {@code node} to the bottom of the pane. */
    private static double formulaInView(ScrollPane scroll, Node node) {
        Node content = scroll.getContent();
        double bottom = content.sceneToLocal(node.localToScene(node.getBoundsInLocal())).getMaxY();
        double hidden = content.getBoundsInLocal().getHeight() - scroll.getViewportBounds().getHeight();
        return Math.clamp((bottom - scroll.getViewportBounds().getHeight() + 8) / hidden, 0, 1);
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

    /** Answers the file choosers with the file the test prepared. */
    private final class ScriptedFiles implements DialogService.FilePicker {
        @Override
        public Optional<Path> open(Window owner, String title, List<FileChooser.ExtensionFilter> types) {
            return Optional.ofNullable(importFile);
        }

        @Override
        public Optional<Path> save(Window owner, String title, String fileName,
                List<FileChooser.ExtensionFilter> types) {
            return Optional.empty();
        }
    }
}
