package dev.cpaconsole.app.ui;

import java.time.Clock;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;

import dev.cpaconsole.app.ConsoleServices;
import dev.cpaconsole.settings.core.ConnectionSettings;

/**
 * The main window. Shows a {@link ShellView} for its current services and switches to the
 * demo's services when the operator starts the demo.
 */
public final class ConsoleWindow {
    private static final double WIDTH = 1280;
    private static final double HEIGHT = 800;

    private final Stage stage;
    private final DialogService dialogs;
    private final Clock clock;
    private Scene scene;
    private ShellView shell;

    public ConsoleWindow(Stage stage, DialogService dialogs, Clock clock) {
        this.stage = stage;
        this.dialogs = dialogs;
        this.clock = clock;
    }

    /** Shows {@code services} in the window and starts the screens. */
    public void open(ConsoleServices services) {
        if (Application.getUserAgentStylesheet() == null) {
            // The saved theme arrives with the settings a moment later; until then the default one.
            Themes.apply(ConnectionSettings.DEFAULTS.theme());
        }
        shell = new ShellView(services, clock, dialogs);
        ShellViewModel model = shell.shell();
        model.themeProperty().addListener((observable, old, theme) -> {
            if (theme != null) {
                Themes.apply(theme);
            }
        });
        model.demoStartedProperty().addListener((observable, old, demo) -> {
            if (demo != null) {
                switchTo(demo);
            }
        });
        model.demoFailureProperty().addListener((observable, old, failure) -> {
            if (failure != null) {
                dialogs.showError("The demo did not start", UncaughtErrors.shortMessage(failure), failure);
            }
        });
        if (scene == null) {
            scene = new Scene(shell.root(), WIDTH, HEIGHT);
            scene.getStylesheets().add(Themes.APP_STYLESHEET);
            stage.setScene(scene);
            stage.sizeToScene();
        } else {
            scene.setRoot(shell.root());
        }
        stage.setTitle(services.demo() ? "CPA Console \u2013 demo" : "CPA Console");
        shell.start();
    }

    /** The services shown now. */
    public ConsoleServices services() {
        return shell.services();
    }

    /** The shown shell, for tests and screenshots. */
    public ShellView shell() {
        return shell;
    }

    /**
     * Stops the screens and returns the services still open, which the caller closes off the
     * JavaFX thread.
     */
    public ConsoleServices dispose() {
        shell.dispose();
        return shell.services();
    }

    private void switchTo(ConsoleServices demo) {
        ShellView old = shell;
        old.dispose();
        open(demo);
        shell.closeInBackground(old.services());
    }
}
