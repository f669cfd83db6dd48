package dev.cpaconsole.app.ui;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;

import javafx.application.Application;
import javafx.stage.Stage;

import dev.cpaconsole.app.ConsoleServices;

/**
 * The desktop application. The composition root builds the services and calls
 * {@link #run(ConsoleServices, String...)}, which hands them over to the JavaFX application
 * and returns once the window is closed and the services are closed.
 */
public final class DesktopApp extends Application {
    private static final AtomicReference<ConsoleServices> HANDED_OVER = new AtomicReference<>();
    private static final AtomicReference<ConsoleServices> OPEN_AT_EXIT = new AtomicReference<>();

    private ConsoleWindow window;

    /**
     * Shows the console for {@code services} and blocks until the operator closes it; then
     * closes the services the window ended with (the demo's, if it was started). Call once per
     * JVM, not on the JavaFX thread.
     */
    public static void run(ConsoleServices services, String... args) {
        HANDED_OVER.set(services);
        Application.launch(DesktopApp.class, args);
        ConsoleServices open = OPEN_AT_EXIT.getAndSet(null);
        if (open != null) {
            open.close();
        }
    }

    @Override
    public void start(Stage stage) {
        DialogService dialogs = new DialogService(() -> stage);
        UncaughtErrors.install(dialogs);
        ConsoleServices services = HANDED_OVER.getAndSet(null);
        if (services == null) {
            throw new IllegalStateException("Start the desktop through DesktopApp.run(services)");
        }
        window = new ConsoleWindow(stage, dialogs, Clock.systemDefaultZone());
        window.open(services);
        stage.show();
    }

    @Override
    public void stop() {
        if (window != null) {
            OPEN_AT_EXIT.set(window.dispose());
        }
    }
}
