package dev.cpaconsole.keys.ui;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import atlantafx.base.theme.Styles;

import dev.cpaconsole.ui.Dialogs;

/**
 * A raw key in a dialog of its own, with a Copy button. The value is in no other node of the
 * window, and the model drops it when the dialog closes.
 */
final class ShownKeyDialog {
    private static final ButtonType DONE = new ButtonType("Done", ButtonBar.ButtonData.OK_DONE);

    private ShownKeyDialog() {
    }

    /** Shows {@code shown} without waiting for the dialog to close. */
    static void show(ShownKey shown, KeysViewModel model, Dialogs dialogs) {
        Dialog<Void> dialog = new Dialog<>();
        dialog.setTitle("Client key");
        dialog.setHeaderText(shown.headline());

        Label note = new Label(shown.note());
        note.setId("shown-key-note");
        note.setWrapText(true);
        note.setMinHeight(Region.USE_PREF_SIZE);
        TextField value = new TextField(shown.value());
        value.setId("shown-key-value");
        value.setEditable(false);
        value.getStyleClass().add("monospace");
        value.setPrefColumnCount(48);
        HBox.setHgrow(value, Priority.ALWAYS);
        Button copy = new Button("Copy");
        copy.setId("shown-key-copy");
        copy.getStyleClass().add(Styles.ACCENT);
        Label copied = new Label();
        copied.setId("shown-key-copied");
        copied.getStyleClass().add("success-message");
        copy.setOnAction(event -> {
            model.copyShown();
            copied.setText("Copied to the clipboard.");
        });
        HBox line = new HBox(8, value, copy);
        line.setAlignment(Pos.CENTER_LEFT);
        Label owner = new Label(shown.key().userName() + " \u00b7 " + shown.key().name() + " \u00b7 shown elsewhere as "
                + shown.key().masked());
        owner.getStyleClass().add("muted");

        VBox content = new VBox(10, note, line, copied, owner);
        content.setPadding(new Insets(12, 16, 4, 16));
        dialog.getDialogPane().setId("shown-key");
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().setAll(DONE);
        ((Button) dialog.getDialogPane().lookupButton(DONE)).setId("shown-key-done");
        dialog.setOnHidden(event -> {
            value.clear();
            model.dismissShownKey();
        });
        dialogs.own(dialog);
        dialog.show();
        value.selectAll();
        value.requestFocus();
    }
}
