package dev.cpaconsole.keys.ui;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;

import dev.cpaconsole.keys.core.KeyEnforcement;
import dev.cpaconsole.keys.core.KeyStatus;
import dev.cpaconsole.keys.core.ManagedKey;
import dev.cpaconsole.keys.core.UnmanagedKey;
import dev.cpaconsole.ui.Confirmation;
import dev.cpaconsole.ui.CostTexts;
import dev.cpaconsole.ui.Dialogs;
import dev.cpaconsole.ui.Formats;
import dev.cpaconsole.users.core.User;

/**
 * The keys screen: a page of managed keys with filters and every key action, the keys CPA holds
 * that the console does not manage, and the keys CPA disagrees with. Raw keys appear only in the
 * dialog that shows one; everywhere else a key is masked.
 */
public final class KeysView {
    private static final PseudoClass INACTIVE = PseudoClass.getPseudoClass("inactive");
    private static final PseudoClass OUT_OF_SYNC = PseudoClass.getPseudoClass("out-of-sync");
    private static final List<KeyStatus> FILTERED_STATUSES = List.of(KeyStatus.ACTIVE, KeyStatus.EXPIRED,
            KeyStatus.OVER_BUDGET, KeyStatus.OVER_QUOTA, KeyStatus.SUSPENDED, KeyStatus.REVOKED);

    private final KeysViewModel model;
    private final Dialogs dialogs;
    private final ZoneId zone;
    private final VBox root = new VBox(10);

    private final Button newKey = new Button("New key\u2026");
    private final Button rotate = new Button("Rotate\u2026");
    private final Button suspend = new Button("Suspend");
    private final Button limits = new Button("Limits\u2026");
    private final Button rename = new Button("Rename\u2026");
    private final Button reveal = new Button("Reveal\u2026");
    private final Button copy = new Button("Copy");
    private final Button revoke = new Button("Revoke\u2026");
    private final Button delete = new Button("Delete\u2026");
    private final Button checkNow = new Button("Check now");
    private final TextField search = new TextField();
    private final ComboBox<StatusChoice> statusFilter = new ComboBox<>();
    private final ComboBox<OwnerChoice> ownerFilter = new ComboBox<>();
    private final Label pageSummary = new Label();
    private final Button previous = new Button("\u2039 Previous");
    private final Button next = new Button("Next \u203a");
    private final Label message = new Label();
    private final Label error = new Label();
    private final Label checkSummary = new Label();
    private final Label cpaProblem = new Label();
    private final Label detail = new Label();
    private final TabPane tabs = new TabPane();
    private final Tab keysTab = new Tab("Keys");
    private final Tab unmanagedTab = new Tab("Unmanaged");
    private final Tab outOfSyncTab = new Tab("Out of sync");
    private final TableView<KeyRow> table = new TableView<>();
    private final TableView<UnmanagedKey> unmanagedTable = new TableView<>();
    private final TableView<ManagedKey> outOfSyncTable = new TableView<>();
    /** Set while the owner filter is refilled, which briefly clears the choice without the operator. */
    private boolean refillingOwners;
    /** The key to select again once its page is read again, or -1. */
    private long selectedId = -1;

