package dev.cpaconsole.models.ui;

import java.time.ZoneId;
import java.util.function.Function;

import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import atlantafx.base.theme.Styles;

import dev.cpaconsole.models.core.InventorySnapshot;
import dev.cpaconsole.models.core.ModelPrice;
import dev.cpaconsole.models.core.ModelRow;
import dev.cpaconsole.models.core.ServingAccount;
import dev.cpaconsole.models.core.SourceStatus;
import dev.cpaconsole.ui.Formats;

/**
 * The models screen: every model CPA offers with the accounts and providers serving it, its
 * price and its last week's usage; a filter, the refresh time, how CPA's two lists answered, and
 * a Refresh button.
 */
public final class ModelsView {
    static final String UNPRICED = "unpriced";

    private final ModelsViewModel model;
    private final ZoneId zone;
    private final VBox root = new VBox(12);

    private final TextField filter = new TextField();
    private final Label summary = new Label();
    private final Label refreshed = new Label();
    private final Button refresh = new Button("Refresh");
    private final ProgressIndicator progress = new ProgressIndicator();
    private final Label error = new Label();
    private final Label proxyStatus = new Label();
    private final Label authStatus = new Label();
    private final TableView<ModelRow> table = new TableView<>();

    public ModelsView(ModelsViewModel model, ZoneId zone) {
        this.model = model;
        this.zone = zone;
        build();
        bind();
    }

    public Node root() {
        return root;
    }

