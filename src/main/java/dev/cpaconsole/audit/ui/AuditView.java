package dev.cpaconsole.audit.ui;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

import atlantafx.base.theme.Styles;

import dev.cpaconsole.audit.core.AuditEntry;
import dev.cpaconsole.ui.Dialogs;
import dev.cpaconsole.ui.Formats;
import dev.cpaconsole.ui.TimeRange;

/** The audit screen: admin actions newest first, filters, the state before and after, CSV export. */
public final class AuditView {
    private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");
    private static final List<FileChooser.ExtensionFilter> EXPORT_TYPES = List.of(
            new FileChooser.ExtensionFilter("CSV files", "*.csv"), new FileChooser.ExtensionFilter("All files", "*"));
    /** Rows from the end of the list at which the next page is asked for. */
    private static final int LOAD_AHEAD_ROWS = 40;
    private static final String ALL = "";

    private final AuditViewModel model;
    private final Dialogs dialogs;
    private final ZoneId zone;
    private final VBox root = new VBox(12);

    private final ComboBox<TimeRange> range = new ComboBox<>();
    private final DatePicker customFrom = new DatePicker();
    private final DatePicker customTo = new DatePicker();
    private final Button applyCustom = new Button("Show");
    private final HBox customBox = new HBox(6);
    private final ComboBox<String> actorFilter = new ComboBox<>();
    private final ComboBox<String> actionFilter = new ComboBox<>();
    private final TextField search = new TextField();
    private final Button refresh = new Button("Refresh");
    private final Button export = new Button("Export CSV\u2026");
    private final Label summary = new Label();
    private final Label message = new Label();
    private final Label error = new Label();
    private final TableView<AuditEntry> table = new TableView<>();
    private final Label heading = new Label();
    private final Label facts = new Label();
    private final Label changes = new Label();
    private final TextArea before = new TextArea();
    private final TextArea after = new TextArea();
    /** Set while a filter's choices are refilled, which briefly clears the choice without the operator. */
    private boolean refilling;

