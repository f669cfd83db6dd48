package dev.cpaconsole.models.ui;

import java.time.ZoneId;
import java.util.Comparator;
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
    /** Room for an id such as gpt-5.3-codex-spark. */
    private static final double MODEL_MIN_WIDTH = 180;
    /** Room for the heading and for prices such as "in 0.075 / out 0.3". */
    private static final double PRICE_MIN_WIDTH = 160;

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
        // Every column stays in view at 1280 pixels: the accounts give up width first, and their tooltip
        // lists them all; model ids and prices keep room to be read whole.
        TableColumn<ModelRow, String> id = column("Model", 200, ModelRow::id);
        id.setMinWidth(MODEL_MIN_WIDTH);
        table.getColumns().add(id);
        table.getColumns().add(fixed(column("Owner", 88, ModelRow::ownedBy)));
        TableColumn<ModelRow, String> accounts = column("Accounts", 240, ModelsView::accounts);
        accounts.setCellFactory(view -> new AccountsCell());
        table.getColumns().add(accounts);
        table.getColumns().add(fixed(column("Providers", 100, row -> String.join(", ", row.providers()))));
        table.getColumns().add(fixed(column("/v1/models", 112, this::inProxyList)));
        table.getColumns().add(priceColumn());
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

    /** The matched prices, sorted by input price, with the price row they come from as tooltip. */
    private static TableColumn<ModelRow, ModelPrice> priceColumn() {
        TableColumn<ModelRow, ModelPrice> price = new TableColumn<>("Price, USD per 1M");
        price.setId("price-column");
        price.setPrefWidth(PRICE_MIN_WIDTH);
        price.setMinWidth(PRICE_MIN_WIDTH);
        price.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().price().orElse(null)));
        price.setComparator(Comparator.nullsLast(Comparator.comparing(ModelPrice::input)
                .thenComparing(ModelPrice::output)));
        price.setCellFactory(view -> new PriceCell());
        return price;
    }

    private static TableColumn<ModelRow, String> column(String title, double width, Function<ModelRow, String> text) {
        TableColumn<ModelRow, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(text.apply(cell.getValue())));
        return column;
    }

    /** A column of counts: sorts by number, shortens from a million on with the exact count as tooltip. */
    private static TableColumn<ModelRow, Long> count(String title, double width, Function<ModelRow, Long> value) {
        TableColumn<ModelRow, Long> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        column.setCellFactory(view -> new TableCell<>() {
            @Override
            protected void updateItem(Long item, boolean empty) {
                super.updateItem(item, empty);
                String text = empty || item == null ? null : Formats.shortCount(item);
                setText(text);
                setTooltip(text == null || text.equals(Formats.count(item)) ? null
                        : new Tooltip(Formats.count(item)));
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

    /** The matched prices, or "unpriced"; the tooltip names the price row, which may be a pattern. */
    private static final class PriceCell extends TableCell<ModelRow, ModelPrice> {
        @Override
        protected void updateItem(ModelPrice price, boolean empty) {
            super.updateItem(price, empty);
            if (empty) {
                setText(null);
                setTooltip(null);
                return;
            }
            setText(price == null ? UNPRICED : price.rates());
            setTooltip(price == null ? null : new Tooltip("Price row " + price.rule() + ": " + price.rates()
                    + " USD per 1M tokens"));
        }
    }

    /** Keeps a column of short values at least as wide as it was laid out. */
    private static <T> TableColumn<ModelRow, T> fixed(TableColumn<ModelRow, T> column) {
        column.setMinWidth(column.getPrefWidth());
        return column;
    }
}
