package dev.cpaconsole.requests.ui;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TableCell;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;

import dev.cpaconsole.pricing.core.CostBreakdown;
import dev.cpaconsole.pricing.core.CostLine;
import dev.cpaconsole.pricing.core.EventCost;
import dev.cpaconsole.pricing.core.PriceFormat;
import dev.cpaconsole.pricing.core.PriceRule;
import dev.cpaconsole.requests.core.FilterChoice;
import dev.cpaconsole.requests.core.RequestChoices;
import dev.cpaconsole.requests.core.RequestDetail;
import dev.cpaconsole.requests.core.RequestRow;
import dev.cpaconsole.requests.core.RequestSort;
import dev.cpaconsole.ui.CostTexts;
import dev.cpaconsole.ui.Dialogs;
import dev.cpaconsole.ui.Formats;
import dev.cpaconsole.ui.TimeRange;
import dev.cpaconsole.usage.core.TokenBuckets;

/**
 * The requests screen: filters, the list sorted by time, latency or tokens, the selected event's
 * detail with the other attempts of its request, and the export of what the list shows.
 */
public final class RequestsView {
    private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");
    private static final PseudoClass UNPRICED = PseudoClass.getPseudoClass("unpriced");
    private static final PseudoClass CURRENT = PseudoClass.getPseudoClass("current");
    private static final List<FileChooser.ExtensionFilter> EXPORT_TYPES = List.of(
            new FileChooser.ExtensionFilter("CSV files", "*.csv"),
            new FileChooser.ExtensionFilter("JSON Lines files", "*.jsonl"),
            new FileChooser.ExtensionFilter("All files", "*"));
    /** Rows from the end of the list at which the next page is asked for. */
    private static final int LOAD_AHEAD_ROWS = 40;
    private static final double MODEL_MIN_WIDTH = 150;
    private static final int CHOICE_ROWS = 16;
    private static final int RECORD_ROWS = 12;
    /** Detail panes at least this wide show each fact's caption beside its value, narrower ones above it. */
    private static final double SIDE_BY_SIDE_FROM = 340;
    /** What the table needs beside its columns: the vertical scroll bar and the border. */
    private static final double SCROLL_BAR_AND_BORDER = 20;

    private final RequestsViewModel model;
    private final Dialogs dialogs;
    private final ZoneId zone;
    private final VBox root = new VBox(12);

    private final ComboBox<TimeRange> range = new ComboBox<>();
    private final DatePicker customFrom = new DatePicker();
    private final DatePicker customTo = new DatePicker();
    private final Button applyCustom = new Button("Show");
    private final HBox customBox = new HBox(6);
    private final Map<RequestFilterKind, ComboBox<FilterChoice>> filters = new EnumMap<>(RequestFilterKind.class);
    /** The first entry of each filter, "All users" and the like: it chooses nothing. */
    private final Map<RequestFilterKind, FilterChoice> anyChoices = new EnumMap<>(RequestFilterKind.class);
    private final TextField requestIdSearch = new TextField();
    private final Button refresh = new Button("Refresh");
    private final Button export = new Button("Export\u2026");
    private final CheckBox byteOrderMark = new CheckBox("BOM for Excel");
    private final Label summary = new Label();
    private final Label message = new Label();
    private final Label error = new Label();
    private final TableView<RequestRow> table = new TableView<>();
    private final Map<TableColumn<RequestRow, ?>, RequestSort.Column> sortColumns = new HashMap<>();
    private final VBox attempts = new VBox(2);
    private final GridPane detailFacts = new GridPane(12, 4);
    /** Captions above their values, when the detail pane is too narrow to put them side by side. */
    private boolean stackedFacts;
    private final TextArea record = new TextArea();
    private final Label detailPlaceholder = new Label("Select a request to see its stored record.");
    /** Set while a filter's choices are refilled, which briefly clears the choice without the operator. */
    private boolean refilling;

