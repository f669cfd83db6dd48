package dev.cpaconsole.app.ui;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;
import java.util.function.Supplier;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * The one place that opens dialogs. Every dialog belongs to the main window, speaks in a short
 * sentence, and keeps technical detail (a stack trace) in an expandable area. Call on the
 * JavaFX thread.
 */
public final class DialogService {
    private final Supplier<Window> owner;
    private Alert openError;

    /**
     * @param owner the window dialogs belong to; may supply null before the window exists
     */
    public DialogService(Supplier<Window> owner) {
        this.owner = owner;
    }

    /**
     * Shows an error without waiting for it to be closed, so that it is safe from any callback.
     * While one error dialog is open, further errors only replace its text.
     */
    public void showError(String headline, String message, Throwable cause) {
        if (openError != null && openError.isShowing()) {
            openError.setHeaderText(headline);
            openError.setContentText(message);
            openError.getDialogPane().setExpandableContent(details(cause));
            return;
        }
        Alert alert = prepare(new Alert(Alert.AlertType.ERROR), "CPA Console \u2013 error", headline, message);
        alert.getDialogPane().setExpandableContent(details(cause));
        alert.getDialogPane().setId("error-dialog");
        openError = alert;
        alert.show();
    }

    /** Asks a yes-or-no question and waits for the answer. */
    public boolean confirm(String headline, String message) {
        Alert alert = prepare(new Alert(Alert.AlertType.CONFIRMATION), "CPA Console", headline, message);
        Optional<ButtonType> answer = alert.showAndWait();
        return answer.isPresent() && answer.get() == ButtonType.OK;
    }

    private Alert prepare(Alert alert, String title, String headline, String message) {
        Window window = owner.get();
        if (window != null) {
            alert.initOwner(window);
            if (window.getScene() != null) {
                alert.getDialogPane().getStylesheets().setAll(window.getScene().getStylesheets());
            }
        }
        alert.setTitle(title);
        alert.setHeaderText(headline);
        alert.setContentText(message);
        return alert;
    }

    private static VBox details(Throwable cause) {
        if (cause == null) {
            return null;
        }
        StringWriter trace = new StringWriter();
        cause.printStackTrace(new PrintWriter(trace));
        TextArea text = new TextArea(trace.toString());
        text.setId("error-details");
        text.setEditable(false);
        text.setWrapText(false);
        text.getStyleClass().add("monospace");
        text.setPrefRowCount(14);
        VBox.setVgrow(text, Priority.ALWAYS);
        return new VBox(6, new Label("Details (also written to the log):"), text);
    }
}
