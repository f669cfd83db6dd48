package dev.cpaconsole.app.ui;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import dev.cpaconsole.ui.Dialogs;

/**
 * The one place that opens dialogs. Every dialog belongs to the main window, speaks in a short
 * sentence, and keeps technical detail (a stack trace) in an expandable area. Call on the
 * JavaFX thread.
 */
public final class DialogService implements Dialogs {
    private final Supplier<Window> owner;
    private final FilePicker files;
    private Alert openError;

    /**
     * @param owner the window dialogs belong to; may supply null before the window exists
     */
    public DialogService(Supplier<Window> owner) {
        this(owner, new SystemFilePicker());
    }

    /**
     * @param owner the window dialogs belong to; may supply null before the window exists
     * @param files how files are chosen: the system's chooser in the app, a scripted one in tests
     */
    public DialogService(Supplier<Window> owner, FilePicker files) {
        this.owner = owner;
        this.files = files;
    }

    /**
     * Shows an error without waiting for it to be closed, so that it is safe from any callback.
     * While one error dialog is open, further errors only replace its text.
     */
    @Override
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
    @Override
    public boolean confirm(String headline, String message) {
        Alert alert = prepare(new Alert(Alert.AlertType.CONFIRMATION), "CPA Console", headline, message);
        alert.getDialogPane().setId("confirm-dialog");
        Optional<ButtonType> answer = alert.showAndWait();
        return answer.isPresent() && answer.get() == ButtonType.OK;
    }

    @Override
    public Optional<Path> chooseFileToOpen(String title, List<FileChooser.ExtensionFilter> types) {
        return files.open(owner.get(), title, types);
    }

    @Override
    public Optional<Path> chooseFileToSave(String title, String fileName, List<FileChooser.ExtensionFilter> types) {
        return files.save(owner.get(), title, fileName, types);
    }

    @Override
    public void own(Dialog<?> dialog) {
        Window window = owner.get();
        if (window != null) {
            dialog.initOwner(window);
            if (window.getScene() != null) {
                dialog.getDialogPane().getStylesheets().setAll(window.getScene().getStylesheets());
            }
        }
    }

    private Alert prepare(Alert alert, String title, String headline, String message) {
        own(alert);
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

    /** Chooses files for reading and writing. */
    public interface FilePicker {
        /** An existing file to read, or empty when cancelled. */
        Optional<Path> open(Window owner, String title, List<FileChooser.ExtensionFilter> types);

        /** A file to write, or empty when cancelled. */
        Optional<Path> save(Window owner, String title, String fileName, List<FileChooser.ExtensionFilter> types);
    }

    /** The platform's file chooser. */
    private static final class SystemFilePicker implements FilePicker {
        @Override
        public Optional<Path> open(Window owner, String title, List<FileChooser.ExtensionFilter> types) {
            File chosen = chooser(title, types).showOpenDialog(owner);
            return Optional.ofNullable(chosen).map(File::toPath);
        }

        @Override
        public Optional<Path> save(Window owner, String title, String fileName,
                List<FileChooser.ExtensionFilter> types) {
            FileChooser chooser = chooser(title, types);
            chooser.setInitialFileName(fileName);
            File chosen = chooser.showSaveDialog(owner);
            return Optional.ofNullable(chosen).map(File::toPath);
        }

        private static FileChooser chooser(String title, List<FileChooser.ExtensionFilter> types) {
            FileChooser chooser = new FileChooser();
            chooser.setTitle(title);
            chooser.getExtensionFilters().setAll(types);
            return chooser;
        }
    }
}
