package dev.cpaconsole.app.ui;

import javafx.application.Platform;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Catches what nothing else caught, on any thread: writes it to the log with its stack trace
 * and tells the operator through the {@link DialogService}.
 */
public final class UncaughtErrors implements Thread.UncaughtExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(UncaughtErrors.class);

    private final DialogService dialogs;

    private UncaughtErrors(DialogService dialogs) {
        this.dialogs = dialogs;
    }

    /** Installs the handler for every thread, the JavaFX thread included. Call on the JavaFX thread. */
    public static void install(DialogService dialogs) {
        UncaughtErrors handler = new UncaughtErrors(dialogs);
        Thread.setDefaultUncaughtExceptionHandler(handler);
        Thread.currentThread().setUncaughtExceptionHandler(handler);
    }

    @Override
    public void uncaughtException(Thread thread, Throwable error) {
        LOG.error("Unexpected error on thread {}", thread.getName(), error);
        Runnable tell = () -> {
            try {
                dialogs.showError("Something went wrong", shortMessage(error), error);
            } catch (RuntimeException dialogFailure) {
                // Reporting must not fail in turn; the log already holds the original error.
                LOG.error("Could not show the error dialog", dialogFailure);
            }
        };
        if (Platform.isFxApplicationThread()) {
            tell.run();
        } else {
            Platform.runLater(tell);
        }
    }

    static String shortMessage(Throwable error) {
        String message = error.getMessage();
        String text = message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
        return text + "\n\nThe console keeps running; the details are in the log.";
    }
}