    private void build() {
        Label title = new Label("Models");
        title.getStyleClass().add("screen-title");

        filter.setId("models-filter");
        filter.setPromptText("Filter by model, owner, account or provider");
        filter.setPrefColumnCount(30);
        summary.setId("models-summary");
        summary.getStyleClass().add("muted");
        refreshed.setId("models-refreshed");
        refreshed.getStyleClass().add("muted");
        refresh.setId("refresh-models");
        progress.setPrefSize(18, 18);
        progress.managedProperty().bind(progress.visibleProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox toolbar = new HBox(10, filter, summary, spacer, refreshed, progress, refresh);
        toolbar.setAlignment(Pos.CENTER_LEFT);

        error.setId("models-error");
        error.getStyleClass().add("error-message");
        error.setWrapText(true);
        proxyStatus.setId("models-proxy-status");
        proxyStatus.setWrapText(true);
        authStatus.setId("models-auth-status");
        authStatus.setWrapText(true);
        for (Label status : new Label[] {error, proxyStatus, authStatus}) {
            status.managedProperty().bind(status.textProperty().isNotEmpty());
            status.visibleProperty().bind(status.managedProperty());
        }

        buildTable();
        VBox.setVgrow(table, Priority.ALWAYS);

        root.getStyleClass().add("screen");
        root.setPadding(new Insets(20));
        root.getChildren().addAll(title, toolbar, error, proxyStatus, authStatus, table);
    }

    private void buildTable() {
        table.setId("models-table");
        table.getStyleClass().addAll(Styles.DENSE, Styles.STRIPED);
        table.setPlaceholder(new Label("No models yet. Refresh to ask CPA which models it offers."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        // Every column stays in view at 1280 pixels: accounts and prices give up width first.
        table.getColumns().add(column("Model", 150, ModelRow::id));
        table.getColumns().add(fixed(column("Owner", 88, ModelRow::ownedBy)));
        TableColumn<ModelRow, String> accounts = column("Accounts", 240, ModelsView::accounts);
        accounts.setCellFactory(view -> new AccountsCell());
        table.getColumns().add(accounts);
        table.getColumns().add(column("Providers", 90, row -> String.join(", ", row.providers())));
        table.getColumns().add(fixed(column("/v1/models", 112, this::inProxyList)));
        table.getColumns().add(column("Price, USD per 1M", 160, ModelsView::price));
        TableColumn<ModelRow, Long> week = new TableColumn<>("Last 7 days");
        week.getColumns().add(fixed(count("Requests", 90, row -> row.usage().requests())));
        week.getColumns().add(fixed(count("Tokens", 90, row -> row.usage().totalTokens())));
        table.getColumns().add(week);
        table.getColumns().get(0).setSortType(TableColumn.SortType.ASCENDING);
        table.getSortOrder().add(table.getColumns().get(0));
    }

    private void bind() {
        filter.textProperty().addListener((observable, old, text) -> model.filter(text));
        refresh.setOnAction(event -> model.refresh());
        refresh.disableProperty().bind(model.refreshingProperty());
        progress.visibleProperty().bind(model.refreshingProperty());
        summary.textProperty().bind(model.summaryProperty());
        error.textProperty().bind(Bindings.createStringBinding(() -> {
            String problem = model.errorMessageProperty().get();
            if (problem.isEmpty()) {
                return "";
            }
            InventorySnapshot shown = model.snapshotProperty().get();
            return shown == null ? "The refresh failed: " + problem
                    : "The refresh failed: " + problem + ". Showing the models as of "
                            + Formats.dateTimeToSecond(shown.refreshedAt(), zone) + ".";
        }, model.errorMessageProperty(), model.snapshotProperty()));
        refreshed.textProperty().bind(Bindings.createStringBinding(() -> {
            InventorySnapshot shown = model.snapshotProperty().get();
            if (model.refreshingProperty().get()) {
                return "Asking CPA\u2026";
            }
            return shown == null ? "Not refreshed yet"
                    : "Refreshed " + Formats.dateTimeToSecond(shown.refreshedAt(), zone);
        }, model.snapshotProperty(), model.refreshingProperty()));
        model.snapshotProperty().addListener((observable, old, shown) -> showSources(shown));
        showSources(model.snapshotProperty().get());

        SortedList<ModelRow> sorted = new SortedList<>(model.rows());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
    }

    private void showSources(InventorySnapshot shown) {
        show(proxyStatus, shown == null ? null : shown.proxyList(), "/v1/models");
        show(authStatus, shown == null ? null : shown.authFiles(), "Auth files");
        // The column reads differently once it is known whether the proxy list was read.
        table.refresh();
    }

    private static void show(Label label, SourceStatus status, String source) {
        label.getStyleClass().removeAll("muted", "warning-message", "error-message");
        if (status == null) {
            label.setText("");
            return;
        }
        label.setText(source + ": " + status.message());
        label.getStyleClass().add(switch (status.state()) {
            case OK -> "muted";
            case SKIPPED -> "warning-message";
            case FAILED -> "error-message";
        });
    }

    private String inProxyList(ModelRow row) {
        if (!model.proxyListRead()) {
            return Formats.NONE;
        }
        return row.inProxyList() ? "yes" : "no";
    }

    static String accounts(ModelRow row) {
        return String.join(", ", row.accounts().stream().map(ServingAccount::describe).toList());
    }

    static String price(ModelRow row) {
        return row.price().map(ModelPrice::describe).orElse(UNPRICED);
    }

    private static TableColumn<ModelRow, String> column(String title, double width, Function<ModelRow, String> text) {
        TableColumn<ModelRow, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(text.apply(cell.getValue())));
        return column;
    }

    /** A column of counts: sorts by number, shows the locale's grouping, aligned right. */
    private static TableColumn<ModelRow, Long> count(String title, double width, Function<ModelRow, Long> value) {
        TableColumn<ModelRow, Long> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        column.setCellFactory(view -> new TableCell<>() {
            @Override
            protected void updateItem(Long item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : Formats.count(item));
            }
        });
        column.getStyleClass().add("numeric");
        return column;
    }

    /** The accounts on one line, and one per line in a tooltip, since several rarely fit. */
    private static final class AccountsCell extends TableCell<ModelRow, String> {
        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            ModelRow row = empty ? null : getTableRow().getItem();
            setText(empty ? null : item);
            setTooltip(row == null || row.accounts().isEmpty() ? null : new Tooltip(String.join("\n",
                    row.accounts().stream().map(ServingAccount::describe).toList())));
        }
    }

    /** Keeps a column of short values at least as wide as it was laid out. */
    private static <T> TableColumn<ModelRow, T> fixed(TableColumn<ModelRow, T> column) {
        column.setMinWidth(column.getPrefWidth());
        return column;
    }
}