    public AuditView(AuditViewModel model, Dialogs dialogs, ZoneId zone) {
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
        Label title = new Label("Audit");
        title.getStyleClass().add("screen-title");

        range.setId("audit-range");
        range.getItems().setAll(TimeRange.values());
        range.setConverter(labels(TimeRange::label));
        customFrom.setId("audit-from");
        customFrom.setPromptText("from");
        customFrom.setPrefWidth(130);
        customTo.setId("audit-to");
        customTo.setPromptText("to (inclusive)");
        customTo.setPrefWidth(150);
        customBox.setAlignment(Pos.CENTER_LEFT);
        customBox.getChildren().addAll(customFrom, customTo, applyCustom);
        customBox.managedProperty().bind(customBox.visibleProperty());
        actorFilter.setId("audit-actor");
        actorFilter.setCellFactory(list -> new ChoiceCell("All actors"));
        actorFilter.setButtonCell(new ChoiceCell("All actors"));
        actorFilter.getItems().setAll(ALL);
        actorFilter.setValue(ALL);
        actionFilter.setId("audit-action");
        actionFilter.setCellFactory(list -> new ChoiceCell("All actions"));
        actionFilter.setButtonCell(new ChoiceCell("All actions"));
        actionFilter.getItems().setAll(ALL);
        actionFilter.setValue(ALL);
        search.setId("audit-search");
        search.setPromptText("Search targets and states");
        search.setPrefWidth(220);
        refresh.setId("refresh-audit");
        export.setId("export-audit");
        summary.setId("audit-summary");
        summary.getStyleClass().add("muted");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox filters = new HBox(8, range, customBox, actorFilter, actionFilter, search, spacer, refresh, export);
        filters.setAlignment(Pos.CENTER_LEFT);

        message.setId("audit-message");
        message.getStyleClass().add("success-message");
        message.managedProperty().bind(message.textProperty().isNotEmpty());
        message.visibleProperty().bind(message.managedProperty());
        error.setId("audit-error");
        error.getStyleClass().add("error-message");
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        error.visibleProperty().bind(error.managedProperty());

        table.setId("audit-table");
        table.getStyleClass().addAll(Styles.DENSE, Styles.STRIPED);
        table.setPlaceholder(new Label("No admin actions recorded in this range."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.getColumns().add(fixed(column("Time", 166, entry -> Formats.dateTimeToSecond(entry.at(), zone))));
        table.getColumns().add(fixed(column("Actor", 90, AuditEntry::actor)));
        table.getColumns().add(fixed(column("Action", 140, AuditEntry::action)));
        TableColumn<AuditEntry, String> target = column("Target", 300, AuditEntry::target);
        target.setMinWidth(160);
        table.getColumns().add(target);
        table.getColumns().add(fixed(column("Result", 90, AuditEntry::result)));
        TableColumn<AuditEntry, String> detailColumn = column("Detail", 240, AuditEntry::detail);
        detailColumn.setMinWidth(100);
        table.getColumns().add(detailColumn);
        table.setRowFactory(view -> new AuditRow());

        SplitPane split = new SplitPane(table, buildDetail());
        split.setId("audit-split");
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.55);
        VBox.setVgrow(split, Priority.ALWAYS);

        HBox titleRow = new HBox(10, title, new Region(), summary);
        HBox.setHgrow(titleRow.getChildren().get(1), Priority.ALWAYS);
        titleRow.setAlignment(Pos.CENTER_LEFT);
        root.getStyleClass().add("screen");
        root.setPadding(new Insets(20));
        root.getChildren().addAll(titleRow, filters, message, error, split);
    }

    private Node buildDetail() {
        heading.setId("audit-heading");
        heading.getStyleClass().add("card-title");
        facts.setId("audit-facts");
        facts.setWrapText(true);
        facts.setMinHeight(Region.USE_PREF_SIZE);
        changes.setId("audit-changes");
        changes.setWrapText(true);
        changes.setMinHeight(Region.USE_PREF_SIZE);
        for (TextArea state : List.of(before, after)) {
            state.setEditable(false);
            state.setWrapText(true);
            state.getStyleClass().add("monospace");
            state.setPrefRowCount(6);
            VBox.setVgrow(state, Priority.ALWAYS);
        }
        before.setId("audit-before");
        after.setId("audit-after");
        VBox beforeBox = new VBox(4, caption("Before"), before);
        VBox afterBox = new VBox(4, caption("After"), after);
        HBox.setHgrow(beforeBox, Priority.ALWAYS);
        HBox.setHgrow(afterBox, Priority.ALWAYS);
        beforeBox.setPrefWidth(10);
        afterBox.setPrefWidth(10);
        HBox states = new HBox(10, beforeBox, afterBox);
        VBox.setVgrow(states, Priority.ALWAYS);
        VBox content = new VBox(6, heading, facts, changes, states);
        content.setId("audit-detail");
        content.setPadding(new Insets(10, 0, 0, 0));
        content.setMinHeight(0);
        return content;
    }

    private void bind() {
        range.getSelectionModel().select(model.rangeProperty().get());
        customBox.visibleProperty().bind(range.valueProperty().isEqualTo(TimeRange.CUSTOM));
        range.valueProperty().addListener((observable, old, chosen) -> {
            if (chosen != null && chosen != TimeRange.CUSTOM) {
                model.showRange(chosen);
            }
        });
        applyCustom.setOnAction(event -> {
            LocalDate from = customFrom.getValue();
            LocalDate to = customTo.getValue();
            model.showCustomRange(from == null ? null : from.atStartOfDay(zone).toInstant(),
                    to == null ? null : to.plusDays(1).atStartOfDay(zone).toInstant());
        });
        model.actors().addListener((ListChangeListener<String>) change -> refill(actorFilter, model.actors()));
        model.actions().addListener((ListChangeListener<String>) change -> refill(actionFilter, model.actions()));
        actorFilter.valueProperty().addListener((observable, old, chosen) -> {
            if (!refilling) {
                model.showActor(chosen);
            }
        });
        actionFilter.valueProperty().addListener((observable, old, chosen) -> {
            if (!refilling) {
                model.showAction(chosen);
            }
        });
        search.textProperty().addListener((observable, old, typed) -> model.search(typed));
        refresh.setOnAction(event -> model.load());
        refresh.disableProperty().bind(model.loadingProperty());
        export.setOnAction(event -> {
            Optional<Path> chosen = dialogs.chooseFileToSave("Export the audit log", "audit.csv", EXPORT_TYPES);
            chosen.ifPresent(model::exportCsv);
        });
        summary.textProperty().bind(model.summaryProperty());
        message.textProperty().bind(model.messageProperty());
        error.textProperty().bind(model.errorMessageProperty());

        table.setItems(model.rows());
        table.getSelectionModel().selectedItemProperty().addListener((observable, old, entry) -> {
            if (entry != null) {
                model.select(entry);
            }
        });
        model.detailProperty().addListener((observable, old, shown) -> showDetail(shown));
        showDetail(model.detailProperty().get());
    }

    private void refill(ComboBox<String> filter, List<String> choices) {
        String chosen = filter.getValue();
        refilling = true;
        filter.getItems().setAll(ALL);
        filter.getItems().addAll(choices);
        filter.setValue(chosen == null || !filter.getItems().contains(chosen) ? ALL : chosen);
        refilling = false;
    }

    private void showDetail(AuditDetail shown) {
        if (shown == null) {
            heading.setText("Select an entry to see the state before and after.");
            facts.setText("");
            changes.setText("");
            before.clear();
            after.clear();
            return;
        }
        AuditEntry entry = shown.entry();
        heading.setText(entry.action() + " \u00b7 " + entry.target());
        facts.setText(Formats.dateTime(entry.at(), zone) + " \u00b7 by " + entry.actor() + " \u00b7 result "
                + entry.result() + (entry.detail().isEmpty() ? "" : "\nDetail: " + entry.detail()));
        changes.setText(shown.changes().isEmpty() ? "" : "Changed: " + String.join(" \u00b7 ", shown.changes()));
        before.setText(shown.before().isEmpty() ? "(none)" : shown.before());
        after.setText(shown.after().isEmpty() ? "(none)" : shown.after());
    }

    private static Label caption(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("figure-caption");
        return label;
    }

    private static TableColumn<AuditEntry, String> column(String title, double width,
            Function<AuditEntry, String> text) {
        TableColumn<AuditEntry, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        // The table holds the pages read so far, newest first; sorting would reorder only those.
        column.setSortable(false);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(text.apply(cell.getValue())));
        column.setCellFactory(view -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                setTooltip(empty || item == null || item.isEmpty() ? null : new Tooltip(item));
            }
        });
        return column;
    }

    private static <T> TableColumn<AuditEntry, T> fixed(TableColumn<AuditEntry, T> column) {
        column.setMinWidth(column.getPrefWidth());
        return column;
    }

    private static <T> StringConverter<T> labels(Function<T, String> label) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : label.apply(value);
            }

            @Override
            public T fromString(String text) {
                throw new UnsupportedOperationException("not editable");
            }
        };
    }

    /** Marks failed and refused actions and asks for older entries when rows near the end come into view. */
    private final class AuditRow extends TableRow<AuditEntry> {
        @Override
        protected void updateItem(AuditEntry entry, boolean empty) {
            super.updateItem(entry, empty);
            pseudoClassStateChanged(FAILED, !empty && entry != null && !entry.result().equals("ok"));
            if (!empty && entry != null && getIndex() >= getTableView().getItems().size() - LOAD_AHEAD_ROWS) {
                // Later, not inside the layout pass that is updating this row.
                Platform.runLater(model::loadMore);
            }
        }
    }

    /** Shows the empty choice as "All …" and an action group such as {@code key.} as "key.* (all)". */
    private static final class ChoiceCell extends ListCell<String> {
        private final String all;

        ChoiceCell(String all) {
            this.all = all;
        }

        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : item.isEmpty() ? all
                    : item.endsWith(".") ? item + "* (all)" : item);
        }
    }
}
