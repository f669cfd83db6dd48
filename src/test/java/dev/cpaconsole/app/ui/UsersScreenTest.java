package dev.cpaconsole.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
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
import dev.cpaconsole.keys.core.KeyLimits;
import dev.cpaconsole.settings.core.ConnectionSettings;
import dev.cpaconsole.settings.core.FileManagementKeyStore;
import dev.cpaconsole.settings.core.ModePreference;
import dev.cpaconsole.settings.core.Theme;
import dev.cpaconsole.simulator.CpaSimulator;
import dev.cpaconsole.simulator.SimulatorOptions;
import dev.cpaconsole.testing.Fx;
import dev.cpaconsole.testing.TestClock;
import dev.cpaconsole.testing.TestConsole;
import dev.cpaconsole.users.core.Role;
import dev.cpaconsole.users.core.User;
import dev.cpaconsole.users.core.UserDetails;
import dev.cpaconsole.users.ui.UserRow;

/** The users screen in the main window, over a real database and the CPA simulator. */
@ExtendWith(ApplicationExtension.class)
class UsersScreenTest {
    private static final String MANAGEMENT_KEY = "mgmt-users-secret-0001";
    private static final String UNICODE_NAME = "\u7814\u53d1-\u5f20\u4e09\ud83d\ude80";
    private static final String QUOTED_NAME = "O'Brien, \"QA\"";

    @TempDir
    Path dataDir;

    private CpaSimulator simulator;
    private ConsoleWindow window;
    private ConsoleServices services;

    @Start
    void start(Stage stage) {
        simulator = CpaSimulator.start(SimulatorOptions.builder().managementKey(MANAGEMENT_KEY).build());
        new FileManagementKeyStore(dataDir).save(MANAGEMENT_KEY);
        TestClock clock = new TestClock(Instant.parse("2026-08-22T12:30:00Z"));
        services = TestConsole.open(dataDir, new ConnectionSettings(simulator.baseUri().toString(),
                ModePreference.AUTOMATIC, true, Theme.LIGHT), clock);
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
    private static TableView<UserRow> openUsers(FxRobot robot, int rows) throws Exception {
        robot.clickOn("#nav-users");
        TableView<UserRow> table = robot.lookup("#users-table").queryAs(TableView.class);
        waitFor(() -> table.getItems().size() == rows);
        return table;
    }

    private static void type(FxRobot robot, String field, String text) {
        TextField input = robot.lookup(field).queryAs(TextField.class);
        robot.interact(() -> input.setText(text));
    }

    private static String field(FxRobot robot, String field) {
        return Fx.get(() -> robot.lookup(field).queryAs(TextField.class).getText());
    }

    @Test
    void namesInAnyScriptAndWithQuotesRoundTripThroughTheEditor(FxRobot robot) throws Exception {
        TableView<UserRow> table = openUsers(robot, 0);

        robot.clickOn("#new-user");
        waitFor(() -> robot.lookup("#user-editor").tryQuery().isPresent());
        type(robot, "#user-name", UNICODE_NAME);
        type(robot, "#user-display-name", QUOTED_NAME);
        type(robot, "#user-contact", "qa@example.com");
        robot.interact(() -> robot.lookup("#user-password").queryAs(PasswordField.class).setText("Tr0ub4dor&3xyz"));
        robot.interact(() -> robot.lookup("#user-password-again").queryAs(PasswordField.class)
                .setText("Tr0ub4dor&3xyz"));
        assertThat(Fx.get(() -> robot.lookup("#user-password-strength").queryLabeled().getText()))
                .isEqualTo("Strong");
        robot.clickOn("#user-save");

        waitFor(() -> robot.lookup("#user-editor").tryQuery().isEmpty() && table.getItems().size() == 1);
        User stored = services.access().users().store().list(false).getFirst();
        assertThat(stored.name()).isEqualTo(UNICODE_NAME);
        assertThat(stored.displayName()).isEqualTo(QUOTED_NAME);
        assertThat(stored.hasPassword()).isTrue();

        robot.interact(() -> table.getSelectionModel().select(0));
        robot.clickOn("#edit-user");
        waitFor(() -> robot.lookup("#user-editor").tryQuery().isPresent());

        assertThat(field(robot, "#user-name")).isEqualTo(UNICODE_NAME);
        assertThat(field(robot, "#user-display-name")).isEqualTo(QUOTED_NAME);
        robot.clickOn("#user-save");
        waitFor(() -> robot.lookup("#user-editor").tryQuery().isEmpty());
        assertThat(services.access().users().store().byId(stored.id()).orElseThrow().name()).isEqualTo(UNICODE_NAME);
    }

    @Test
    void aTakenNameKeepsTheEditorOpenWithTheReason(FxRobot robot) throws Exception {
        services.access().users().create("test", UserDetails.named("alice", Role.USER), null);
        openUsers(robot, 1);

        robot.clickOn("#new-user");
        waitFor(() -> robot.lookup("#user-editor").tryQuery().isPresent());
        type(robot, "#user-name", "Alice");
        robot.clickOn("#user-save");

        waitFor(() -> "A user named Alice exists already".equals(robot.lookup("#user-problem").queryLabeled()
                .getText()));
        assertThat(robot.lookup("#user-editor").tryQuery()).isPresent();
    }

    @Test
    void disablingTakesTheUsersKeyOutOfCpaAndDeletingLeavesATombstone(FxRobot robot) throws Exception {
        User alice = services.access().users().create("test", UserDetails.named("alice", Role.USER), null);
        User bob = services.access().users().create("test", UserDetails.named("bob", Role.USER), null);
        services.access().keys().create("test", alice.id(), "laptop", "", KeyLimits.NONE);
        services.access().keys().create("test", bob.id(), "desktop", "", KeyLimits.NONE);
        TableView<UserRow> table = openUsers(robot, 2);
        robot.interact(() -> table.getSelectionModel().select(0));

        robot.clickOn("#disable-user");

        waitFor(() -> table.getItems().getFirst().user().disabled());
        assertThat(simulator.apiKeys()).hasSize(1);
        robot.interact(() -> table.getSelectionModel().select(0));
        assertThat(Fx.get(() -> robot.lookup("#disable-user").queryAs(Button.class).getText())).isEqualTo("Enable");

        robot.clickOn("#delete-user");
        waitFor(() -> robot.lookup("#confirm-dialog").tryQuery().isPresent());
        DialogPane confirm = robot.lookup("#confirm-dialog").queryAs(DialogPane.class);
        assertThat(Fx.get(confirm::getHeaderText)).isEqualTo("Delete alice?");
        robot.clickOn((Node) confirm.lookupButton(ButtonType.OK));

        waitFor(() -> table.getItems().size() == 1);
        robot.clickOn("#show-deleted-users");
        waitFor(() -> table.getItems().size() == 2);
        assertThat(Fx.get(() -> table.getItems().stream().filter(row -> row.user().deleted())
                .map(row -> row.user().name()).toList())).containsExactly("alice");
    }
}