    public RequestsView(RequestsViewModel model, Dialogs dialogs, ZoneId zone) {
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
        Label title = new Label("Requests");
        title.getStyleClass().add("screen-title");

        range.setId("range-filter");
        range.getItems().setAll(TimeRange.values());
        range.setConverter(labels(TimeRange::label));
        customFrom.setId("custom-from");
        customFrom.setPromptText("from");
        customFrom.setPrefWidth(130);
        customTo.setId("custom-to");
        customTo.setPromptText("to (inclusive)");
        customTo.setPrefWidth(150);
        customBox.setAlignment(Pos.CENTER_LEFT);
        customBox.getChildren().addAll(customFrom, customTo, applyCustom);
        customBox.managedProperty().bind(customBox.visibleProperty());
        FlowPane filterPane = new FlowPane(8, 8);
        filterPane.setId("request-filters");
        filterPane.getChildren().addAll(range, customBox);
        filter(filterPane, RequestFilterKind.USER, "user-filter", "All users", 120);
        filter(filterPane, RequestFilterKind.KEY, "key-filter", "All keys", 150);
        filter(filterPane, RequestFilterKind.PROVIDER, "provider-filter", "All providers", 150);
        filter(filterPane, RequestFilterKind.MODEL, "model-filter", "All models", 170);
        filter(filterPane, RequestFilterKind.ENDPOINT, "endpoint-filter", "All endpoints", 150);
        filter(filterPane, RequestFilterKind.ACCOUNT, "account-filter", "All accounts", 150);
        filter(filterPane, RequestFilterKind.OUTCOME, "outcome-filter", "Any outcome", 145);
        filter(filterPane, RequestFilterKind.REASONING_EFFORT, "effort-filter", "Any effort", 135);
        filter(filterPane, RequestFilterKind.SERVICE_TIER, "tier-filter", "Any tier", 125);
        requestIdSearch.setId("request-id-search");
        requestIdSearch.setPromptText("Request id");
        requestIdSearch.setPrefColumnCount(12);
        filterPane.getChildren().add(requestIdSearch);

        refresh.setId("refresh-requests");
        export.setId("export-requests");
        byteOrderMark.setId("export-bom");
        byteOrderMark.setTooltip(new Tooltip("Start a CSV file with a UTF-8 byte order mark, so that Excel reads"
                + " names in any script correctly"));
        summary.setId("requests-summary");
        summary.getStyleClass().add("muted");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox actions = new HBox(10, summary, spacer, byteOrderMark, export, refresh);
        actions.setAlignment(Pos.CENTER_LEFT);

        message.setId("requests-message");
        message.getStyleClass().add("success-message");
        message.managedProperty().bind(message.textProperty().isNotEmpty());
        message.visibleProperty().bind(message.managedProperty());
        error.setId("requests-error");
        error.getStyleClass().add("error-message");
        error.managedProperty().bind(error.visibleProperty());

        buildTable();
        Node detailPane = buildDetail();
        SplitPane split = new SplitPane(table, detailPane);
        split.setId("requests-split");
        split.setDividerPositions(0.77);
        // A wider window widens the list; the detail keeps the width the operator dragged it to.
        SplitPane.setResizableWithParent(detailPane, false);
        VBox.setVgrow(split, Priority.ALWAYS);

        root.getStyleClass().add("screen");
        root.setPadding(new Insets(20));
        root.getChildren().addAll(title, filterPane, actions, message, error, split);
    }

