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
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
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
import dev.cpaconsole.keys.core.CreatedKey;
import dev.cpaconsole.keys.core.KeyLimits;
import dev.cpaconsole.keys.core.KeyService;
import dev.cpaconsole.keys.core.LimitPeriod;
import dev.cpaconsole.pricing.core.PriceRule;
import dev.cpaconsole.pricing.core.PriceSource;
import dev.cpaconsole.pricing.core.Rates;
import dev.cpaconsole.settings.core.ConnectionSettings;
import dev.cpaconsole.settings.core.FileManagementKeyStore;
import dev.cpaconsole.settings.core.ModePreference;
import dev.cpaconsole.settings.core.Theme;
import dev.cpaconsole.simulator.CpaSimulator;
import dev.cpaconsole.simulator.SimulatorOptions;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.testing.Fx;
import dev.cpaconsole.testing.Screenshots;
import dev.cpaconsole.testing.TestClock;
import dev.cpaconsole.testing.TestConsole;
import dev.cpaconsole.testing.UsageRecord;
import dev.cpaconsole.usage.core.ClientKeys;
import dev.cpaconsole.users.core.Role;
import dev.cpaconsole.users.core.User;
import dev.cpaconsole.users.core.UserDetails;
import dev.cpaconsole.users.core.UserService;

/** Pictures of the main window in both themes, written to {@code target/screenshots}. */
@ExtendWith(ApplicationExtension.class)
class ScreenshotTest {
    private static final Instant NOW = Instant.parse("2026-08-22T12:30:00Z");
    private static final String MANAGEMENT_KEY = "mgmt-screenshot-secret-0001";
    private static final String[] CLIENT_KEYS = {"sk-team-laptop-7Qm2x9Lw4Rt8Kp3Zs1", "sk-ci-runner-9Hd3Vb6Nc2Xe5Ja8Tq",
        "sk-notebook-4Fg7Yk1Mw8Pr2Ls5Dx", "sk-shared-script-2Bn6Qe9Wt3Uo7Ri1"};

    @TempDir
    Path dataDir;