    public KeysView(KeysViewModel model, Dialogs dialogs, ZoneId zone) {
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
        Label title = new Label("Keys");
        title.getStyleClass().add("screen-title");
        checkNow.setId("check-keys");
        checkSummary.setId("check-summary");
        checkSummary.getStyleClass().add("muted");
        Region titleSpacer = new Region();
        HBox.setHgrow(titleSpacer, Priority.ALWAYS);
        HBox titleRow = new HBox(10, title, titleSpacer, checkSummary, checkNow);
        titleRow.setAlignment(Pos.CENTER_LEFT);
        Label lag = new Label("Budgets and quotas are enforced from collected usage, checked every "
                + KeyEnforcement.INTERVAL.toSeconds() + " s: a key can go past a limit by what it uses until the next "
                + "check. Spend is the API-equivalent estimate. A key is in CPA exactly while it is active.");
        lag.setId("enforcement-note");
        lag.getStyleClass().add("muted");
        lag.setWrapText(true);
        lag.setMinHeight(Region.USE_PREF_SIZE);

        message.setId("keys-message");
        message.getStyleClass().add("success-message");
        message.setWrapText(true);
        message.managedProperty().bind(message.textProperty().isNotEmpty());
        message.visibleProperty().bind(message.managedProperty());
        error.setId("keys-error");
        error.getStyleClass().add("error-message");
        error.setWrapText(true);
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        error.visibleProperty().bind(error.managedProperty());

        keysTab.setId("keys-tab");
        keysTab.setContent(buildKeysTab());
        unmanagedTab.setId("unmanaged-tab");
        unmanagedTab.setContent(buildUnmanagedTab());
        outOfSyncTab.setId("out-of-sync-tab");
        outOfSyncTab.setContent(buildOutOfSyncTab());
        tabs.getTabs().setAll(keysTab, unmanagedTab, outOfSyncTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("keys-tabs");
        VBox.setVgrow(tabs, Priority.ALWAYS);

        root.getStyleClass().add("screen");
        root.setPadding(new Insets(20));
        root.getChildren().addAll(titleRow, lag, message, error, tabs);
    }

    private Node buildKeysTab() {
        newKey.setId("new-key");
        newKey.getStyleClass().add(Styles.ACCENT);
        rotate.setId("rotate-key");
        suspend.setId("suspend-key");
        limits.setId("key-limits");
        rename.setId("rename-key");
        reveal.setId("reveal-key");
        copy.setId("copy-key");
        revoke.setId("revoke-key");
        revoke.getStyleClass().add(Styles.DANGER);
        delete.setId("delete-key");
        delete.getStyleClass().add(Styles.DANGER);
        HBox actions = new HBox(8, newKey, new Separator(Orientation.VERTICAL), rotate, suspend, limits, rename,
                reveal, copy, new Separator(Orientation.VERTICAL), revoke, delete);
        actions.setAlignment(Pos.CENTER_LEFT);

        search.setId("key-search");
        search.setPromptText("Search names, masks, users");
        search.setPrefWidth(230);
        statusFilter.setId("key-status-filter");
        List<StatusChoice> statuses = new ArrayList<>();
        statuses.add(StatusChoice.ANY);
        FILTERED_STATUSES.forEach(status -> statuses.add(new StatusChoice(status)));
        statusFilter.getItems().setAll(statuses);
        statusFilter.setValue(StatusChoice.ANY);
        ownerFilter.setId("key-owner-filter");
        ownerFilter.getItems().setAll(OwnerChoice.ALL);
        ownerFilter.setValue(OwnerChoice.ALL);
        ownerFilter.setPrefWidth(200);
        pageSummary.setId("keys-page");
        pageSummary.getStyleClass().add("muted");
        previous.setId("keys-previous");
        next.setId("keys-next");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox filters = new HBox(8, search, statusFilter, ownerFilter, spacer, pageSummary, previous, next);
        filters.setAlignment(Pos.CENTER_LEFT);

        table.setId("keys-table");
        table.getStyleClass().addAll(Styles.DENSE, Styles.STRIPED);
        table.setPlaceholder(new Label("No keys match. Create one with \u201cNew key\u201d, or adopt one CPA "
                + "already holds from the Unmanaged tab."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.getColumns().add(numeric(fixed(keyColumn("ID", 40, row -> String.valueOf(row.key().id())))));
        table.getColumns().add(keyColumn("User", 92, row -> row.key().userName()));
        table.getColumns().add(keyColumn("Name", 104, row -> row.key().name()));
        TableColumn<KeyRow, String> masked = fixed(keyColumn("Key", 100, row -> row.key().masked()));
        masked.getStyleClass().add("monospace");
        table.getColumns().add(masked);
        TableColumn<KeyRow, String> status = keyColumn("Status", 170, row -> KeyTexts.statusWithReason(row.key()));
        status.setMinWidth(110);
        table.getColumns().add(status);
        table.getColumns().add(fixed(keyColumn("Last used", 150, row -> row.key().lastUsedAt() == null ? "never"
                : Formats.dateTimeToMinute(row.key().lastUsedAt(), zone))));
        TableColumn<KeyRow, KeyRow> expires = new TableColumn<>("Expires");
        expires.setPrefWidth(100);
        expires.setMinWidth(100);
        expires.setSortable(false);
        expires.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        expires.setCellFactory(column -> new TextCell<>(row -> KeyTexts.expiryDay(row.key().limits(), zone),
                row -> KeyTexts.expiry(row.key().limits(), zone)));
        table.getColumns().add(expires);
        TableColumn<KeyRow, KeyRow> budget = new TableColumn<>();
        Label budgetHeader = new Label("Spend / budget");
        budgetHeader.setTooltip(new Tooltip(CostTexts.ESTIMATE_NOTE));
        budget.setGraphic(budgetHeader);
        budget.setPrefWidth(170);
        budget.setMinWidth(150);
        budget.setSortable(false);
        budget.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        budget.setCellFactory(column -> new TextCell<>(row -> KeyTexts.budget(row.key(), row.usage()),
                row -> KeyTexts.budgetNote(row.usage())));
        table.getColumns().add(budget);
        TableColumn<KeyRow, String> quotas = keyColumn("Quotas", 200, row -> KeyTexts.quotas(row.key(), row.usage()));
        // The detail line under the table names the quotas; the table menu brings the column back.
        quotas.setVisible(false);
        table.getColumns().add(quotas);
        TableColumn<KeyRow, KeyRow> cpa = new TableColumn<>("CPA");
        cpa.setPrefWidth(92);
        cpa.setMinWidth(92);
        cpa.setSortable(false);
        cpa.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        cpa.setCellFactory(column -> new TextCell<>(row -> KeyTexts.cpa(row.key()),
                row -> row.key().isOutOfSync() ? row.key().outOfSync() : ""));
        table.getColumns().add(cpa);
        table.setTableMenuButtonVisible(true);
        table.setRowFactory(view -> new TableRow<>() {
            @Override
            protected void updateItem(KeyRow row, boolean empty) {
                super.updateItem(row, empty);
                pseudoClassStateChanged(INACTIVE, !empty && row != null && !row.key().belongsInCpa());
                pseudoClassStateChanged(OUT_OF_SYNC, !empty && row != null && row.key().isOutOfSync());
            }
        });
        VBox.setVgrow(table, Priority.ALWAYS);

        detail.setId("key-detail");
        detail.getStyleClass().add("muted");
        detail.setWrapText(true);
        detail.setMinHeight(Region.USE_PREF_SIZE);

        VBox content = new VBox(10, actions, filters, table, detail);
        content.setPadding(new Insets(10, 0, 0, 0));
        return content;
    }

    private Node buildUnmanagedTab() {
        Label about = new Label("Keys CPA accepts that the console does not manage: added in CPA's config or by "
                + "another tool. Adopt one into a user to give it limits, or remove it from CPA.");
        about.getStyleClass().add("muted");
        about.setWrapText(true);
        about.setMinHeight(Region.USE_PREF_SIZE);
        cpaProblem.setId("unmanaged-problem");
        cpaProblem.getStyleClass().add("error-message");
        cpaProblem.setWrapText(true);
        cpaProblem.managedProperty().bind(cpaProblem.textProperty().isNotEmpty());
        cpaProblem.visibleProperty().bind(cpaProblem.managedProperty());

        unmanagedTable.setId("unmanaged-table");
        unmanagedTable.getStyleClass().addAll(Styles.DENSE, Styles.STRIPED);
        unmanagedTable.setPlaceholder(new Label("Every key in CPA is managed by the console."));
        unmanagedTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        TableColumn<UnmanagedKey, String> masked = fixed(column("Key", 130, UnmanagedKey::masked));
        masked.getStyleClass().add("monospace");
        unmanagedTable.getColumns().add(masked);
        unmanagedTable.getColumns().add(numeric(fixed(column("Requests", 90,
                key -> Formats.count(key.requests())))));
        unmanagedTable.getColumns().add(fixed(column("Last seen", 150, key -> key.lastSeen() == null ? "never"
                : Formats.dateTimeToSecond(key.lastSeen(), zone))));
        unmanagedTable.getColumns().add(column("Note", 260, key -> key.refusal().isEmpty() ? ""
                : "Cannot be adopted: " + key.refusal()));
        TableColumn<UnmanagedKey, UnmanagedKey> actions = new TableColumn<>("");
        actions.setPrefWidth(270);
        actions.setMinWidth(270);
        actions.setSortable(false);
        actions.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        actions.setCellFactory(column -> new UnmanagedActionsCell());
        unmanagedTable.getColumns().add(actions);
        VBox.setVgrow(unmanagedTable, Priority.ALWAYS);

        VBox content = new VBox(10, about, cpaProblem, unmanagedTable);
        content.setPadding(new Insets(10, 0, 0, 0));
        return content;
    }

    private Node buildOutOfSyncTab() {
        Label about = new Label("Keys where CPA disagrees with the console: another tool changed CPA's key list, "
                + "or CPA did not keep a change. Repair makes CPA match the key's status.");
        about.getStyleClass().add("muted");
        about.setWrapText(true);
        about.setMinHeight(Region.USE_PREF_SIZE);

        outOfSyncTable.setId("out-of-sync-table");
        outOfSyncTable.getStyleClass().addAll(Styles.DENSE, Styles.STRIPED);
        outOfSyncTable.setPlaceholder(new Label("CPA agrees with the console about every key."));
        outOfSyncTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        outOfSyncTable.getColumns().add(numeric(fixed(column("ID", 46, key -> String.valueOf(key.id())))));
        outOfSyncTable.getColumns().add(column("User", 110, ManagedKey::userName));
        outOfSyncTable.getColumns().add(column("Name", 120, ManagedKey::name));
        TableColumn<ManagedKey, String> masked = fixed(column("Key", 104, ManagedKey::masked));
        masked.getStyleClass().add("monospace");
        outOfSyncTable.getColumns().add(masked);
        outOfSyncTable.getColumns().add(fixed(column("Status", 100, key -> KeyTexts.status(key.status()))));
        outOfSyncTable.getColumns().add(fixed(column("In CPA", 70, key -> key.inCpa() ? "yes" : "no")));
        TableColumn<ManagedKey, String> reason = column("Reason", 300, ManagedKey::outOfSync);
        reason.setMinWidth(160);
        outOfSyncTable.getColumns().add(reason);
        TableColumn<ManagedKey, ManagedKey> repair = new TableColumn<>("");
        repair.setPrefWidth(96);
        repair.setMinWidth(96);
        repair.setSortable(false);
        repair.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        repair.setCellFactory(column -> new RepairCell());
        outOfSyncTable.getColumns().add(repair);
        VBox.setVgrow(outOfSyncTable, Priority.ALWAYS);

        VBox content = new VBox(10, about, outOfSyncTable);
        content.setPadding(new Insets(10, 0, 0, 0));
        return content;
    }

    private void bind() {
        message.textProperty().bind(model.messageProperty());
        error.textProperty().bind(model.errorMessageProperty());
        checkSummary.textProperty().bind(model.checkSummaryProperty());
        cpaProblem.textProperty().bind(model.cpaProblemProperty());
        pageSummary.textProperty().bind(model.pageSummaryProperty());
        previous.disableProperty().bind(model.previousAvailableProperty().not());
        next.disableProperty().bind(model.nextAvailableProperty().not());
        previous.setOnAction(event -> model.previousPage());
        next.setOnAction(event -> model.nextPage());
        checkNow.disableProperty().bind(model.busyProperty());
        checkNow.setOnAction(event -> model.checkNow());

        table.setItems(model.rows());
        unmanagedTable.setItems(model.unmanaged());
        outOfSyncTable.setItems(model.outOfSync());
        unmanagedTab.textProperty().bind(Bindings.createStringBinding(() -> model.unmanaged().isEmpty()
                ? "Unmanaged" : "Unmanaged (" + model.unmanaged().size() + ")", model.unmanaged()));
        outOfSyncTab.textProperty().bind(Bindings.createStringBinding(() -> model.outOfSync().isEmpty()
                ? "Out of sync" : "Out of sync (" + model.outOfSync().size() + ")", model.outOfSync()));

        search.textProperty().addListener((observable, old, text) -> model.search(text));
        statusFilter.valueProperty().addListener((observable, old, chosen) -> model.showStatus(
                chosen == null ? null : chosen.status()));
        model.owners().addListener((ListChangeListener<User>) change -> refillOwners());
        ownerFilter.valueProperty().addListener((observable, old, chosen) -> {
            if (!refillingOwners) {
                model.showOwner(chosen == null ? null : chosen.user());
            }
        });

        ReadOnlyObjectProperty<KeyRow> selected = table.getSelectionModel().selectedItemProperty();
        selected.addListener((observable, old, row) -> {
            // A page read again clears the selection first; reselect() brings it back.
            if (row != null) {
                selectedId = row.key().id();
            }
            showDetail(row);
        });
        model.rows().addListener((ListChangeListener<KeyRow>) change -> reselect());
        BooleanBinding none = selected.isNull().or(model.busyProperty());
        BooleanBinding retired = Bindings.createBooleanBinding(() -> selected.get() == null
                || selected.get().key().revokedAt() != null, selected).or(model.busyProperty());
        newKey.disableProperty().bind(model.busyProperty());
        rotate.disableProperty().bind(retired);
        suspend.disableProperty().bind(retired);
        limits.disableProperty().bind(retired);
        rename.disableProperty().bind(none);
        reveal.disableProperty().bind(retired);
        copy.disableProperty().bind(retired);
        revoke.disableProperty().bind(retired);
        delete.disableProperty().bind(none);
        suspend.textProperty().bind(Bindings.createStringBinding(() -> selected.get() != null
                && selected.get().key().suspended() ? "Resume" : "Suspend", selected));

        newKey.setOnAction(event -> KeyEditorDialog.show(model.newKey(), List.copyOf(model.owners()), "", dialogs,
                model::create));
        rotate.setOnAction(event -> withSelected(key -> {
            if (dialogs.confirm("Rotate " + KeyTexts.name(key) + "?", "The key gets a new value, shown once. The "
                    + "old value stops working at once, so " + key.userName() + " needs the new one. Its history "
                    + "and this period's spend stay with the key.")) {
                model.rotate(key);
            }
        }));
        suspend.setOnAction(event -> withSelected(key -> model.setSuspended(key, !key.suspended())));
        limits.setOnAction(event -> withSelected(key -> KeyEditorDialog.show(model.limitsOf(key), List.of(),
                KeyTexts.name(key), dialogs, draft -> model.updateLimits(key, draft))));
        rename.setOnAction(event -> withSelected(key -> KeyEditorDialog.show(model.renaming(key), List.of(),
                KeyTexts.name(key), dialogs, draft -> model.rename(key, draft))));
        reveal.setOnAction(event -> withSelected(key -> {
            if (dialogs.confirm("Reveal " + KeyTexts.name(key) + "?", "The whole key appears on screen. The "
                    + "reveal is recorded in the audit log.")) {
                model.reveal(key);
            }
        }));
        copy.setOnAction(event -> withSelected(model::copy));
        revoke.setOnAction(event -> withSelected(key -> {
            if (dialogs.confirm("Revoke " + KeyTexts.name(key) + "?", "The key leaves CPA for good and the "
                    + "console forgets its value; " + key.userName() + " needs a new key. Its history stays.")) {
                model.revoke(key);
            }
        }));
        delete.setOnAction(event -> withSelected(key -> {
            if (dialogs.confirm("Delete " + KeyTexts.name(key) + "?", "The key leaves CPA and the list. The "
                    + "console keeps its name and mask so that its history stays attributed.")) {
                model.delete(key);
            }
        }));

        model.shownKeyProperty().addListener((observable, old, shown) -> {
            if (shown != null) {
                ShownKeyDialog.show(shown, model, dialogs);
            }
        });
        model.confirmationProperty().addListener((observable, old, asked) -> {
            if (asked != null) {
                ask(asked);
            }
        });
    }

    private void refillOwners() {
        OwnerChoice chosen = ownerFilter.getValue();
        refillingOwners = true;
        List<OwnerChoice> choices = new ArrayList<>();
        choices.add(OwnerChoice.ALL);
        model.owners().forEach(user -> choices.add(new OwnerChoice(user)));
        ownerFilter.getItems().setAll(choices);
        ownerFilter.setValue(chosen == null || chosen.user() == null ? OwnerChoice.ALL : choices.stream()
                .filter(choice -> choice.user() != null && choice.user().id() == chosen.user().id()).findFirst()
                .orElse(OwnerChoice.ALL));
        refillingOwners = false;
    }

    /** A page read again selects the key that was selected, when it is still on it. */
    private void reselect() {
        if (selectedId < 0) {
            return;
        }
        long wanted = selectedId;
        model.rows().stream().filter(row -> row.key().id() == wanted).findFirst()
                .ifPresentOrElse(row -> table.getSelectionModel().select(row), () -> showDetail(null));
    }

    private void withSelected(Consumer<ManagedKey> action) {
        KeyRow row = table.getSelectionModel().getSelectedItem();
        if (row != null) {
            action.accept(row.key());
        }
    }

    private void ask(Confirmation asked) {
        model.answer(dialogs.confirm(asked.headline(), asked.message()));
    }

    private void showDetail(KeyRow row) {
        if (row == null) {
            detail.setText("Select a key to see its limits and where it stands.");
            return;
        }
        ManagedKey key = row.key();
        List<String> lines = new ArrayList<>();
        lines.add(KeyTexts.name(key) + " \u00b7 " + key.name() + " \u00b7 " + key.userName()
                + (key.description().isEmpty() ? "" : " \u2013 " + key.description()));
        lines.add("Status: " + KeyTexts.statusWithReason(key) + " \u00b7 " + KeyTexts.cpa(key)
                + (key.isOutOfSync() ? " (" + key.outOfSync() + ")" : "")
                + " \u00b7 checked " + (key.checkedAt() == null ? "never" : Formats.dateTimeToSecond(key.checkedAt(),
                        zone)));
        lines.add("Budget: " + KeyTexts.budget(key, row.usage()) + " \u00b7 Quotas: " + KeyTexts.quotas(key,
                row.usage()) + " \u00b7 Expires: " + KeyTexts.expiry(key.limits(), zone) + " \u00b7 Created "
                + Formats.dateTimeToSecond(key.createdAt(), zone));
        detail.setText(String.join("\n", lines));
    }

    private static TableColumn<KeyRow, String> keyColumn(String title, double width, Function<KeyRow, String> text) {
        TableColumn<KeyRow, String> column = column(title, width, text);
        // The table shows one page read in the store's order; sorting would sort only this page.
        column.setSortable(false);
        return column;
    }

    private static <S> TableColumn<S, String> column(String title, double width, Function<S, String> text) {
        TableColumn<S, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(text.apply(cell.getValue())));
        column.setCellFactory(view -> new TextCell<>(value -> value, value -> value));
        return column;
    }

    private static <S, T> TableColumn<S, T> numeric(TableColumn<S, T> column) {
        column.getStyleClass().add(Tweaks.ALIGN_RIGHT);
        return column;
    }

    private static <S, T> TableColumn<S, T> fixed(TableColumn<S, T> column) {
        column.setMinWidth(column.getPrefWidth());
        return column;
    }

    /** A status in the filter, or any status. */
    private record StatusChoice(KeyStatus status) {
        static final StatusChoice ANY = new StatusChoice(null);

        @Override
        public String toString() {
            return status == null ? "Any status" : KeyTexts.status(status);
        }
    }

    /** An owner in the filter, or everyone. */
    private record OwnerChoice(User user) {
        static final OwnerChoice ALL = new OwnerChoice(null);

        @Override
        public String toString() {
            return user == null ? "All users" : user.name();
        }
    }

    /** Text that may be cut short, with its tooltip. */
    private static final class TextCell<S, T> extends TableCell<S, T> {
        private final Function<T, String> text;
        private final Function<T, String> tooltip;

        TextCell(Function<T, String> text, Function<T, String> tooltip) {
            this.text = text;
            this.tooltip = tooltip;
        }

        @Override
        protected void updateItem(T item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setText(null);
                setTooltip(null);
                return;
            }
            setText(text.apply(item));
            String tip = tooltip.apply(item);
            setTooltip(tip == null || tip.isEmpty() ? null : new Tooltip(tip));
        }
    }

    /** "Adopt into user…" and "Remove from CPA" of an unmanaged key. */
    private final class UnmanagedActionsCell extends TableCell<UnmanagedKey, UnmanagedKey> {
        private final Button adopt = new Button("Adopt into user\u2026");
        private final Button remove = new Button("Remove from CPA");
        private final HBox buttons = new HBox(6, adopt, remove);

        UnmanagedActionsCell() {
            adopt.getStyleClass().addAll(Styles.SMALL, "adopt-key");
            remove.getStyleClass().addAll(Styles.SMALL, Styles.DANGER, "remove-unmanaged");
            adopt.disableProperty().bind(model.busyProperty());
            remove.disableProperty().bind(model.busyProperty());
            adopt.setOnAction(event -> {
                UnmanagedKey key = getItem();
                if (key != null) {
                    KeyEditorDialog.show(model.adoption(), List.copyOf(model.owners()), key.masked(), dialogs,
                            draft -> model.adopt(key, draft));
                }
            });
            remove.setOnAction(event -> {
                UnmanagedKey key = getItem();
                if (key != null && dialogs.confirm("Remove " + key.masked() + " from CPA?", "CPA refuses requests "
                        + "with this key from now on. The console does not manage it, so it cannot be put back "
                        + "from here.")) {
                    model.removeUnmanaged(key);
                }
            });
        }

        @Override
        protected void updateItem(UnmanagedKey item, boolean empty) {
            super.updateItem(item, empty);
            setText(null);
            if (empty || item == null) {
                setGraphic(null);
                return;
            }
            adopt.setVisible(item.refusal().isEmpty());
            adopt.setManaged(item.refusal().isEmpty());
            setGraphic(buttons);
        }
    }

    /** The one-click "Repair" of a key out of sync. */
    private final class RepairCell extends TableCell<ManagedKey, ManagedKey> {
        private final Button repair = new Button("Repair");

        RepairCell() {
            repair.getStyleClass().addAll(Styles.SMALL, "repair-key");
            repair.disableProperty().bind(model.busyProperty());
            repair.setOnAction(event -> {
                ManagedKey key = getItem();
                if (key != null) {
                    model.repair(key);
                }
            });
        }

        @Override
        protected void updateItem(ManagedKey item, boolean empty) {
            super.updateItem(item, empty);
            setText(null);
            setGraphic(empty || item == null ? null : repair);
        }
    }
}