    private void filter(FlowPane pane, RequestFilterKind kind, String id, String anyLabel, double width) {
        ComboBox<FilterChoice> box = new ComboBox<>();
        box.setId(id);
        box.setPrefWidth(width);
        box.setVisibleRowCount(CHOICE_ROWS);
        box.setConverter(labels(FilterChoice::label));
        box.setTooltip(new Tooltip(switch (kind) {
            case USER -> "Requests made with any key a user has or had";
            case KEY -> "Requests made with any value a managed key has had";
            case PROVIDER -> "The provider CPA sent the request to";
            case MODEL -> "The upstream model called, or the model name the client asked for";
            case ENDPOINT -> "CPA's endpoint the client called";
            case ACCOUNT -> "The account (auth file or API key) that served the request";
            case OUTCOME -> "Succeeded, failed, or one status code";
            case REASONING_EFFORT -> "The reasoning effort the client asked for";
            case SERVICE_TIER -> "The service tier the client asked for";
        }));
        FilterChoice any = new FilterChoice("", anyLabel);
        box.getItems().add(any);
        box.setValue(any);
        filters.put(kind, box);
        anyChoices.put(kind, any);
        pane.getChildren().add(box);
    }

    private void buildTable() {
        table.setId("requests-table");
        table.getStyleClass().addAll(Styles.DENSE, Styles.STRIPED);
        table.setPlaceholder(new Label("No requests in this range."));
        // Every column stays in view: the model gives up width, the figures keep theirs.
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        TableColumn<RequestRow, String> time = column("Time", 166, row -> Formats.dateTimeToSecond(row.time(), zone));
        time.setId("time-column");
        sortable(time, RequestSort.Column.TIME);
        table.getColumns().add(fixed(time));
        // The model takes the width the figures leave: at 1280 pixels, enough for claude-sonnet-4-5-20250929.
        TableColumn<RequestRow, String> modelColumn = column("Model", 230, RequestRow::model);
        modelColumn.setMinWidth(MODEL_MIN_WIDTH);
        table.getColumns().add(modelColumn);
        // The alias mostly repeats the model and the detail names it; the table menu brings it back.
        TableColumn<RequestRow, String> alias = column("Alias", 110, RequestRow::alias);
        alias.setVisible(false);
        table.getColumns().add(alias);
        // The provider mostly follows from the model and the detail names it; hidden so that long ids fit.
        TableColumn<RequestRow, String> provider = column("Provider", 88, RequestRow::provider);
        provider.setVisible(false);
        table.getColumns().add(fixed(provider));
        // Who sent it: the managed key's name and owner say more than the masked key, which the detail names.
        TableColumn<RequestRow, String> key = column("Key", 120, RequestsView::keyOwner);
        key.setVisible(false);
        table.getColumns().add(key);
        table.getColumns().add(fixed(column("Client key", 96, RequestRow::clientKeyMasked)));
        // The credential is long and the detail names it; hidden so that model and cost stay whole at 1280 pixels.
        TableColumn<RequestRow, String> credential = column("Credential", 140, RequestsView::credential);
        credential.setVisible(false);
        table.getColumns().add(credential);
        table.getColumns().add(fixed(column("Status", 68, RequestsView::status)));
        TableColumn<RequestRow, String> latency = column("Latency", 80, row -> Formats.millis(row.latencyMs()));
        latency.setId("latency-column");
        sortable(latency, RequestSort.Column.LATENCY);
        table.getColumns().add(numeric(fixed(latency)));
        table.getColumns().add(tokensColumn());
        table.getColumns().add(costColumn());
        table.setTableMenuButtonVisible(true);
        table.setRowFactory(view -> new RequestTableRow());
        // The divider stops where the shown columns would no longer fit, so the cost column never slides out.
        table.minWidthProperty().bind(Bindings.createDoubleBinding(this::narrowestTable,
                table.getVisibleLeafColumns()));
    }

    /**
     * Lets a header click order the list by {@code column}. The list is ordered by the database,
     * not in memory, since only some of its pages are loaded.
     */
    private void sortable(TableColumn<RequestRow, ?> column, RequestSort.Column sortColumn) {
        column.setSortable(true);
        sortColumns.put(column, sortColumn);
    }

    private double narrowestTable() {
        return table.getVisibleLeafColumns().stream().mapToDouble(TableColumn::getMinWidth).sum()
                + SCROLL_BAR_AND_BORDER;
    }

