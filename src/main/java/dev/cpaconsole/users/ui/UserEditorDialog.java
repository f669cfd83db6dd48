package dev.cpaconsole.users.ui;

import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

import atlantafx.base.theme.Styles;

import dev.cpaconsole.ui.Dialogs;
import dev.cpaconsole.users.core.Role;

/**
 * The user editor: name, display name, contact, notes, role and a password typed twice with a
 * hint of its strength. It stays open until the user is saved, showing why it cannot be.
 */
final class UserEditorDialog {
    private static final ButtonType SAVE = new ButtonType("Save", ButtonBar.ButtonData.OK_DONE);

    private final UserEditorModel model;
    private final Dialog<Void> dialog = new Dialog<>();
    private final TextField name = new TextField();
    private final TextField displayName = new TextField();
    private final TextField contact = new TextField();
    private final TextArea notes = new TextArea();
    private final ComboBox<Role> role = new ComboBox<>();
    private final PasswordField password = new PasswordField();
    private final PasswordField passwordAgain = new PasswordField();
    private final Label strength = new Label();
    private final Label problem = new Label();

    private UserEditorDialog(UserEditorModel model) {
        this.model = model;
        build();
        bind();
    }

    /** Opens the editor for {@code model} without waiting for it to close. */
    static void show(UserEditorModel model, Dialogs dialogs) {
        UserEditorDialog editor = new UserEditorDialog(model);
        dialogs.own(editor.dialog);
        editor.dialog.show();
        editor.name.requestFocus();
    }

    private void build() {
        dialog.setTitle(model.isNew() ? "New user" : "Edit user");
        dialog.setHeaderText(model.isNew() ? "New user" : "Edit " + model.original().name());
        dialog.setResizable(true);
        name.setId("user-name");
        name.setPromptText("sign-in name, e.g. alice");
        displayName.setId("user-display-name");
        displayName.setPromptText("how screens name the user");
        contact.setId("user-contact");
        contact.setPromptText("e-mail, chat handle\u2026");
        notes.setId("user-notes");
        notes.setPrefRowCount(3);
        notes.setWrapText(true);
        role.setId("user-role");
        role.getItems().setAll(Role.values());
        role.setConverter(new StringConverter<>() {
            @Override
            public String toString(Role value) {
                return value == null ? "" : value == Role.ADMIN ? "Admin: manages every key" : "User: own keys only";
            }

            @Override
            public Role fromString(String text) {
                throw new UnsupportedOperationException("not editable");
            }
        });
        password.setId("user-password");
        passwordAgain.setId("user-password-again");
        passwordAgain.setPromptText("the same again");
        strength.setId("user-password-strength");
        strength.getStyleClass().add("muted");
        Label passwordNote = new Label(model.passwordNote());
        passwordNote.getStyleClass().add("muted");
        passwordNote.setWrapText(true);
        passwordNote.setMinHeight(Region.USE_PREF_SIZE);

        GridPane form = new GridPane(10, 8);
        ColumnConstraints captions = new ColumnConstraints();
        captions.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints fields = new ColumnConstraints(260, 340, Double.MAX_VALUE);
        fields.setHgrow(Priority.ALWAYS);
        form.getColumnConstraints().addAll(captions, fields);
        int row = 0;
        form.addRow(row++, caption("Name *"), name);
        form.addRow(row++, caption("Display name"), displayName);
        form.addRow(row++, caption("Contact"), contact);
        form.addRow(row++, caption("Notes"), notes);
        form.addRow(row++, caption("Role"), role);
        Label passwordCaption = caption("Password");
        GridPane.setMargin(passwordCaption, new Insets(8, 0, 0, 0));
        GridPane.setMargin(password, new Insets(8, 0, 0, 0));
        form.addRow(row++, passwordCaption, password);
        form.addRow(row++, caption("Again"), passwordAgain);
        form.addRow(row++, new Label(), strength);
        form.add(passwordNote, 1, row);

        problem.setId("user-problem");
        problem.getStyleClass().add("error-message");
        problem.setWrapText(true);
        problem.setMinHeight(Region.USE_PREF_SIZE);
        problem.managedProperty().bind(problem.textProperty().isNotEmpty());
        problem.visibleProperty().bind(problem.managedProperty());

        VBox content = new VBox(10, form, problem);
        content.setPadding(new Insets(12, 16, 4, 16));
        dialog.getDialogPane().setId("user-editor");
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().setAll(SAVE, ButtonType.CANCEL);
        Button save = (Button) dialog.getDialogPane().lookupButton(SAVE);
        save.setId("user-save");
        save.getStyleClass().add(Styles.ACCENT);
        ((Button) dialog.getDialogPane().lookupButton(ButtonType.CANCEL)).setId("user-cancel");
    }

    private void bind() {
        name.textProperty().bindBidirectional(model.nameProperty());
        displayName.textProperty().bindBidirectional(model.displayNameProperty());
        contact.textProperty().bindBidirectional(model.contactProperty());
        notes.textProperty().bindBidirectional(model.notesProperty());
        role.valueProperty().bindBidirectional(model.roleProperty());
        password.textProperty().bindBidirectional(model.passwordProperty());
        passwordAgain.textProperty().bindBidirectional(model.passwordAgainProperty());
        strength.textProperty().bind(model.strengthProperty().map(PasswordStrength::hint));
        model.strengthProperty().addListener((observable, old, shown) -> {
            strength.pseudoClassStateChanged(Styles.STATE_DANGER, shown == PasswordStrength.TOO_SHORT
                    || shown == PasswordStrength.WEAK);
            strength.pseudoClassStateChanged(Styles.STATE_SUCCESS, shown == PasswordStrength.STRONG);
        });
        problem.textProperty().bind(model.problemProperty());
        problem.textProperty().addListener((observable, old, text) -> fitWindow());
        Button save = (Button) dialog.getDialogPane().lookupButton(SAVE);
        save.disableProperty().bind(model.stepProperty().isNotEqualTo(UserEditorModel.Step.EDITING));
        // The dialog would close on its default button; it stays open until the user is saved.
        save.addEventFilter(ActionEvent.ACTION, event -> {
            event.consume();
            model.save();
        });
        model.stepProperty().addListener((observable, old, step) -> {
            if (step == UserEditorModel.Step.SAVED) {
                dialog.close();
            }
        });
    }

    /** A dialog window keeps the size it opened with; a message that appears later must not push the buttons out. */
    private void fitWindow() {
        if (dialog.getDialogPane().getScene() != null && dialog.getDialogPane().getScene().getWindow() != null) {
            dialog.getDialogPane().getScene().getWindow().sizeToScene();
        }
    }

    private static Label caption(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("form-caption");
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }
}
