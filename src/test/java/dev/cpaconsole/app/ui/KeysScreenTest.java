package dev.cpaconsole.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.Clipboard;
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
import dev.cpaconsole.keys.core.KeyStatus;
import dev.cpaconsole.keys.core.ManagedKey;
import dev.cpaconsole.keys.core.ManagedKeyRows;
import dev.cpaconsole.keys.core.UnmanagedKey;
import dev.cpaconsole.keys.ui.KeyRow;
import dev.cpaconsole.settings.core.ConnectionSettings;
import dev.cpaconsole.settings.core.FileManagementKeyStore;
import dev.cpaconsole.settings.core.ModePreference;
import dev.cpaconsole.settings.core.Theme;
import dev.cpaconsole.simulator.CpaSimulator;
import dev.cpaconsole.simulator.SimulatorOptions;
import dev.cpaconsole.testing.Fx;
import dev.cpaconsole.testing.TestClock;
import dev.cpaconsole.testing.TestConsole;
import dev.cpaconsole.usage.core.ClientKeys;
import dev.cpaconsole.users.core.Role;
import dev.cpaconsole.users.core.User;
import dev.cpaconsole.users.core.UserDetails;

/** The keys screen in the main window, keeping the key list of the CPA simulator in step. */
@ExtendWith(ApplicationExtension.class)
class KeysScreenTest {
    private static final String MANAGEMENT_KEY = "mgmt-keys-secret-0001";
    private static final String OTHER_TOOLS_KEY = "sk-added-in-cpa-config-0000000001";

    @TempDir
    Path dataDir;

    private CpaSimulator simulator;
    private ConsoleWindow window;
    private ConsoleServices services;
    private KeyService keys;
    private User alice;

    @Start
    void start(Stage stage) {
        simulator = CpaSimulator.start(SimulatorOptions.builder().managementKey(MANAGEMENT_KEY).build());
        new FileManagementKeyStore(dataDir).save(MANAGEMENT_KEY);
        TestClock clock = new TestClock(Instant.parse("2026-08-22T12:30:00Z"));
        services = TestConsole.open(dataDir, new ConnectionSettings(simulator.baseUri().toString(),
                ModePreference.AUTOMATIC, true, Theme.LIGHT), clock);
        keys = services.access().keys();
        alice = services.access().users().create("test", UserDetails.named("alice", Role.USER), null);
        window = new ConsoleWindow(stage, new DialogService(() -> stage), clock);
        window.open(services);
        stage.show();
    }

