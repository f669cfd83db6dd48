package dev.cpaconsole.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
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
import dev.cpaconsole.audit.core.AuditEntry;
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

/** The audit screen in the main window, over what the users and keys actions recorded. */
@ExtendWith(ApplicationExtension.class)
class AuditScreenTest {
    private static final String MANAGEMENT_KEY = "mgmt-audit-secret-0001";

    @TempDir
    Path dataDir;

    @TempDir
    Path files;

    private CpaSimulator simulator;
    private ConsoleWindow window;
    private Path exportFile;

    @Start
    void start(Stage stage) {
        simulator = CpaSimulator.start(SimulatorOptions.builder().managementKey(MANAGEMENT_KEY).build());
        new FileManagementKeyStore(dataDir).save(MANAGEMENT_KEY);
        TestClock clock = new TestClock(Instant.parse("2026-08-22T12:30:00Z"));
        ConsoleServices services = TestConsole.open(dataDir, new ConnectionSettings(simulator.baseUri().toString(),
                ModePreference.AUTOMATIC, true, Theme.LIGHT), clock);
        User alice = services.access().users().create("desktop", UserDetails.named("alice", Role.USER), null);
        services.access().keys().create("desktop", alice.id(), "laptop", "", KeyLimits.NONE);
        services.access().keys().setSuspended("cli", services.access().keys().store().live().getFirst().id(), true,
                true);
        exportFile = files.resolve("audit.csv");
        window = new ConsoleWindow(stage, new DialogService(() -> stage, new ScriptedFiles()), clock);
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
    private static TableView<AuditEntry> openAudit(FxRobot robot, int rows) throws Exception {
        robot.clickOn("#nav-audit");
        TableView<AuditEntry> table = robot.lookup("#audit-table").queryAs(TableView.class);
        waitFor(() -> table.getItems().size() == rows);
        return table;
    }

    @Test
    void actionsComeNewestFirstWithTheStateBeforeAndAfter(FxRobot robot) throws Exception {
        TableView<AuditEntry> table = openAudit(robot, 3);
        assertThat(Fx.get(() -> table.getItems().stream().map(AuditEntry::action).toList()))
                .containsExactly("key.suspend", "key.create", "user.create");

        robot.clickOn(robot.lookup("#audit-table .table-row-cell").nth(0).queryAs(Node.class));

        waitFor(() -> !robot.lookup("#audit-after").queryAs(TextArea.class).getText().isEmpty());
        assertThat(Fx.get(() -> robot.lookup("#audit-before").queryAs(TextArea.class).getText()))
                .contains("\"status\" : \"active\"");
        assertThat(Fx.get(() -> robot.lookup("#audit-after").queryAs(TextArea.class).getText()))
                .contains("\"status\" : \"suspended\"");
        assertThat(Fx.get(() -> robot.lookup("#audit-changes").queryAs(Label.class).getText()))
                .contains("status: active \u2192 suspended");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theFiltersNarrowTheListAndExportWritesWhatTheyShow(FxRobot robot) throws Exception {
        TableView<AuditEntry> table = openAudit(robot, 3);
        ComboBox<String> actor = robot.lookup("#audit-actor").queryAs(ComboBox.class);
        waitFor(() -> actor.getItems().contains("desktop"));

        robot.interact(() -> actor.setValue("desktop"));

        waitFor(() -> table.getItems().size() == 2);
        ComboBox<String> action = robot.lookup("#audit-action").queryAs(ComboBox.class);
        robot.interact(() -> action.setValue("key."));
        waitFor(() -> table.getItems().size() == 1);

        robot.clickOn("#export-audit");

        waitFor(() -> robot.lookup("#audit-message").queryAs(Label.class).getText().startsWith("Exported 1 entry"));
        List<String> lines = Files.readAllLines(exportFile, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).contains(",desktop,key.create,");
    }

    /** Answers the save chooser with the file the test prepared. */
    private final class ScriptedFiles implements DialogService.FilePicker {
        @Override
        public Optional<Path> open(Window owner, String title, List<FileChooser.ExtensionFilter> types) {
            return Optional.empty();
        }

        @Override
        public Optional<Path> save(Window owner, String title, String fileName,
                List<FileChooser.ExtensionFilter> types) {
            return Optional.of(exportFile);
        }
    }
}
