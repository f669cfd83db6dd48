package dev.cpaconsole.keys.ui;

import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Consumer;

import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

import atlantafx.base.theme.Styles;

import dev.cpaconsole.keys.core.KeyEnforcement;
import dev.cpaconsole.keys.core.LimitPeriod;
import dev.cpaconsole.ui.Dialogs;
import dev.cpaconsole.users.core.User;

/**
 * The key editor: owner, name and description, and the limits (expiry, budget, request and token
 * quotas). Its main button checks the fields and closes only when they are right.
 */
final class KeyEditorDialog {
    private final KeyEditorModel model;
    private final List<User> owners;
    private final Consumer<KeyDraft> done;
    private final Dialog<Void> dialog = new Dialog<>();
    private final ButtonType confirm;
    private final ComboBox<User> owner = new ComboBox<>();
    private final TextField name = new TextField();
    private final TextField description = new TextField();
    private final DatePicker expiry = new DatePicker();
    private final TextField budget = new TextField();
    private final ComboBox<LimitPeriod> budgetPeriod = periods();
    private final TextField requestQuota = new TextField();
    private final TextField tokenQuota = new TextField();
    private final ComboBox<LimitPeriod> quotaPeriod = periods();
    private final Label problem = new Label();

    private KeyEditorDialog(KeyEditorModel model, List<User> owners, String subject, Consumer<KeyDraft> done) {
        this.model = model;
        this.owners = owners;
        this.done = done;
        this.confirm = new ButtonType(switch (model.mode()) {
            case CREATE -> "Create key";
            case ADOPT -> "Adopt";
            case LIMITS -> "Save limits";
            case RENAME -> "Rename";
        }, ButtonBar.ButtonData.OK_DONE);
        build(subject);
        bind();
    }

    /**
     * Opens the editor without waiting for it to close.
     *
     * @param owners the users a new or adopted key may belong to
     * @param subject what the header names: the masked key adopted, or the key edited
     * @param done told with the checked fields when the operator confirms
     */
    static void show(KeyEditorModel model, List<User> owners, String subject, Dialogs dialogs,
            Consumer<KeyDraft> done) {
        KeyEditorDialog editor = new KeyEditorDialog(model, owners, subject, done);
        dialogs.own(editor.dialog);
        editor.dialog.show();
        (model.editsOwner() && model.userProperty().get() == null ? editor.owner
                : model.editsDetails() ? editor.name : editor.budget).requestFocus();
    }

    private void build(String subject) {
        String header = switch (model.mode()) {
            case CREATE -> "New client key";
            case ADOPT -> "Adopt " + subject + " into a user";
            case LIMITS -> "Limits of " + subject;
            case RENAME -> "Rename " + subject;
        };
        dialog.setTitle(header);
        dialog.setHeaderText(header);
        dialog.setResizable(true);
        owner.setId("key-owner");
        owner.getItems().setAll(owners);
        owner.setPromptText(owners.isEmpty() ? "No users yet: create one on the Users screen" : "Choose a user");
        owner.setCellFactory(list -> new OwnerCell());
        owner.setButtonCell(new OwnerCell());
        owner.setMaxWidth(Double.MAX_VALUE);
        name.setId("key-name");
        name.setPromptText("e.g. laptop, ci-runner");
        description.setId("key-description");
        description.setPromptText("what the key is for");
        expiry.setId("key-expiry");
        expiry.setPromptText("never");
        budget.setId("key-budget");
        budget.setPromptText("no budget");
        budgetPeriod.setId("key-budget-period");
        requestQuota.setId("key-request-quota");
        requestQuota.setPromptText("no quota");
        tokenQuota.setId("key-token-quota");
        tokenQuota.setPromptText("no quota");
        quotaPeriod.setId("key-quota-period");

        GridPane form = new GridPane(10, 8);
        ColumnConstraints captions = new ColumnConstraints();
        captions.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints fields = new ColumnConstraints(200, 260, Double.MAX_VALUE);
        fields.setHgrow(Priority.ALWAYS);
        form.getColumnConstraints().addAll(captions, fields, new ColumnConstraints());
        int row = 0;
        if (model.editsOwner()) {
            form.addRow(row++, caption("User *"), owner);
        }
        if (model.editsDetails()) {
            form.addRow(row++, caption("Name *"), name);
            form.addRow(row++, caption("Description"), description);
        }
        if (model.editsLimits()) {
            expiry.setMaxWidth(Double.MAX_VALUE);
            Button never = new Button("Never");
            never.setId("key-expiry-never");
            never.getStyleClass().add(Styles.FLAT);
            never.setOnAction(event -> expiry.setValue(null));
            form.addRow(row++, caption("Expires on"), expiry, never);
            form.add(hint("The key stops at 00:00 of that day, console time."), 1, row++, 2, 1);
            form.addRow(row++, caption("Budget, USD"), budget, budgetPeriod);
            form.addRow(row++, caption("Requests"), requestQuota, quotaPeriod);
            form.addRow(row++, caption("Tokens"), tokenQuota, hint("same period"));
            Label lag = hint("Budgets and quotas are enforced from collected usage, checked every "
                    + KeyEnforcement.INTERVAL.toSeconds() + " s: a key can go past a limit by what it uses until "
                    + "the next check. Spend is the API-equivalent estimate.");
            lag.setWrapText(true);
            lag.setMinHeight(Region.USE_PREF_SIZE);
            lag.setMaxWidth(420);
            GridPane.setMargin(lag, new Insets(6, 0, 0, 0));
            form.add(lag, 0, row, 3, 1);
        }

        problem.setId("key-problem");
        problem.getStyleClass().add("error-message");
        problem.setWrapText(true);
        problem.setMinHeight(Region.USE_PREF_SIZE);
        problem.managedProperty().bind(problem.textProperty().isNotEmpty());
        problem.visibleProperty().bind(problem.managedProperty());

        VBox content = new VBox(10, form, problem);
        content.setPadding(new Insets(12, 16, 4, 16));
        content.setAlignment(Pos.TOP_LEFT);
        dialog.getDialogPane().setId("key-editor");
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().setAll(confirm, ButtonType.CANCEL);
        Button save = (Button) dialog.getDialogPane().lookupButton(confirm);
        save.setId("key-save");
        save.getStyleClass().add(Styles.ACCENT);
        ((Button) dialog.getDialogPane().lookupButton(ButtonType.CANCEL)).setId("key-cancel");
    }

