package dev.cpaconsole.pricing.ui;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
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
        Label note = new Label(CostTexts.ESTIMATE_NOTE
                + " Prices are USD per 1M tokens; the request fee is USD per request.");
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
        // Sized for 1280 pixels: every column but the note and reference keeps its width.
        table.getColumns().add(fixed(text("Model or pattern", 214, PriceRule::model)));
        table.getColumns().add(fixed(text("Provider", 84, rule -> rule.provider().isEmpty() ? "all"
                : rule.provider())));
        table.getColumns().add(price("Input", 62, rule -> rule.rates().input()));
        table.getColumns().add(price("Output", 72, rule -> rule.rates().output()));
        table.getColumns().add(price("Cache\nread", 64, rule -> rule.rates().cacheRead()));
        table.getColumns().add(price("Cache\nwrite", 64, rule -> rule.rates().cacheWrite()));
        table.getColumns().add(price("Reasoning", 100, rule -> rule.rates().reasoning()));
        table.getColumns().add(price("Fee", 52, PriceRule::requestFee));
        TableColumn<PriceRule, String> tier = fixed(text("Long context\nin / out", 130, PricesView::tier));
        tier.setCellFactory(view -> new TextCell<>(rule -> rule.tier() == null ? null : "Above "
                + Formats.count(rule.tier().thresholdTokens()) + " input tokens: "
                + PriceFormat.rates(rule.tier().rates())));
        table.getColumns().add(tier);
        table.getColumns().add(fixed(text("From", 96, rule -> PriceDraft.dateText(rule.effectiveFrom()))));
        table.getColumns().add(fixed(text("Source", 88, rule -> rule.source().code())));
        TableColumn<PriceRule, String> reference = text("Note, reference", 160, PricesView::reference);
        reference.setCellFactory(view -> new TextCell<>(PricesView::referenceInFull));
        reference.setMinWidth(60);
        // Shown by the table menu; every row's tooltip carries it anyway.
        reference.setVisible(false);
        table.getColumns().add(reference);
        table.setTableMenuButtonVisible(true);
        table.setRowFactory(view -> {
            TableRow<PriceRule> row = new TableRow<>();
            row.itemProperty().addListener((observable, old, rule) -> {
                String full = rule == null ? "" : referenceInFull(rule);
                row.setTooltip(full.isEmpty() ? null : new Tooltip(full));
            });
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
        unpricedTable.getColumns().add(fixed(unpricedText("Provider", 88, UnpricedModel::provider)));
        TableColumn<UnpricedModel, String> modelColumn = unpricedText("Model", 200, UnpricedModel::model);
        modelColumn.setMinWidth(150);
        unpricedTable.getColumns().add(modelColumn);
        TableColumn<UnpricedModel, String> aliasColumn = unpricedText("Alias", 170, UnpricedModel::alias);
        aliasColumn.setMinWidth(140);
        unpricedTable.getColumns().add(aliasColumn);
        unpricedTable.getColumns().add(numeric(fixed(unpricedText("Requests", 92,
                unpriced -> Formats.count(unpriced.requests())))));
        unpricedTable.getColumns().add(numeric(fixed(unpricedText("Tokens", 104,
                unpriced -> Formats.count(unpriced.tokens())))));
        unpricedTable.getColumns().add(fixed(unpricedText("First seen", 166,
                unpriced -> Formats.dateTimeToSecond(unpriced.firstSeen(), zone))));
        unpricedTable.getColumns().add(fixed(unpricedText("Last seen", 166,
                unpriced -> Formats.dateTimeToSecond(unpriced.lastSeen(), zone))));
        TableColumn<UnpricedModel, UnpricedModel> action = new TableColumn<>("");
        action.setPrefWidth(96);
        action.setMinWidth(96);
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

    /** {@code >200k: 2.5 / 15}: the threshold, then the long-context input and output prices. */
    private static String tier(PriceRule rule) {
        if (rule.tier() == null) {
            return "";
        }
        long threshold = rule.tier().thresholdTokens();
        return ">" + (threshold % 1000 == 0 ? Formats.count(threshold / 1000) + "k" : Formats.count(threshold)) + ": "
                + rule.tier().rates().input().toPlainString() + " / " + rule.tier().rates().output().toPlainString();
    }

    /** The note, where the figures were read (a web address by its host) and when: {@code openai.com, 2026-08-01}. */
    private static String reference(PriceRule rule) {
        List<String> parts = new ArrayList<>();
        if (!rule.note().isEmpty()) {
            parts.add(rule.note());
        }
        String where = host(rule.reference());
        if (!where.isEmpty() || rule.readOn() != null) {
            parts.add(where + (where.isEmpty() || rule.readOn() == null ? "" : ", ")
                    + (rule.readOn() == null ? "" : rule.readOn()));
        }
        return String.join(" \u00b7 ", parts);
    }

    /** The whole reference, read-on date and note, for the tooltip. */
    private static String referenceInFull(PriceRule rule) {
        List<String> lines = new ArrayList<>();
        if (!rule.reference().isEmpty()) {
            lines.add(rule.reference());
        }
        if (rule.readOn() != null) {
            lines.add("read on " + rule.readOn());
        }
        if (!rule.note().isEmpty()) {
            lines.add(rule.note());
        }
        return String.join("\n", lines);
    }

    private static String host(String reference) {
        try {
            String host = URI.create(reference).getHost();
            return host == null ? reference : host.startsWith("www.") ? host.substring(4) : host;
        } catch (IllegalArgumentException e) {
            return reference;
        }
    }

    private static TableColumn<PriceRule, String> text(String title, double width, Function<PriceRule, String> text) {
        TableColumn<PriceRule, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(text.apply(cell.getValue())));
        column.setCellFactory(view -> new TextCell<>(null));
        return column;
    }

    /** A price column: right-aligned, "–" when the price is not set (which is not the same as 0). */
    private static TableColumn<PriceRule, String> price(String title, double width,
            Function<PriceRule, BigDecimal> price) {
        TableColumn<PriceRule, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setMinWidth(width);
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
        column.setCellFactory(view -> new TextCell<>(null));
        return column;
    }

    /** Text that may be cut short, with the whole of it (or more) as tooltip. */
    private static final class TextCell<S> extends TableCell<S, String> {
        private final Function<S, String> tooltip;

        /**
         * @param tooltip the tooltip of a row, or null to show the cell's text
         */
        TextCell(Function<S, String> tooltip) {
            this.tooltip = tooltip;
        }

        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty ? null : item);
            S row = empty || getTableRow() == null ? null : getTableRow().getItem();
            String tip = empty ? null : tooltip == null || row == null ? item : tooltip.apply(row);
            setTooltip(tip == null || tip.isEmpty() ? null : new Tooltip(tip));
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
