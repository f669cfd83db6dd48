package dev.cpaconsole.users.ui;

import java.time.ZoneId;
import java.util.function.Consumer;
import java.util.function.Function;

import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.transformation.SortedList;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;

import dev.cpaconsole.ui.Confirmation;
import dev.cpaconsole.ui.Dialogs;
import dev.cpaconsole.ui.Formats;
import dev.cpaconsole.users.core.Role;
import dev.cpaconsole.users.core.User;

/** The users screen: the users with their keys, a search, the editor, disable, enable and delete. */
public final class UsersView {
    private static final PseudoClass DELETED = PseudoClass.getPseudoClass("deleted");
    private static final PseudoClass DISABLED = PseudoClass.getPseudoClass("disabled-user");

    private final UsersViewModel model;
    private final Dialogs dialogs;
    private final ZoneId zone;
    private final VBox root = new VBox(12);

    private final Button newUser = new Button("New user\u2026");
    private final Button edit = new Button("Edit\u2026");
    private final Button disable = new Button("Disable");
    private final Button delete = new Button("Delete\u2026");
    private final TextField search = new TextField();
    private final CheckBox showDeleted = new CheckBox("Show deleted");
    private final Label summary = new Label();
    private final Label message = new Label();
    private final Label error = new Label();
    private final TableView<UserRow> table = new TableView<>();
    private final TableColumn<UserRow, String> deletedColumn = column("Deleted", 150, row -> "");

    public UsersView(UsersViewModel model, Dialogs dialogs, ZoneId zone) {
        this.model = model;
        this.dialogs = dialogs;
        this.zone = zone;
        build();
        bind();
    }

    public Node root() {
        return root;
    }

    private void build() {
        Label title = new Label("Users");
        title.getStyleClass().add("screen-title");
        Label about = new Label("People who own client keys. Disabling a user takes the user's keys out of CPA; "
                + "deleting keeps a tombstone so that the history stays attributed.");
        about.getStyleClass().add("muted");
        about.setWrapText(true);

        newUser.setId("new-user");
        newUser.getStyleClass().add(Styles.ACCENT);
        edit.setId("edit-user");
        disable.setId("disable-user");
        delete.setId("delete-user");
        delete.getStyleClass().add(Styles.DANGER);
        search.setId("user-search");
        search.setPromptText("Search names and contacts");
        search.setPrefWidth(240);
        showDeleted.setId("show-deleted-users");
        summary.setId("users-summary");
        summary.getStyleClass().add("muted");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox toolbar = new HBox(8, newUser, edit, disable, delete, spacer, summary, search, showDeleted);
        toolbar.setAlignment(Pos.CENTER_LEFT);

        message.setId("users-message");
        message.getStyleClass().add("success-message");
        message.managedProperty().bind(message.textProperty().isNotEmpty());
        message.visibleProperty().bind(message.managedProperty());
        error.setId("users-error");
        error.getStyleClass().add("error-message");
        error.setWrapText(true);
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        error.visibleProperty().bind(error.managedProperty());

        table.setId("users-table");
        table.getStyleClass().addAll(Styles.DENSE, Styles.STRIPED);
        table.setPlaceholder(new Label("No users yet. Create one, then give the user a key on the Keys screen."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        TableColumn<UserRow, String> name = column("Name", 140, row -> row.user().name());
        name.setMinWidth(120);
        table.getColumns().add(name);
        TableColumn<UserRow, String> shown = column("Display name", 140, row -> row.user().displayName());
        shown.setMinWidth(120);
        table.getColumns().add(shown);
        table.getColumns().add(column("Contact", 160, row -> row.user().contact()));
        table.getColumns().add(fixed(column("Role", 64, row -> row.user().role() == Role.ADMIN ? "admin" : "user")));
        table.getColumns().add(fixed(numeric(column("Keys", 56, row -> Formats.count(row.keys())))));
        table.getColumns().add(fixed(column("Disabled", 84, row -> row.user().disabled() ? "yes" : "")));
        table.getColumns().add(fixed(column("Password", 90, row -> row.user().hasPassword() ? "set" : "none")));
        table.getColumns().add(fixed(column("Created", 150,
                row -> Formats.dateTimeToMinute(row.user().createdAt(), zone))));
        deletedColumn.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().user().deleted()
                ? Formats.dateTimeToMinute(cell.getValue().user().deletedAt(), zone) : ""));
        deletedColumn.setMinWidth(150);
        table.getColumns().add(deletedColumn);
        table.setRowFactory(view -> {
            TableRow<UserRow> row = new TableRow<>() {
                @Override
                protected void updateItem(UserRow item, boolean empty) {
                    super.updateItem(item, empty);
                    pseudoClassStateChanged(DELETED, !empty && item != null && item.user().deleted());
                    pseudoClassStateChanged(DISABLED, !empty && item != null && item.user().disabled());
                }
            };
            row.setOnMouseClicked(event -> {
                if (event.getButton() == MouseButton.PRIMARY && event.getClickCount() == 2 && !row.isEmpty()
                        && !row.getItem().user().deleted()) {
                    UserEditorDialog.show(model.edit(row.getItem().user()), dialogs);
                }
            });
            return row;
        });
        VBox.setVgrow(table, Priority.ALWAYS);

        root.getStyleClass().add("screen");
        root.setPadding(new Insets(20));
        root.getChildren().addAll(title, about, toolbar, message, error, table);
    }