    private void bind() {
        owner.valueProperty().bindBidirectional(model.userProperty());
        name.textProperty().bindBidirectional(model.nameProperty());
        description.textProperty().bindBidirectional(model.descriptionProperty());
        expiry.valueProperty().bindBidirectional(model.expiryProperty());
        budget.textProperty().bindBidirectional(model.budgetProperty());
        budgetPeriod.valueProperty().bindBidirectional(model.budgetPeriodProperty());
        requestQuota.textProperty().bindBidirectional(model.requestQuotaProperty());
        tokenQuota.textProperty().bindBidirectional(model.tokenQuotaProperty());
        quotaPeriod.valueProperty().bindBidirectional(model.quotaPeriodProperty());
        problem.textProperty().bind(model.problemProperty());
        problem.textProperty().addListener((observable, old, text) -> {
            if (dialog.getDialogPane().getScene() != null && dialog.getDialogPane().getScene().getWindow() != null) {
                dialog.getDialogPane().getScene().getWindow().sizeToScene();
            }
        });
        Button save = (Button) dialog.getDialogPane().lookupButton(confirm);
        save.addEventFilter(ActionEvent.ACTION, event -> {
            // A date typed but not yet committed would otherwise be lost.
            if (model.editsLimits()) {
                try {
                    expiry.setValue(expiry.getConverter().fromString(expiry.getEditor().getText()));
                } catch (DateTimeParseException e) {
                    expiry.getEditor().setText(expiry.getConverter().toString(expiry.getValue()));
                }
            }
            model.draft().ifPresentOrElse(draft -> done.accept(draft), event::consume);
        });
    }

    private static ComboBox<LimitPeriod> periods() {
        ComboBox<LimitPeriod> box = new ComboBox<>();
        box.getItems().setAll(LimitPeriod.values());
        box.setConverter(new StringConverter<>() {
            @Override
            public String toString(LimitPeriod period) {
                return period == null ? "" : "per " + period.code();
            }

            @Override
            public LimitPeriod fromString(String text) {
                throw new UnsupportedOperationException("not editable");
            }
        });
        return box;
    }

    private static Label caption(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("form-caption");
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }

    private static Label hint(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("muted");
        return label;
    }

    /** A user by sign-in name, with the display name beside it when there is one. */
    static final class OwnerCell extends ListCell<User> {
        @Override
        protected void updateItem(User user, boolean empty) {
            super.updateItem(user, empty);
            setText(empty || user == null ? null : user.displayName().isBlank() ? user.name()
                    : user.name() + " (" + user.displayName() + ")");
        }
    }
}
