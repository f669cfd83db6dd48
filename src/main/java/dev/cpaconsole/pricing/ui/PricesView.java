package dev.cpaconsole.pricing.ui;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;

import dev.cpaconsole.pricing.core.PriceFormat;
import dev.cpaconsole.pricing.core.PriceRule;
import dev.cpaconsole.pricing.core.UnpricedModel;
import dev.cpaconsole.ui.CostTexts;
import dev.cpaconsole.ui.Dialogs;
import dev.cpaconsole.ui.Formats;

/**
 * The prices screen: the price table with its editor, import and export, the fee setting, and
 * the models that were used without a price.
 */
public final class PricesView {
    private static final List<FileChooser.ExtensionFilter> IMPORT_TYPES = List.of(
            new FileChooser.ExtensionFilter("Price files (LiteLLM JSON or CSV)", "*.json", "*.csv"),
            new FileChooser.ExtensionFilter("All files", "*"));
    private static final List<FileChooser.ExtensionFilter> EXPORT_TYPES = List.of(
            new FileChooser.ExtensionFilter("CSV", "*.csv"));

    private final PricesViewModel model;
    private final Dialogs dialogs;
    private final ZoneId zone;
    private final VBox root = new VBox(12);

    private final Label message = new Label();
    private final Label error = new Label();
    private final TabPane tabs = new TabPane();
    private final Tab tableTab = new Tab("Price table");
    private final Tab unpricedTab = new Tab();
    private final Button newPrice = new Button("New price");
    private final Button edit = new Button("Edit\u2026");
    private final Button delete = new Button("Delete\u2026");
    private final Button importFile = new Button("Import\u2026");
    private final Button export = new Button("Export CSV\u2026");
    private final CheckBox feeOnFailures = new CheckBox("Charge the per-request fee on failed attempts");
    private final TableView<PriceRule> table = new TableView<>();
    private final ComboBox<Period> period = new ComboBox<>();
    private final Label unpricedSummary = new Label();
    private final Button refreshUnpriced = new Button("Refresh");
    private final TableView<UnpricedModel> unpricedTable = new TableView<>();
    /** Set while the check box shows the saved policy, so that showing it is not taken for a choice. */
    private boolean showingPolicy;