    @AfterEach
    void close() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            for (Window open : List.copyOf(Window.getWindows())) {
                if (open instanceof Stage dialog && dialog.getOwner() != null) {
                    dialog.close();
                }
            }
            return window.dispose();
        }).get(10, TimeUnit.SECONDS).close();
        simulator.close();
    }

    private static void waitFor(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> Fx.get(condition));
    }

    @SuppressWarnings("unchecked")
    private static <T> TableView<T> table(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(TableView.class);
    }

    private static String text(FxRobot robot, String query) {
        return Fx.get(() -> robot.lookup(query).tryQueryAs(Label.class).map(Label::getText).orElse(""));
    }

    private TableView<KeyRow> openKeys(FxRobot robot, int rows) throws Exception {
        robot.clickOn("#nav-keys");
        TableView<KeyRow> table = table(robot, "#keys-table");
        waitFor(() -> table.getItems().size() == rows);
        return table;
    }

    @SuppressWarnings("unchecked")
    private void chooseOwner(FxRobot robot, User owner) {
        ComboBox<User> box = robot.lookup("#key-owner").queryAs(ComboBox.class);
        robot.interact(() -> box.setValue(box.getItems().stream().filter(u -> u.id() == owner.id()).findFirst()
                .orElseThrow()));
    }

    /** Every text the window and its dialogs show, in labels, cells, buttons and fields. */
    private static List<String> shownTexts() {
        return Fx.get(() -> {
            List<String> texts = new ArrayList<>();
            for (Window open : Window.getWindows()) {
                if (open.getScene() != null) {
                    collect(open.getScene().getRoot(), texts);
                }
            }
            return texts;
        });
    }

    private static void collect(Node node, List<String> texts) {
        if (node instanceof Labeled labeled && labeled.getText() != null) {
            texts.add(labeled.getText());
        }
        if (node instanceof TextInputControl input && input.getText() != null) {
            texts.add(input.getText());
        }
        if (node instanceof Parent parent) {
            parent.getChildrenUnmodifiable().forEach(child -> collect(child, texts));
        }
    }

    @Test
    void aNewKeyIsShownOnceWithCopyAndTheTableThenShowsOnlyItsMask(FxRobot robot) throws Exception {
        TableView<KeyRow> table = openKeys(robot, 0);
        assertThat(text(robot, "#enforcement-note")).contains("checked every 60 s");

        robot.clickOn("#new-key");
        waitFor(() -> robot.lookup("#key-editor").tryQuery().isPresent());
        chooseOwner(robot, alice);
        robot.interact(() -> robot.lookup("#key-name").queryAs(TextField.class).setText("laptop"));
        robot.clickOn("#key-save");

        waitFor(() -> robot.lookup("#shown-key").tryQuery().isPresent());
        String value = Fx.get(() -> robot.lookup("#shown-key-value").queryAs(TextField.class).getText());
        assertThat(value).startsWith("sk-").hasSize(46);
        assertThat(simulator.apiKeys()).containsExactly(value);
        robot.clickOn("#shown-key-copy");
        assertThat(Fx.get(() -> Clipboard.getSystemClipboard().getString())).isEqualTo(value);
        robot.clickOn("#shown-key-done");

        waitFor(() -> robot.lookup("#shown-key").tryQuery().isEmpty() && table.getItems().size() == 1);
        assertThat(shownTexts()).contains(ClientKeys.mask(value)).noneMatch(text -> text.contains(value));
        assertThat(text(robot, "#keys-message")).isEqualTo("Copied key " + Fx.get(() -> table.getItems().getFirst()
                .key().id()) + " " + ClientKeys.mask(value) + " to the clipboard.");
    }

    @Test
    void aKeyAddedToCpaDirectlyIsUnmanagedAndAdoptingItMovesItToTheKeys(FxRobot robot) throws Exception {
        simulator.setApiKeys(List.of(OTHER_TOOLS_KEY));
        TableView<KeyRow> table = openKeys(robot, 0);
        robot.clickOn("#unmanaged-tab");
        TableView<UnmanagedKey> unmanaged = table(robot, "#unmanaged-table");
        waitFor(() -> unmanaged.getItems().size() == 1);
        assertThat(Fx.get(() -> unmanaged.getItems().getFirst().masked())).isEqualTo(ClientKeys.mask(OTHER_TOOLS_KEY));

        robot.clickOn(".adopt-key");
        waitFor(() -> robot.lookup("#key-editor").tryQuery().isPresent());
        chooseOwner(robot, alice);
        robot.clickOn("#key-save");

        waitFor(() -> unmanaged.getItems().isEmpty() && table.getItems().size() == 1);
        assertThat(Fx.get(() -> table.getItems().getFirst().key())).satisfies(key -> {
            assertThat(key.userName()).isEqualTo("alice");
            assertThat(key.masked()).isEqualTo(ClientKeys.mask(OTHER_TOOLS_KEY));
            assertThat(key.inCpa()).isTrue();
        });
        assertThat(simulator.apiKeys()).containsExactly(OTHER_TOOLS_KEY);
    }

    @Test
    void aKeyRemovedFromCpaBehindTheConsolesBackIsOutOfSyncAndRepairPutsItBack(FxRobot robot) throws Exception {
        CreatedKey laptop = keys.create("test", alice.id(), "laptop", "", KeyLimits.NONE);
        CreatedKey phone = keys.create("test", alice.id(), "phone", "", KeyLimits.NONE);
        simulator.setApiKeys(List.of(phone.value()));
        openKeys(robot, 2);

        robot.clickOn("#check-keys");
        robot.clickOn("#out-of-sync-tab");

        TableView<ManagedKey> outOfSync = table(robot, "#out-of-sync-table");
        waitFor(() -> outOfSync.getItems().size() == 1);
        assertThat(Fx.get(() -> outOfSync.getItems().getFirst().outOfSync())).isEqualTo("missing from CPA");
        assertThat(text(robot, "#check-summary")).contains("1 out of sync");

        robot.clickOn(".repair-key");

        waitFor(() -> outOfSync.getItems().isEmpty());
        assertThat(simulator.apiKeys()).containsExactlyInAnyOrder(laptop.value(), phone.value());
    }

    @Test
    void revokingCpasLastKeyExplainsThatCpaThenAcceptsEveryRequest(FxRobot robot) throws Exception {
        keys.create("test", alice.id(), "laptop", "", KeyLimits.NONE);
        TableView<KeyRow> table = openKeys(robot, 1);
        robot.interact(() -> table.getSelectionModel().select(0));

        robot.clickOn("#revoke-key");
        clickOk(robot, "Revoke key ");

        DialogPane question = waitForConfirmation(robot, "Remove CPA's last client key?");
        assertThat(Fx.get(question::getContentText)).contains("CPA then accepts every request on its proxy API "
                + "without a key");
        assertThat(simulator.apiKeys()).hasSize(1);
        robot.clickOn((Node) question.lookupButton(ButtonType.OK));

        waitFor(() -> table.getItems().size() == 1 && table.getItems().getFirst().key().status() == KeyStatus.REVOKED);
        assertThat(simulator.apiKeys()).isEmpty();
    }

    @Test
    void twoThousandKeysArePagedAHundredAtATime(FxRobot robot) throws Exception {
        ManagedKeyRows.insert(keys.store(), alice.id(), "bulk", 2_000, Instant.parse("2026-08-22T12:00:00Z"));
        TableView<KeyRow> table = openKeys(robot, 100);
        assertThat(text(robot, "#keys-page")).isEqualTo("Keys 1\u2013100 of 2,000");

        robot.clickOn("#keys-next");

        waitFor(() -> text(robot, "#keys-page").equals("Keys 101\u2013200 of 2,000"));
        assertThat(Fx.get(() -> table.getItems().getFirst().key().name())).isEqualTo("bulk-0100");
        assertThat(Fx.get(() -> table.getItems().size())).isEqualTo(100);
    }

    private static DialogPane waitForConfirmation(FxRobot robot, String headline) throws Exception {
        waitFor(() -> confirmation(robot, headline).isPresent());
        return confirmation(robot, headline).orElseThrow();
    }

    private static Optional<DialogPane> confirmation(FxRobot robot, String headline) {
        return Fx.get(() -> robot.lookup("#confirm-dialog").queryAllAs(DialogPane.class).stream()
                .filter(pane -> pane.getHeaderText().startsWith(headline)).findFirst());
    }

    private static void clickOk(FxRobot robot, String headline) throws Exception {
        robot.clickOn((Node) waitForConfirmation(robot, headline).lookupButton(ButtonType.OK));
    }
}
