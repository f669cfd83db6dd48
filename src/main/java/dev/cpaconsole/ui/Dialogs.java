package dev.cpaconsole.ui;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import javafx.scene.control.Dialog;
import javafx.stage.FileChooser;

/**
 * The dialogs a screen may open. They all belong to the main window and are opened on the
 * JavaFX thread; the desktop implements them once, and tests replace the file choosers, which
 * the headless platform cannot show.
 */
public interface Dialogs {
    /** Shows an error without waiting for it to be closed. */
    void showError(String headline, String message, Throwable cause);

    /** Asks a yes-or-no question and waits for the answer. */
    boolean confirm(String headline, String message);

    /** Asks for an existing file to read; empty when the operator cancels. */
    Optional<Path> chooseFileToOpen(String title, List<FileChooser.ExtensionFilter> types);

    /** Asks where to write a file, suggesting {@code fileName}; empty when the operator cancels. */
    Optional<Path> chooseFileToSave(String title, String fileName, List<FileChooser.ExtensionFilter> types);

    /** Makes a screen's own dialog belong to the main window and wear its stylesheets. */
    void own(Dialog<?> dialog);
}