    public PricesView(PricesViewModel model, Dialogs dialogs, ZoneId zone) {
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
        Label title = new Label("Prices");
        title.getStyleClass().add("screen-title");
        Label note = new Label(CostTexts.ESTIMATE_NOTE + " Prices are USD per 1M tokens; the request fee is USD per request.");
        note.setId("prices-note");
        note.getStyleClass().add("muted");
        note.setWrapText(true);
        note.setMinHeight(Region.USE_PREF_SIZE);

        message.setId("prices-message");
        message.getStyleClass().add("success-message");
        error.setId("prices-error");
        error.getStyleClass().add("error-message");
        for (Label status : new Label[] {message, error}) {
            status.setWrapText(true);
            status.managedProperty().bind(status.textProperty().isNotEmpty());
            status.visibleProperty().bind(status.managedProperty());
        }

        tableTab.setId("prices-table-tab");
        tableTab.setContent(buildTableTab());
        unpricedTab.setId("unpriced-tab");
        unpricedTab.setContent(buildUnpricedTab());
        tabs.setId("prices-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getTabs().addAll(tableTab, unpricedTab);
        VBox.setVgrow(tabs, Priority.ALWAYS);

        root.getStyleClass().add("screen");
        root.setPadding(new Insets(20));
        root.getChildren().addAll(title, note, message, error, tabs);
    }

    private Node buildTableTab() {
        newPrice.setId("new-price");
        edit.setId("edit-price");
        delete.setId("delete-price");
        importFile.setId("import-prices");
        export.setId("export-prices");
        feeOnFailures.setId("fee-on-failures");
        feeOnFailures.setTooltip(new Tooltip("Off: a failed attempt costs only the tokens it reports. "
                + "On: it also pays the row's per-request fee."));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox toolbar = new HBox(8, newPrice, edit, delete, new Separator(Orientation.VERTICAL), importFile, export,
                spacer, feeOnFailures);
        toolbar.setAlignment(Pos.CENTER_LEFT);

        table.setId("prices-table");
        table.getStyleClass().addAll(Styles.DENSE, Styles.STRIPED);
        table.setPlaceholder(new Label("No prices yet. Add one, or import a LiteLLM or CSV price file."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        TableColumn<PriceRule, String> modelColumn = text("Model or pattern", 170, PriceRule::model);
        modelColumn.setMinWidth(140);
        table.getColumns().add(modelColumn);
        table.getColumns().add(fixed(text("Provider", 76, rule -> rule.provider().isEmpty() ? "all"
                : rule.provider())));
        table.getColumns().add(price("Input", rule -> rule.rates().input()));
        table.getColumns().add(price("Output", rule -> rule.rates().output()));
        table.getColumns().add(price("Cache read", rule -> rule.rates().cacheRead()));
        table.getColumns().add(price("Cache write", rule -> rule.rates().cacheWrite()));
        table.getColumns().add(price("Reasoning", rule -> rule.rates().reasoning()));
        table.getColumns().add(price("Fee", PriceRule::requestFee));
        table.getColumns().add(text("Long context", 130, PricesView::tier));
        table.getColumns().add(fixed(text("From", 88, rule -> PriceDraft.dateText(rule.effectiveFrom()))));
        table.getColumns().add(fixed(text("Source", 78, rule -> rule.source().code())));
        table.getColumns().add(text("Reference", 130, PricesView::reference));
        TableColumn<PriceRule, String> noteColumn = text("Note", 110, PriceRule::note);
        table.getColumns().add(noteColumn);
        table.setTableMenuButtonVisible(true);
        table.setRowFactory(view -> {
            TableRow<PriceRule> row = new TableRow<>();
            row.setOnMouseClicked(event -> {
                if (event.getButton() == MouseButton.PRIMARY && event.getClickCount() == 2 && !row.isEmpty()) {
                    PriceEditorDialog.show(model.edit(row.getItem()), dialogs);
                }
            });
            return row;
        });
        VBox.setVgrow(table, Priority.ALWAYS);

        VBox content = new VBox(10, toolbar, table);
        content.setPadding(new Insets(10, 0, 0, 0));
        return content;
    }

    private Node buildUnpricedTab() {
        period.setId("unpriced-period");
        period.getItems().setAll(Period.values());
        period.setConverter(new StringConverter<>() {
            @Override
            public String toString(Period value) {
                return value == null ? "" : value.label();
            }

            @Override
            public Period fromString(String text) {
                throw new UnsupportedOperationException("not editable");
            }
        });
        unpricedSummary.setId("unpriced-summary");
        unpricedSummary.getStyleClass().add("muted");
        refreshUnpriced.setId("refresh-unpriced");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox toolbar = new HBox(10, period, unpricedSummary, spacer, refreshUnpriced);
        toolbar.setAlignment(Pos.CENTER_LEFT);

        unpricedTable.setId("unpriced-table");
        unpricedTable.getStyleClass().addAll(Styles.DENSE, Styles.STRIPED);
        unpricedTable.setPlaceholder(new Label("Every request in this period has a price."));
        unpricedTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        unpricedTable.getColumns().add(unpricedText("Provider", 90, UnpricedModel::provider));
        TableColumn<UnpricedModel, String> modelColumn = unpricedText("Model", 200, UnpricedModel::model);
        modelColumn.setMinWidth(150);
        unpricedTable.getColumns().add(modelColumn);
        unpricedTable.getColumns().add(unpricedText("Alias", 170, UnpricedModel::alias));
        unpricedTable.getColumns().add(numeric(unpricedText("Requests", 84,
                unpriced -> Formats.count(unpriced.requests()))));
        unpricedTable.getColumns().add(numeric(unpricedText("Tokens", 100,
                unpriced -> Formats.count(unpriced.tokens()))));
        unpricedTable.getColumns().add(unpricedText("First seen", 150,
                unpriced -> Formats.dateTimeToSecond(unpriced.firstSeen(), zone)));
        unpricedTable.getColumns().add(unpricedText("Last seen", 150,
                unpriced -> Formats.dateTimeToSecond(unpriced.lastSeen(), zone)));
        TableColumn<UnpricedModel, UnpricedModel> action = new TableColumn<>("");
        action.setPrefWidth(104);
        action.setMinWidth(104);
        action.setSortable(false);
        action.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        action.setCellFactory(column -> new AddPriceCell());
        unpricedTable.getColumns().add(action);
        VBox.setVgrow(unpricedTable, Priority.ALWAYS);

        VBox content = new VBox(10, toolbar, unpricedTable);
        content.setPadding(new Insets(10, 0, 0, 0));
        return content;
    }

    private void bind() {
        message.textProperty().bind(model.messageProperty());
        error.textProperty().bind(model.errorMessageProperty());
        table.setItems(model.rules());
        unpricedTable.setItems(model.unpriced());
        unpricedTab.textProperty().bind(Bindings.createStringBinding(() -> model.unpriced().isEmpty() ? "Unpriced"
                : "Unpriced (" + model.unpriced().size() + ")", model.unpriced()));
        unpricedSummary.textProperty().bind(model.unpricedSummaryProperty());

        edit.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        delete.disableProperty().bind(edit.disableProperty());
        newPrice.setOnAction(event -> PriceEditorDialog.show(model.newPrice(), dialogs));
        edit.setOnAction(event -> {
            PriceRule selected = table.getSelectionModel().getSelectedItem();
            if (selected != null) {
                PriceEditorDialog.show(model.edit(selected), dialogs);
            }
        });
        delete.setOnAction(event -> {
            PriceRule selected = table.getSelectionModel().getSelectedItem();
            if (selected != null) {
                model.reviewDelete(selected);
            }
        });
        model.deleteReviewProperty().addListener((observable, old, review) -> {
            if (review != null) {
                confirmDelete(review);
            }
        });
        importFile.setOnAction(event -> {
            Optional<Path> chosen = dialogs.chooseFileToOpen("Import prices", IMPORT_TYPES);
            chosen.ifPresent(model::readImport);
        });
        model.importPreviewProperty().addListener((observable, old, preview) -> {
            if (preview != null) {
                ImportPreviewDialog.show(preview, model, dialogs);
            }
        });
        export.setOnAction(event -> dialogs.chooseFileToSave("Export prices", "prices.csv", EXPORT_TYPES)
                .ifPresent(model::exportCsv));

        feeOnFailures.setSelected(model.feeOnFailuresProperty().get());
        model.feeOnFailuresProperty().addListener((observable, old, charge) -> {
            showingPolicy = true;
            feeOnFailures.setSelected(charge);
            showingPolicy = false;
        });
        feeOnFailures.selectedProperty().addListener((observable, old, selected) -> {
            if (!showingPolicy) {
                model.chargeFeeOnFailures(selected);
            }
        });

        period.getSelectionModel().select(model.unpricedPeriodProperty().get());
        period.valueProperty().addListener((observable, old, chosen) -> {
            if (chosen != null) {
                model.showUnpricedPeriod(chosen);
            }
        });
        refreshUnpriced.setOnAction(event -> model.showUnpricedPeriod(model.unpricedPeriodProperty().get()));
    }

    private void confirmDelete(PricesViewModel.DeleteReview review) {
        PriceRule rule = review.rule();
        boolean sure = dialogs.confirm("Delete the price for " + rule.model()
                + (rule.provider().isEmpty() ? "" : " @" + rule.provider()) + "?",
                PriceFormat.summary(rule) + "\n\n" + review.costChange());
        if (sure) {
            model.confirmDelete();
        } else {
            model.cancelDelete();
        }
    }

    private static String tier(PriceRule rule) {
        if (rule.tier() == null) {
            return "";
        }
        return "above " + Formats.compactCount(rule.tier().thresholdTokens()) + ": "
                + PriceFormat.rates(rule.tier().rates());
    }

    private static String reference(PriceRule rule) {
        if (rule.readOn() == null) {
            return rule.reference();
        }
        return rule.reference().isEmpty() ? "read " + rule.readOn() : rule.reference() + " (" + rule.readOn() + ")";
    }

    private static TableColumn<PriceRule, String> text(String title, double width, Function<PriceRule, String> text) {
        TableColumn<PriceRule, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(text.apply(cell.getValue())));
        column.setCellFactory(view -> new TextCell<>());
        return column;
    }

    /** A price column: right-aligned, "–" when the price is not set (which is not the same as 0). */
    private static TableColumn<PriceRule, String> price(String title, Function<PriceRule, BigDecimal> price) {
        TableColumn<PriceRule, String> column = new TableColumn<>(title);
        column.setPrefWidth(74);
        column.setMinWidth(64);
        column.setCellValueFactory(cell -> {
            BigDecimal value = price.apply(cell.getValue());
            return new ReadOnlyObjectWrapper<>(value == null ? Formats.NONE : value.toPlainString());
        });
        return numeric(column);
    }

    private static <S, T> TableColumn<S, T> numeric(TableColumn<S, T> column) {
        column.getStyleClass().add(Tweaks.ALIGN_RIGHT);
        return column;
    }

    private static <S, T> TableColumn<S, T> fixed(TableColumn<S, T> column) {
        column.setMinWidth(column.getPrefWidth());
        return column;
    }

    private static TableColumn<UnpricedModel, String> unpricedText(String title, double width,
            Function<UnpricedModel, String> text) {
        TableColumn<UnpricedModel, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(text.apply(cell.getValue())));
        column.setCellFactory(view -> new TextCell<>());
        return column;
    }

    /** Text that may be cut short, with the whole of it as tooltip. */
    private static final class TextCell<S> extends TableCell<S, String> {
        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty ? null : item);
            setTooltip(empty || item == null || item.isEmpty() ? null : new Tooltip(item));
        }
    }

    /** The one-click "Add price" of an unpriced model. */
    private final class AddPriceCell extends TableCell<UnpricedModel, UnpricedModel> {
        private final Button add = new Button("Add price");

        AddPriceCell() {
            add.getStyleClass().addAll(Styles.SMALL, "add-price");
            add.setOnAction(event -> {
                UnpricedModel unpriced = getItem();
                if (unpriced != null) {
                    PriceEditorDialog.show(model.addPriceFor(unpriced), dialogs);
                }
            });
        }

        @Override
        protected void updateItem(UnpricedModel item, boolean empty) {
            super.updateItem(item, empty);
            setGraphic(empty || item == null ? null : add);
            setText(null);
        }
    }
}