    private Stage stage;
    private ConsoleWindow window;
    private Path importFile;
    private CpaSimulator simulator;
    private ConsoleServices services;

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
                    .clientKey(CLIENT_KEYS[i % 4]).requestId(String.format("%08x", i));
            records.add(i % 17 == 0 ? record.failedWith(429) : record);
        }
        try (Database database = Database.open(dataDir)) {
            UsageRecord.store(database, records.toArray(UsageRecord[]::new));
        }
        TestClock clock = new TestClock(NOW);
        // The users, keys and audit screens keep the key list of this simulator in step.
        simulator = CpaSimulator.start(SimulatorOptions.builder().managementKey(MANAGEMENT_KEY)
                .apiKeys(List.of(CLIENT_KEYS)).build());
        new FileManagementKeyStore(dataDir).save(MANAGEMENT_KEY);
        services = TestConsole.open(dataDir, new ConnectionSettings(simulator.baseUri().toString(),
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
        simulator.close();
    }

    /**
     * Users in several states owning keys in several states: adopted with a budget, over budget,
     * suspended with a disabled owner, out of sync, and one key left unmanaged in CPA.
     */
    private void seedUsersAndKeys() {
        UserService users = services.access().users();
        KeyService keys = services.access().keys();
        User alice = users.create("desktop", new UserDetails("alice", "Alice Martin", "alice@example.com",
                "Platform team", Role.ADMIN), "correct horse battery".toCharArray());
        User bob = users.create("desktop", new UserDetails("bob", "Bob Chen", "@bob", "", Role.USER), null);
        User zhang = users.create("desktop", new UserDetails("\u7814\u53d1-\u5f20\u4e09\ud83d\ude80", "\u5f20\u4e09",
                "zhang.san@example.com", "", Role.USER), "Tr0ub4dor&3xyz".toCharArray());
        User qa = users.create("desktop", new UserDetails("obrien", "O'Brien, \"QA\"", "qa@example.com", "",
                Role.USER), null);
        User gone = users.create("desktop", UserDetails.named("carol", Role.USER), null);
        keys.adopt("desktop", ClientKeys.hash(CLIENT_KEYS[0]), alice.id(), "laptop", "Editor plug-in",
                KeyLimits.NONE.withBudget(new BigDecimal("5"), LimitPeriod.DAY));
        keys.adopt("desktop", ClientKeys.hash(CLIENT_KEYS[1]), bob.id(), "ci-runner", "Nightly builds",
                KeyLimits.NONE.withQuotas(1_000L, 5_000_000L, LimitPeriod.DAY)
                        .withExpiry(Instant.parse("2026-12-31T23:00:00Z")));
        keys.adopt("desktop", ClientKeys.hash(CLIENT_KEYS[2]), zhang.id(), "notebook", "",
                KeyLimits.NONE.withBudget(new BigDecimal("0.01"), LimitPeriod.MONTH));
        keys.create("desktop", qa.id(), "qa-bot", "Regression suite", KeyLimits.NONE);
        keys.setUserDisabled("desktop", qa.id(), true);
        CreatedKey phone = keys.create("desktop", alice.id(), "old-phone", "", KeyLimits.NONE);
        keys.deleteUser("desktop", gone.id(), true);
        List<String> inCpa = new ArrayList<>(simulator.apiKeys());
        inCpa.remove(phone.value());
        simulator.setApiKeys(inCpa);
        keys.check("console", false);
    }

    @Test
    void mainWindowInLightAndDarkTheme(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> Fx.get(() -> "240".equals(robot.lookup("#dashboard-requests").queryAs(Label.class).getText())));

        WritableImage light = Fx.get(() -> Screenshots.snapshot(stage.getScene()));
        Path lightFile = Screenshots.write(light, "main-window-light");
        WritableImage dark = Fx.get(() -> {
            Themes.apply(Theme.DARK);
            return Screenshots.snapshot(stage.getScene());
        });
        Path darkFile = Screenshots.write(dark, "main-window-dark");
        ScrollPane dashboard = robot.lookup("#dashboard").queryAs(ScrollPane.class);
        robot.interact(() -> dashboard.setVvalue(dashboard.getVmax()));
        Path lowerDark = Screenshots.write(Fx.get(() -> Screenshots.snapshot(stage.getScene())),
                "dashboard-lower-dark");

        assertThat(Fx.get(() -> List.copyOf(stage.getScene().getStylesheets()))).contains(Themes.APP_STYLESHEET);
        assertThat(Files.size(lightFile)).isPositive();
        assertThat(Files.size(darkFile)).isPositive();
        assertThat(Files.size(lowerDark)).isPositive();
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

    @Test
    void usersScreen(FxRobot robot) throws Exception {
        seedUsersAndKeys();
        robot.clickOn("#nav-users");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Fx.get(() ->
                robot.lookup("#users-table").queryTableView().getItems().size() == 4));
        robot.clickOn("#show-deleted-users");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Fx.get(() ->
                robot.lookup("#users-table").queryTableView().getItems().size() == 5));
        Path file = Screenshots.write(Fx.get(() -> Screenshots.snapshot(stage.getScene())), "users-light");

        robot.interact(() -> robot.lookup("#users-table").queryTableView().getSelectionModel().select(4));
        robot.clickOn("#edit-user");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#user-editor").tryQuery().isPresent());
        robot.interact(() -> {
            robot.lookup("#user-password").queryAs(PasswordField.class).setText("hunter22");
            robot.lookup("#user-password-again").queryAs(PasswordField.class).setText("hunter2");
        });
        robot.clickOn("#user-save");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Fx.get(() ->
                !robot.lookup("#user-problem").queryAs(Label.class).getText().isEmpty()));
        Path editor = Screenshots.write(Fx.get(() -> Screenshots.snapshot(
                robot.lookup("#user-editor").query().getScene())), "user-editor-light");
        robot.clickOn("#user-cancel");

        assertThat(Files.size(file)).isPositive();
        assertThat(Files.size(editor)).isPositive();
    }

    @Test
    void keysScreens(FxRobot robot) throws Exception {
        seedUsersAndKeys();
        robot.clickOn("#nav-keys");
        TableView<?> table = robot.lookup("#keys-table").queryTableView();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Fx.get(() -> table.getItems().size() == 5));
        robot.interact(() -> table.getSelectionModel().select(2));
        Path keysFile = Screenshots.write(Fx.get(() -> Screenshots.snapshot(stage.getScene())), "keys-light");

        robot.clickOn("#unmanaged-tab");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Fx.get(() ->
                robot.lookup("#unmanaged-table").queryTableView().getItems().size() == 1));
        Path unmanagedFile = Screenshots.write(Fx.get(() -> Screenshots.snapshot(stage.getScene())),
                "keys-unmanaged-light");

        robot.clickOn("#out-of-sync-tab");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Fx.get(() ->
                robot.lookup("#out-of-sync-table").queryTableView().getItems().size() == 1));
        Path outOfSyncFile = Screenshots.write(Fx.get(() -> Screenshots.snapshot(stage.getScene())),
                "keys-out-of-sync-light");

        assertThat(Files.size(keysFile)).isPositive();
        assertThat(Files.size(unmanagedFile)).isPositive();
        assertThat(Files.size(outOfSyncFile)).isPositive();
    }

    @Test
    void keyEditorAndTheNewKeyShownOnce(FxRobot robot) throws Exception {
        seedUsersAndKeys();
        robot.clickOn("#nav-keys");
        robot.clickOn("#new-key");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#key-editor").tryQuery().isPresent());
        robot.interact(() -> {
            ComboBox<?> owner = robot.lookup("#key-owner").queryComboBox();
            owner.getSelectionModel().select(0);
            robot.lookup("#key-name").queryAs(TextField.class).setText("tablet");
            robot.lookup("#key-budget").queryAs(TextField.class).setText("twenty");
            robot.lookup("#key-request-quota").queryAs(TextField.class).setText("2,000");
        });
        robot.clickOn("#key-save");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Fx.get(() ->
                !robot.lookup("#key-problem").queryAs(Label.class).getText().isEmpty()));
        Path editor = Screenshots.write(Fx.get(() -> Screenshots.snapshot(
                robot.lookup("#key-editor").query().getScene())), "key-editor-light");

        robot.interact(() -> robot.lookup("#key-budget").queryAs(TextField.class).setText("20"));
        robot.clickOn("#key-save");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#shown-key").tryQuery().isPresent());
        Path shown = Screenshots.write(Fx.get(() -> Screenshots.snapshot(
                robot.lookup("#shown-key").query().getScene())), "key-shown-once-light");
        robot.clickOn("#shown-key-done");

        assertThat(Files.size(editor)).isPositive();
        assertThat(Files.size(shown)).isPositive();
    }

    @Test
    void auditScreenWithADetail(FxRobot robot) throws Exception {
        seedUsersAndKeys();
        robot.clickOn("#nav-audit");
        TableView<?> table = robot.lookup("#audit-table").queryTableView();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Fx.get(() -> table.getItems().size() > 10));
        robot.clickOn(robot.lookup("#audit-table .table-row-cell").nth(3).queryAs(Node.class));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Fx.get(() ->
                !robot.lookup("#audit-after").queryAs(TextArea.class).getText().isEmpty()));
        Path file = Screenshots.write(Fx.get(() -> Screenshots.snapshot(stage.getScene())), "audit-light");

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