    private void bind() {
        SortedList<UserRow> sorted = new SortedList<>(model.rows());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        summary.textProperty().bind(model.summaryProperty());
        message.textProperty().bind(model.messageProperty());
        error.textProperty().bind(model.errorMessageProperty());
        search.textProperty().addListener((observable, old, text) -> model.search(text));
        showDeleted.selectedProperty().addListener((observable, old, selected) -> model.showDeleted(selected));
        deletedColumn.visibleProperty().bind(model.showDeletedProperty());

        var selected = table.getSelectionModel().selectedItemProperty();
        var noLiveSelection = Bindings.createBooleanBinding(() -> selected.get() == null
                || selected.get().user().deleted(), selected);
        edit.disableProperty().bind(noLiveSelection);
        disable.disableProperty().bind(noLiveSelection.or(model.busyProperty()));
        delete.disableProperty().bind(noLiveSelection.or(model.busyProperty()));
        disable.textProperty().bind(Bindings.createStringBinding(() -> selected.get() != null
                && selected.get().user().disabled() ? "Enable" : "Disable", selected));

        newUser.setOnAction(event -> UserEditorDialog.show(model.newUser(), dialogs));
        edit.setOnAction(event -> withSelected(user -> UserEditorDialog.show(model.edit(user), dialogs)));
        disable.setOnAction(event -> withSelected(user -> model.setDisabled(user, !user.disabled())));
        delete.setOnAction(event -> withSelected(this::confirmDelete));
        model.confirmationProperty().addListener((observable, old, asked) -> {
            if (asked != null) {
                ask(asked);
            }
        });
    }

    private void withSelected(Consumer<User> action) {
        UserRow row = table.getSelectionModel().getSelectedItem();
        if (row != null && !row.user().deleted()) {
            action.accept(row.user());
        }
    }

    private void confirmDelete(User user) {
        UserRow row = table.getSelectionModel().getSelectedItem();
        int keys = row == null ? 0 : row.keys();
        if (dialogs.confirm("Delete " + user.name() + "?", "The user and " + (keys == 1 ? "the user's key"
                : "the user's " + Formats.count(keys) + " keys") + " are deleted: the keys leave CPA for good. "
                + "The console keeps their names so that the history stays attributed.")) {
            model.delete(user);
        }
    }

    private void ask(Confirmation asked) {
        model.answer(dialogs.confirm(asked.headline(), asked.message()));
    }

    private static TableColumn<UserRow, String> column(String title, double width, Function<UserRow, String> text) {
        TableColumn<UserRow, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(text.apply(cell.getValue())));
        return column;
    }

    private static <T> TableColumn<UserRow, T> numeric(TableColumn<UserRow, T> column) {
        column.getStyleClass().add(Tweaks.ALIGN_RIGHT);
        return column;
    }

    private static <T> TableColumn<UserRow, T> fixed(TableColumn<UserRow, T> column) {
        column.setMinWidth(column.getPrefWidth());
        return column;
    }
}