    /** Total tokens, shortened from a million on, with the exact count as tooltip. */
    private TableColumn<RequestRow, Long> tokensColumn() {
        TableColumn<RequestRow, Long> tokens = new TableColumn<>("Tokens");
        tokens.setId("tokens-column");
        tokens.setPrefWidth(76);
        sortable(tokens, RequestSort.Column.TOKENS);
        tokens.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().tokens().total()));
        tokens.setCellFactory(column -> new TokensCell());
        return numeric(fixed(tokens));
    }

    /** The cost of each event under the prices read last, right-aligned, with the exact amount as tooltip. */
    private TableColumn<RequestRow, RequestRow> costColumn() {
        TableColumn<RequestRow, RequestRow> cost = new TableColumn<>();
        Label header = new Label("Cost");
        header.setTooltip(new Tooltip(CostTexts.ESTIMATE_NOTE));
        cost.setGraphic(header);
        cost.setId("cost-column");
        // Room for "$999.99 *", a flagged cost of nearly a thousand dollars: more than any one request costs.
        cost.setPrefWidth(86);
        cost.setSortable(false);
        cost.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        cost.setCellFactory(column -> new CostCell());
        return numeric(fixed(cost));
    }

    private Node buildDetail() {
        Label heading = new Label("Request");
        heading.getStyleClass().add("card-title");
        detailFacts.setId("request-facts");
        ColumnConstraints values = new ColumnConstraints();
        values.setMinWidth(0);
        values.setHgrow(Priority.ALWAYS);
        detailFacts.getColumnConstraints().addAll(new ColumnConstraints(), values);
        record.setId("request-record");
        record.setEditable(false);
        // Wrapped, so long values such as a user agent stay readable in a narrow pane.
        record.setWrapText(true);
        record.getStyleClass().add("monospace");
        record.setPrefRowCount(RECORD_ROWS);
        record.setMinHeight(Region.USE_PREF_SIZE);
        VBox.setVgrow(record, Priority.ALWAYS);
        detailPlaceholder.getStyleClass().add("muted");
        attempts.setId("request-attempts");
        attempts.managedProperty().bind(attempts.visibleProperty());
        VBox content = new VBox(10, heading, detailPlaceholder, detailFacts, attempts, new Label("Stored record"),
                record);
        content.setPadding(new Insets(0, 0, 0, 12));
        content.setId("request-detail");
        content.setMinWidth(0);
        // The facts and the cost formula are often taller than the pane: the pane scrolls them, and the
        // record takes whatever height is left when they are not.
        ScrollPane scroll = new ScrollPane(content);
        scroll.setId("request-detail-scroll");
        scroll.setMinWidth(240);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.viewportBoundsProperty().addListener((observable, old, viewport) -> {
            content.setMinHeight(viewport.getHeight());
            boolean narrow = viewport.getWidth() < SIDE_BY_SIDE_FROM;
            if (narrow != stackedFacts) {
                stackedFacts = narrow;
                showDetail(model.detailProperty().get());
            }
        });
        return scroll;
    }

    private void bind() {
        range.getSelectionModel().select(model.rangeProperty().get());
        customBox.visibleProperty().bind(range.valueProperty().isEqualTo(TimeRange.CUSTOM));
        range.valueProperty().addListener((observable, old, chosen) -> {
            if (chosen != null && chosen != TimeRange.CUSTOM) {
                model.showRange(chosen);
            }
        });
        applyCustom.setOnAction(event -> showCustomRange());

        for (Map.Entry<RequestFilterKind, ComboBox<FilterChoice>> entry : filters.entrySet()) {
            RequestFilterKind kind = entry.getKey();
            FilterChoice any = anyChoices.get(kind);
            entry.getValue().valueProperty().addListener((observable, old, chosen) -> {
                if (!refilling) {
                    model.filterBy(kind, chosen == null || chosen == any ? null : chosen);
                }
            });
        }
        model.choicesProperty().addListener((observable, old, found) -> showChoices(found));
        showChoices(model.choicesProperty().get());
        requestIdSearch.setOnAction(event -> model.searchRequestId(requestIdSearch.getText()));
        requestIdSearch.textProperty().addListener((observable, old, typed) -> {
            if (typed.isBlank()) {
                model.searchRequestId("");
            }
        });
        refresh.setOnAction(event -> model.reload());
        refresh.disableProperty().bind(model.loadingProperty());
        export.disableProperty().bind(model.exportingProperty().or(model.loadingProperty()));
        export.setOnAction(event -> {
            Optional<Path> chosen = dialogs.chooseFileToSave("Export the requests", "requests.csv", EXPORT_TYPES);
            chosen.ifPresent(file -> model.export(file, byteOrderMark.isSelected()));
        });

        summary.textProperty().bind(model.summaryProperty());
        message.textProperty().bind(model.messageProperty());
        error.textProperty().bind(model.errorMessageProperty());
        error.visibleProperty().bind(model.errorMessageProperty().isNotEmpty());

        table.setItems(model.rows());
        TableColumn<RequestRow, ?> timeColumn = table.getColumns().getFirst();
        timeColumn.setSortType(TableColumn.SortType.DESCENDING);
        table.getSortOrder().add(timeColumn);
        // The items are the loaded pages; the database orders them, so the table itself sorts nothing.
        table.setSortPolicy(view -> {
            RequestSort wanted = sortOf(view.getSortOrder());
            if (!wanted.equals(model.sortProperty().get())) {
                Platform.runLater(() -> model.sortBy(wanted));
            }
            return true;
        });

        table.getSelectionModel().selectedItemProperty().addListener((observable, old, row) -> model.select(row));
        model.selectedProperty().addListener((observable, old, row) -> {
            if (row == null) {
                table.getSelectionModel().clearSelection();
            } else if (row != table.getSelectionModel().getSelectedItem()) {
                table.getSelectionModel().select(row);
            }
        });
        model.detailProperty().addListener((observable, old, shown) -> showDetail(shown));
        model.pricesProperty().addListener((observable, old, prices) -> {
            table.refresh();
            showDetail(model.detailProperty().get());
        });
        showDetail(model.detailProperty().get());
    }

    /** The order the table's sort columns ask for; newest first when none is chosen. */
    private RequestSort sortOf(List<TableColumn<RequestRow, ?>> order) {
        for (TableColumn<RequestRow, ?> column : order) {
            RequestSort.Column sortColumn = sortColumns.get(column);
            if (sortColumn != null) {
                return new RequestSort(sortColumn, column.getSortType() == TableColumn.SortType.DESCENDING);
            }
        }
        return RequestSort.NEWEST_FIRST;
    }

    private void showChoices(RequestChoices found) {
        refilling = true;
        refill(RequestFilterKind.USER, found.users());
        refill(RequestFilterKind.KEY, found.keys());
        refill(RequestFilterKind.PROVIDER, found.providers());
        refill(RequestFilterKind.MODEL, found.models());
        refill(RequestFilterKind.ENDPOINT, found.endpoints());
        refill(RequestFilterKind.ACCOUNT, found.accounts());
        List<FilterChoice> outcomes = new ArrayList<>(List.of(new FilterChoice("ok", "Succeeded"),
                new FilterChoice("failed", "Failed")));
        found.statusCodes().forEach(code -> outcomes.add(new FilterChoice(code.value(), "Status " + code.label())));
        refill(RequestFilterKind.OUTCOME, outcomes);
        refill(RequestFilterKind.REASONING_EFFORT, found.reasoningEfforts());
        refill(RequestFilterKind.SERVICE_TIER, found.serviceTiers());
        refilling = false;
    }

    /** New choices for a filter; the one chosen stays chosen, listed even when no longer offered. */
    private void refill(RequestFilterKind kind, List<FilterChoice> choices) {
        ComboBox<FilterChoice> box = filters.get(kind);
        FilterChoice any = anyChoices.get(kind);
        FilterChoice current = model.filterProperty(kind).get();
        List<FilterChoice> items = new ArrayList<>();
        items.add(any);
        items.addAll(choices);
        if (current != null && items.stream().noneMatch(item -> item.value().equals(current.value()))) {
            items.add(current);
        }
        if (!items.equals(box.getItems())) {
            box.getItems().setAll(items);
        }
        box.setValue(current == null ? any : items.stream().filter(item -> item != any
                && item.value().equals(current.value())).findFirst().orElse(current));
    }

    private void showCustomRange() {
        LocalDate from = customFrom.getValue();
        LocalDate to = customTo.getValue();
        model.showCustomRange(from == null ? null : from.atStartOfDay(zone).toInstant(),
                to == null ? null : to.plusDays(1).atStartOfDay(zone).toInstant());
    }

    private void showDetail(RequestDetail shown) {
        detailFacts.getChildren().clear();
        detailPlaceholder.setVisible(shown == null);
        detailPlaceholder.setManaged(shown == null);
        attempts.getChildren().clear();
        attempts.setVisible(shown != null && shown.attempts().size() > 1);
        if (shown == null) {
            record.clear();
            return;
        }
        RequestRow row = shown.row();
        TokenBuckets tokens = row.tokens();
        int line = 0;
        line = fact(line, "Time", Formats.dateTime(row.time(), zone));
        line = fact(line, "Request id", row.requestId().isEmpty() ? Formats.NONE : row.requestId());
        line = fact(line, "Model", row.model() + (row.alias().equals(row.model()) ? "" : " (asked for " + row.alias()
                + ")"));
        line = fact(line, "Provider", row.provider());
        line = fact(line, "Endpoint", row.endpoint());
        line = fact(line, "Client key", row.clientKeyMasked().isEmpty() ? "none" : row.clientKeyMasked());
        if (!row.keyName().isEmpty()) {
            line = fact(line, "Managed key", keyOwner(row));
        }
        line = fact(line, "Credential", credential(row));
        line = fact(line, "Status", (row.failed() ? "Failed" : "Succeeded")
                + (row.statusCode() == null ? "" : " (" + row.statusCode() + ")"));
        line = fact(line, "Latency", Formats.millis(row.latencyMs()) + (row.ttftMs() == null ? ""
                : " (first token after " + Formats.millis(row.ttftMs()) + ")"));
        if (!row.reasoningEffort().isEmpty() || !row.serviceTier().isEmpty()) {
            line = fact(line, "Options", "reasoning effort " + orNone(row.reasoningEffort()) + " \u00b7 service tier "
                    + orNone(row.serviceTier()));
        }
        line = fact(line, "Input tokens", Formats.count(tokens.uncachedInput()) + " uncached \u00b7 "
                + Formats.count(tokens.cacheRead()) + " cache read \u00b7 " + Formats.count(tokens.cacheWrite())
                + " cache write");
        line = fact(line, "Output tokens", Formats.count(tokens.output()) + " output \u00b7 "
                + Formats.count(tokens.reasoning()) + " reasoning");
        if (tokens.unclassified() > 0) {
            line = fact(line, "Unclassified", Formats.count(tokens.unclassified()));
        }
        line = fact(line, "Total tokens", Formats.count(tokens.total()) + (tokens.inconsistent()
                ? " (CPA's numbers contradicted each other)" : ""));
        showCost(line, row);
        showAttempts(shown);
        record.setText(shown.record());
    }

    /** Every attempt of the request, oldest first; the shown one marked, the others a click away. */
    private void showAttempts(RequestDetail shown) {
        if (shown.attempts().size() < 2) {
            return;
        }
        Label caption = new Label("Attempts of this request (" + shown.attempts().size() + ")");
        caption.getStyleClass().add("figure-caption");
        attempts.getChildren().add(caption);
        int index = 0;
        for (RequestRow attempt : shown.attempts()) {
            String text = String.join(" \u00b7 ", Formats.dateTimeToSecond(attempt.time(), zone), attempt.provider(),
                    credential(attempt), status(attempt), Formats.millis(attempt.latencyMs()));
            Hyperlink link = new Hyperlink(text);
            link.setId("attempt-" + index++);
            link.setWrapText(true);
            link.setMinHeight(Region.USE_PREF_SIZE);
            link.pseudoClassStateChanged(FAILED, attempt.failed());
            boolean current = attempt.id() == shown.row().id();
            link.pseudoClassStateChanged(CURRENT, current);
            if (current) {
                link.getStyleClass().add(Styles.TEXT_BOLD);
            }
            link.setOnAction(event -> model.select(attempt));
            attempts.getChildren().add(link);
        }
    }

    private static String orNone(String value) {
        return value.isEmpty() ? Formats.NONE : value;
    }

    private static String keyOwner(RequestRow row) {
        if (row.keyName().isEmpty()) {
            return row.clientKeyMasked().isEmpty() ? "" : "unmanaged";
        }
        return row.keyName() + (row.userName().isEmpty() ? "" : " (" + row.userName() + ")");
    }

    /** The cost term by term, the row that priced it and how it was matched. */
    private void showCost(int firstLine, RequestRow row) {
        EventCost cost = model.costOf(row);
        int line = firstLine;
        if (cost == null) {
            fact(line, "Cost", Formats.NONE);
            return;
        }
        if (!cost.priced()) {
            fact(line, "Cost", CostTexts.UNPRICED + ": no price matches " + row.model()
                    + (row.alias().equals(row.model()) ? "" : " or " + row.alias())
                    + "; add one on the Prices screen.");
            return;
        }
        CostBreakdown breakdown = cost.breakdown();
        line = fact(line, "Cost", PriceFormat.usd(breakdown.total()) + " (" + CostTexts.ESTIMATE + ")");
        PriceRule rule = breakdown.rule();
        Label price = wrapped(cost.match().describe() + " \u00b7 " + rule.source().code()
                + (rule.effectiveFrom().equals(PriceRule.ALWAYS) ? "" : " \u00b7 from " + rule.effectiveFrom())
                + (breakdown.longContext() ? " \u00b7 long-context prices" : ""));
        price.setId("fact-price");
        line = wideFact(line, "Price row", price);
        VBox terms = new VBox(2);
        terms.setId("cost-formula");
        int index = 0;
        for (CostLine term : breakdown.lines()) {
            Label text = wrapped(term.label() + ": " + CostTexts.formula(term));
            text.setId("cost-line-" + index++);
            Label basis = wrapped(term.basis());
            basis.getStyleClass().add("muted");
            terms.getChildren().addAll(text, basis);
        }
        Label total = wrapped("total: " + CostTexts.exact(breakdown.total()));
        total.setId("cost-total");
        total.getStyleClass().add(Styles.TEXT_BOLD);
        terms.getChildren().add(total);
        line = wideFact(line, "Formula", terms);
        if (!breakdown.flags().isEmpty()) {
            line = fact(line, "Flags", CostTexts.flags(breakdown.flags()));
        }
        Label note = wrapped(CostTexts.ESTIMATE_NOTE);
        note.getStyleClass().add("muted");
        detailFacts.add(note, 0, line, 2, 1);
    }

    private int fact(int line, String name, String value) {
        Label text = wrapped(value);
        text.setId("fact-" + name.toLowerCase(Locale.ROOT).replace(' ', '-'));
        return factNode(line, name, text);
    }

    private int factNode(int line, String name, Node value) {
        if (stackedFacts) {
            return wideFact(line, name, value);
        }
        Label caption = new Label(name);
        caption.getStyleClass().add("figure-caption");
        caption.setMinWidth(Region.USE_PREF_SIZE);
        GridPane.setValignment(caption, VPos.TOP);
        detailFacts.addRow(line, caption, value);
        return line + 1;
    }

    /** A fact too long for the value column: its caption above it, both across the pane. */
    private int wideFact(int line, String name, Node value) {
        Label caption = new Label(name);
        caption.getStyleClass().add("figure-caption");
        VBox stacked = new VBox(2, caption, value);
        GridPane.setMargin(stacked, new Insets(4, 0, 0, 0));
        detailFacts.add(stacked, 0, line, 2, 1);
        return line + 1;
    }

    private static Label wrapped(String value) {
        Label text = new Label(value);
        text.setWrapText(true);
        // A wrapped label otherwise keeps one line's height and cuts the rest off with an ellipsis.
        text.setMinHeight(Region.USE_PREF_SIZE);
        return text;
    }

    private static String credential(RequestRow row) {
        StringBuilder text = new StringBuilder(row.authType());
        if (!row.source().isEmpty()) {
            text.append(" \u00b7 ").append(row.source());
        }
        if (!row.authIndex().isEmpty()) {
            text.append(" \u00b7 #").append(row.authIndex());
        }
        return text.toString();
    }

    private static String status(RequestRow row) {
        if (row.statusCode() != null) {
            return String.valueOf(row.statusCode());
        }
        return row.failed() ? "failed" : "ok";
    }

    private static TableColumn<RequestRow, String> column(String title, double width,
            Function<RequestRow, String> text) {
        TableColumn<RequestRow, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setSortable(false);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(text.apply(cell.getValue())));
        return column;
    }

    private static <T> TableColumn<RequestRow, T> numeric(TableColumn<RequestRow, T> column) {
        column.getStyleClass().add(Tweaks.ALIGN_RIGHT);
        return column;
    }

    /** Keeps a column of short values as wide as it was laid out: the model column takes any width left. */
    private static <T> TableColumn<RequestRow, T> fixed(TableColumn<RequestRow, T> column) {
        column.setMinWidth(column.getPrefWidth());
        column.setMaxWidth(column.getPrefWidth());
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

    /** Marks failed events and asks for the next page when rows near the end come into view. */
    private final class RequestTableRow extends TableRow<RequestRow> {
        @Override
        protected void updateItem(RequestRow row, boolean empty) {
            super.updateItem(row, empty);
            pseudoClassStateChanged(FAILED, !empty && row != null && row.failed());
            if (!empty && row != null && getIndex() >= getTableView().getItems().size() - LOAD_AHEAD_ROWS) {
                // Later, not inside the layout pass that is updating this row.
                Platform.runLater(model::loadMore);
            }
        }
    }

    /** An event's cost, "unpriced" when no price matches, marked when a flag says to look closer. */
    private final class CostCell extends TableCell<RequestRow, RequestRow> {
        @Override
        protected void updateItem(RequestRow row, boolean empty) {
            super.updateItem(row, empty);
            EventCost cost = empty || row == null ? null : model.costOf(row);
            pseudoClassStateChanged(UNPRICED, cost != null && !cost.priced());
            if (cost == null) {
                setText(empty || row == null ? null : Formats.NONE);
                setTooltip(null);
                return;
            }
            setText(CostTexts.cell(cost));
            if (!cost.priced()) {
                setTooltip(new Tooltip("No price matches " + row.model() + "; add one on the Prices screen."));
            } else if (!cost.breakdown().flags().isEmpty()) {
                setTooltip(new Tooltip(CostTexts.exact(cost.breakdown().total()) + "\n"
                        + CostTexts.flags(cost.breakdown().flags())));
            } else {
                setTooltip(new Tooltip(CostTexts.exact(cost.breakdown().total())));
            }
        }
    }

    /** A request's total tokens; the exact count as tooltip where the cell shortens it. */
    private static final class TokensCell extends TableCell<RequestRow, Long> {
        @Override
        protected void updateItem(Long total, boolean empty) {
            super.updateItem(total, empty);
            String text = empty || total == null ? null : Formats.shortCount(total);
            setText(text);
            setTooltip(text == null || text.equals(Formats.count(total)) ? null
                    : new Tooltip(Formats.count(total) + " tokens"));
        }
    }
}
