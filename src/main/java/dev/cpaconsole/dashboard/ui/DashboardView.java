package dev.cpaconsole.dashboard.ui;

import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.Side;
import javafx.scene.Node;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.PieChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

import atlantafx.base.theme.Tweaks;

import dev.cpaconsole.dashboard.core.Dashboard;
import dev.cpaconsole.dashboard.core.DashboardScope;
import dev.cpaconsole.dashboard.core.Figures;
import dev.cpaconsole.dashboard.core.GapInterval;
import dev.cpaconsole.dashboard.core.HourOfWeek;
import dev.cpaconsole.dashboard.core.Ranking;
import dev.cpaconsole.dashboard.core.RankingRow;
import dev.cpaconsole.dashboard.core.RangePreset;
import dev.cpaconsole.dashboard.core.ScopeChoices;
import dev.cpaconsole.dashboard.core.ScopePick;
import dev.cpaconsole.dashboard.core.SeriesPoint;
import dev.cpaconsole.pricing.core.CostTotals;
import dev.cpaconsole.ui.CostTexts;
import dev.cpaconsole.ui.Formats;

/**
 * The dashboard screen (the sidebar's "Overview"): range presets and custom dates, the scope bar,
 * figure tiles, charts over time with the collection gaps shaded, the model distribution, rankings
 * whose rows narrow the scope when clicked, and the hour-of-week heatmap.
 */
public final class DashboardView {
    private static final double SECONDS_PER_MINUTE = 60;
    private static final int MODEL_SLICES = 7;
    private static final int MAX_TICKS = 8;
    private static final DateTimeFormatter HOUR_TICK = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter DAY_TICK = DateTimeFormatter.ofPattern("MM-dd");
    private static final DateTimeFormatter RANGE_END = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final String ANY = "";

    private final DashboardViewModel model;
    private final VBox content = new VBox(16);
    private final ScrollPane root = new ScrollPane(content);
    private final Label error = new Label();
    private final Label rangeText = new Label();
    private final Label notes = new Label();
    private final ToggleGroup presets = new ToggleGroup();
    private final Map<RangePreset, ToggleButton> presetButtons = new EnumMap<>(RangePreset.class);
    private final DatePicker customFirst = new DatePicker();
    private final DatePicker customLast = new DatePicker();
    private final ComboBox<ScopePick> userPicker = new ComboBox<>();
    private final ComboBox<ScopePick> keyPicker = new ComboBox<>();
    private final ComboBox<String> modelPicker = new ComboBox<>();
    private final ComboBox<String> providerPicker = new ComboBox<>();
    private final ComboBox<ScopePick> accountPicker = new ComboBox<>();
    private final Label scopeText = new Label();
    private final FlowPane tiles = new FlowPane(12, 12);
    private final Map<String, Label[]> tileLabels = new HashMap<>();
    private final TimeChart requestsChart = new TimeChart("requests-chart", "Requests", true, true);
    private final TimeChart tokensChart = new TimeChart("tokens-chart", "Tokens", false, true);
    private final TimeChart costChart = new TimeChart("cost-chart", "Cost (estimate, USD)", false, false);
    private final TimeChart latencyChart = new TimeChart("latency-chart", "Latency p50 / p95 (ms)", false, false);
    private final PieChart modelChart = new PieChart();
    private final GridPane heatmap = new GridPane();
    private final Map<String, RankingTable> rankings = new LinkedHashMap<>();
    private boolean syncing;

    public DashboardView(DashboardViewModel model) {
        this.model = model;
        build();
        bind();
    }

    public Node root() {
        return root;
    }

    private void build() {
        Label title = new Label("Overview");
        title.getStyleClass().add("screen-title");
        rangeText.setId("dashboard-range");
        rangeText.getStyleClass().add("muted");
        Label reading = new Label("Reading\u2026");
        reading.setId("dashboard-loading");
        reading.getStyleClass().add("muted");
        reading.visibleProperty().bind(model.loadingProperty());
        HBox heading = new HBox(16, title, rangeText, reading);
        heading.setAlignment(Pos.BASELINE_LEFT);

        error.getStyleClass().add("error-message");
        error.setId("dashboard-error");
        error.managedProperty().bind(error.visibleProperty());
        error.setWrapText(true);
        notes.getStyleClass().add("warning-message");
        notes.setId("dashboard-notes");
        notes.setWrapText(true);
        notes.managedProperty().bind(notes.visibleProperty());

        content.getStyleClass().add("screen");
        content.setPadding(new Insets(20));
        content.getChildren().addAll(heading, rangeBar(), scopeBar(), error, notes, tiles, charts(), lowerRow());
        tiles.setId("dashboard-tiles");
        root.setFitToWidth(true);
        root.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        root.setId("dashboard");
    }

    private Node rangeBar() {
        HBox bar = new HBox(6);
        bar.setAlignment(Pos.CENTER_LEFT);
        for (RangePreset preset : RangePreset.values()) {
            if (preset == RangePreset.CUSTOM) {
                continue;
            }
            ToggleButton button = new ToggleButton(preset.label());
            button.setId("preset-" + preset.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            button.setToggleGroup(presets);
            button.setUserData(preset);
            button.setOnAction(event -> {
                if (button.isSelected()) {
                    model.showPreset(preset);
                } else {
                    // A click on the shown preset keeps it shown.
                    button.setSelected(true);
                }
            });
            presetButtons.put(preset, button);
            bar.getChildren().add(button);
        }
        customFirst.setId("custom-first");
        customLast.setId("custom-last");
        customFirst.setPrefWidth(150);
        customLast.setPrefWidth(150);
        Button showCustom = new Button("Show");
        showCustom.setId("custom-show");
        customFirst.setConverter(new IsoDates());
        customLast.setConverter(new IsoDates());
        customFirst.setPromptText("2026-03-01");
        customLast.setPromptText("2026-03-31");
        showCustom.setOnAction(event -> showCustomDates());
        Label custom = new Label("Custom:");
        custom.getStyleClass().add("muted");
        HBox.setMargin(custom, new Insets(0, 0, 0, 12));
        bar.getChildren().addAll(custom, customFirst, new Label("\u2013"), customLast, showCustom);
        return bar;
    }

    /** Reads the typed dates; text that is no date is refused with a message, the shown range kept. */
    private void showCustomDates() {
        for (DatePicker picker : List.of(customFirst, customLast)) {
            String typed = picker.getEditor().getText().strip();
            LocalDate date = IsoDates.parse(typed);
            if (!typed.isEmpty() && date == null) {
                model.dateNotUnderstood(typed);
                return;
            }
            picker.setValue(date);
        }
        model.showCustom(customFirst.getValue(), customLast.getValue());
    }

    private Node scopeBar() {
        setUpPicker(userPicker, "scope-user", "Any user");
        setUpPicker(keyPicker, "scope-key", "Any key");
        setUpPicker(accountPicker, "scope-account", "Any account");
        setUpTextPicker(modelPicker, "scope-model", "Any model");
        setUpTextPicker(providerPicker, "scope-provider", "Any provider");
        userPicker.setOnAction(event -> pickerChanged());
        keyPicker.setOnAction(event -> pickerChanged());
        accountPicker.setOnAction(event -> pickerChanged());
        modelPicker.setOnAction(event -> pickerChanged());
        providerPicker.setOnAction(event -> pickerChanged());
        Button all = new Button("All usage");
        all.setId("scope-clear");
        all.setOnAction(event -> model.clearScope());
        scopeText.setId("dashboard-scope");
        scopeText.getStyleClass().add("muted");
        HBox pickers = new HBox(6, userPicker, keyPicker, modelPicker, providerPicker, accountPicker, all);
        pickers.setAlignment(Pos.CENTER_LEFT);
        // The pickers share the width the bar has; a name longer than its picker reads whole as tooltip.
        for (ComboBox<?> picker : List.of(userPicker, keyPicker, modelPicker, providerPicker, accountPicker)) {
            picker.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(picker, Priority.ALWAYS);
        }
        all.setMinWidth(Region.USE_PREF_SIZE);
        return new VBox(4, pickers, scopeText);
    }

    private static void setUpPicker(ComboBox<ScopePick> picker, String id, String any) {
        picker.setId(id);
        picker.setPromptText(any);
        picker.setPrefWidth(150);
        picker.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(ScopePick item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.ids().isEmpty() ? any : item.label());
                setTooltip(getText() == null ? null : new Tooltip(getText()));
            }
        });
        picker.setButtonCell(picker.getCellFactory().call(null));
    }

    private static void setUpTextPicker(ComboBox<String> picker, String id, String any) {
        picker.setId(id);
        picker.setPromptText(any);
        picker.setPrefWidth(150);
        picker.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.isEmpty() ? any : item);
                setTooltip(getText() == null ? null : new Tooltip(getText()));
            }
        });
        picker.setButtonCell(picker.getCellFactory().call(null));
    }

    private void pickerChanged() {
        if (syncing) {
            return;
        }
        model.narrow(new DashboardScope(pick(userPicker), pick(keyPicker), text(modelPicker), text(providerPicker),
                pick(accountPicker)));
    }

    private static ScopePick pick(ComboBox<ScopePick> picker) {
        ScopePick value = picker.getValue();
        return value == null || value.ids().isEmpty() ? null : value;
    }

    private static String text(ComboBox<String> picker) {
        String value = picker.getValue();
        return value == null || value.isEmpty() ? null : value;
    }

    private Node charts() {
        GridPane grid = new GridPane(16, 16);
        ColumnConstraints half = new ColumnConstraints();
        half.setPercentWidth(50);
        half.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(half, half);
        grid.add(requestsChart.chart(), 0, 0);
        grid.add(tokensChart.chart(), 1, 0);
        grid.add(costChart.chart(), 0, 1);
        grid.add(latencyChart.chart(), 1, 1);
        return grid;
    }

    private Node lowerRow() {
        modelChart.setId("model-chart");
        modelChart.setTitle("Models (requests)");
        // A legend rather than labels: the labels of many thin slices collide.
        modelChart.setLegendVisible(true);
        modelChart.setLegendSide(Side.RIGHT);
        modelChart.setAnimated(false);
        modelChart.setLabelsVisible(false);
        modelChart.setPrefHeight(280);
        modelChart.setMinWidth(0);

        heatmap.setId("heatmap");
        heatmap.setHgap(2);
        heatmap.setVgap(2);
        Label heatTitle = new Label("Requests by local hour of the week");
        heatTitle.getStyleClass().add("card-title");
        VBox heat = new VBox(8, heatTitle, heatmap);

        TabPane tabs = new TabPane();
        tabs.setId("rankings");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        for (String kind : List.of("Users", "Keys", "Models", "Accounts")) {
            RankingTable table = new RankingTable(kind);
            rankings.put(kind, table);
            Tab tab = new Tab(kind, table.table);
            tab.setId("ranking-tab-" + kind.toLowerCase(Locale.ROOT));
            tabs.getTabs().add(tab);
        }
        tabs.setPrefHeight(300);
        Label rankingTitle = new Label("Rankings \u2013 click a row to narrow the dashboard to it");
        rankingTitle.getStyleClass().add("card-title");
        VBox ranking = new VBox(8, rankingTitle, tabs);

        GridPane grid = new GridPane(16, 16);
        ColumnConstraints wide = new ColumnConstraints();
        wide.setPercentWidth(55);
        ColumnConstraints narrow = new ColumnConstraints();
        narrow.setPercentWidth(45);
        grid.getColumnConstraints().addAll(wide, narrow);
        grid.add(ranking, 0, 0);
        grid.add(modelChart, 1, 0);
        grid.add(heat, 0, 1, 2, 1);
        return grid;
    }

    private void bind() {
        error.textProperty().bind(model.errorMessageProperty());
        error.visibleProperty().bind(model.errorMessageProperty().isNotEmpty());
        model.presetProperty().addListener((observable, old, preset) -> showPreset(preset));
        showPreset(model.presetProperty().get());
        model.choicesProperty().addListener((observable, old, choices) -> showChoices(choices));
        model.scopeProperty().addListener((observable, old, scope) -> showScope(scope));
        showScope(model.scopeProperty().get());
        model.dashboardProperty().addListener((observable, old, dashboard) -> show(dashboard));
        show(model.dashboardProperty().get());
    }

    private void showPreset(RangePreset preset) {
        ToggleButton button = presetButtons.get(preset);
        if (button != null) {
            button.setSelected(true);
        } else if (presets.getSelectedToggle() != null) {
            presets.getSelectedToggle().setSelected(false);
        }
    }

    private void showChoices(ScopeChoices choices) {
        syncing = true;
        try {
            userPicker.getItems().setAll(withAny(new ScopePick(ScopePick.Kind.USER, List.of(), ""), choices.users()));
            keyPicker.getItems().setAll(withAny(new ScopePick(ScopePick.Kind.MANAGED_KEY, List.of(), ""),
                    choices.keys()));
            accountPicker.getItems().setAll(withAny(new ScopePick(ScopePick.Kind.ACCOUNT, List.of(), ""),
                    choices.accounts()));
            modelPicker.getItems().setAll(withAny(ANY, choices.models()));
            providerPicker.getItems().setAll(withAny(ANY, choices.providers()));
        } finally {
            syncing = false;
        }
        showScope(model.scopeProperty().get());
    }

    private static <T> List<T> withAny(T any, List<T> items) {
        List<T> all = new ArrayList<>();
        all.add(any);
        all.addAll(items);
        return all;
    }

    private void showScope(DashboardScope scope) {
        syncing = true;
        try {
            userPicker.setValue(scope.user());
            keyPicker.setValue(scope.key());
            modelPicker.setValue(scope.model());
            providerPicker.setValue(scope.provider());
            accountPicker.setValue(scope.account());
        } finally {
            syncing = false;
        }
        scopeText.setText("Showing " + scope.describe());
    }

    private void show(Dashboard dashboard) {
        if (dashboard == null) {
            showTiles(null);
            return;
        }
        ZoneId zone = dashboard.range().zone();
        rangeText.setText(RANGE_END.format(dashboard.range().from().atZone(zone)) + " \u2013 "
                + RANGE_END.format(dashboard.range().to().atZone(zone)) + "  (" + zone.getId() + ")");
        notes.setText(String.join("\n", dashboard.notes()));
        notes.setVisible(!dashboard.notes().isEmpty());
        showTiles(dashboard);
        showSeries(dashboard);
        showModels(dashboard);
        rankings.get("Users").show(dashboard.users());
        rankings.get("Keys").show(dashboard.keys());
        rankings.get("Models").show(dashboard.models());
        rankings.get("Accounts").show(dashboard.accounts());
        showHeatmap(dashboard.hourOfWeek());
    }

    private void showTiles(Dashboard dashboard) {
        Figures f = dashboard == null ? null : dashboard.figures();
        tile("requests", "Requests", f == null ? Formats.NONE : Formats.count(f.totals().requests()),
                f == null ? "" : Formats.count(f.totals().failed()) + " failed");
        tile("success-rate", "Success rate", f == null ? Formats.NONE : Formats.percent(f.successRate()),
                f == null ? "" : failures(f));
        tile("tokens", "Tokens", f == null ? Formats.NONE : Formats.compactCount(f.totals().totalTokens()),
                f == null ? "" : tokenDetail(f));
        tile("cost", "Cost (estimate)", f == null ? Formats.NONE : CostTexts.total(f.cost()),
                f == null ? "" : CostTexts.unpriced(f.cost()));
        tile("latency", "Average latency", f == null ? Formats.NONE : millis(f.averageLatencyMs()),
                f == null ? "" : "p50 " + millis(f.p50LatencyMs()) + " \u00b7 p95 " + millis(f.p95LatencyMs()));
        tile("ttft", "Time to first token", f == null ? Formats.NONE : millis(f.averageTtftMs()), "average");
        tile("output-rate", "Output speed", f == null ? Formats.NONE : rate(f.outputTokensPerSecond(), "tok/s"),
                "after the first token");
        tile("per-minute", "Per minute", f == null ? Formats.NONE : rate(f.requestsPerMinute(), "req"),
                f == null ? "" : rate(f.tokensPerMinute(), "tokens"));
    }

    private void tile(String id, String caption, String value, String detail) {
        Label[] labels = tileLabels.get(id);
        if (labels == null) {
            Label captionLabel = new Label(caption);
            captionLabel.getStyleClass().add("figure-caption");
            Label valueLabel = new Label();
            valueLabel.setId("dashboard-" + id);
            valueLabel.getStyleClass().add("figure");
            valueLabel.setMinWidth(Region.USE_PREF_SIZE);
            Label detailLabel = new Label();
            detailLabel.setId("dashboard-" + id + "-detail");
            detailLabel.getStyleClass().add("figure-detail");
            detailLabel.setWrapText(true);
            VBox box = new VBox(4, captionLabel, valueLabel, detailLabel);
            box.getStyleClass().addAll("card", "figure-tile");
            box.setPrefWidth(240);
            if (id.equals("cost")) {
                captionLabel.setTooltip(new Tooltip(CostTexts.ESTIMATE_NOTE));
            }
            labels = new Label[] {valueLabel, detailLabel};
            tileLabels.put(id, labels);
            tiles.getChildren().add(box);
        }
        labels[0].setText(value);
        labels[1].setText(detail);
    }

    private static String failures(Figures f) {
        if (f.failuresByStatus().isEmpty()) {
            return "no failures";
        }
        List<String> parts = new ArrayList<>();
        f.failuresByStatusSorted().forEach((status, count) -> parts.add(
                (status == 0 ? "no status" : String.valueOf(status)) + ": " + Formats.count(count)));
        return String.join(" \u00b7 ", parts);
    }

    private static String tokenDetail(Figures f) {
        var t = f.totals();
        return Formats.compactCount(t.uncachedInputTokens()) + " in \u00b7 " + Formats.compactCount(t.cacheReadTokens())
                + " cache read \u00b7 " + Formats.compactCount(t.cacheWriteTokens()) + " cache write \u00b7 "
                + Formats.compactCount(t.outputTokens()) + " out \u00b7 " + Formats.compactCount(t.reasoningTokens())
                + " reasoning" + (t.unclassifiedTokens() == 0 ? ""
                        : " \u00b7 " + Formats.compactCount(t.unclassifiedTokens()) + " unclassified");
    }

    private static String millis(OptionalDouble value) {
        return value.isEmpty() ? Formats.NONE : Formats.millis(value.getAsDouble());
    }

    /** A rate with one decimal, or three below 0.1 so that a quiet range does not read as none. */
    private static String rate(OptionalDouble value, String unit) {
        if (value.isEmpty()) {
            return Formats.NONE;
        }
        double rate = value.getAsDouble();
        String pattern = rate != 0 && rate < 0.1 ? "%.3f %s" : "%.1f %s";
        return String.format(Locale.getDefault(Locale.Category.FORMAT), pattern, rate, unit);
    }

    private void showSeries(Dashboard dashboard) {
        List<SeriesPoint> points = dashboard.series();
        boolean hourly = dashboard.range().hourly();
        ZoneId zone = dashboard.range().zone();
        List<GapBands.Band> gaps = new ArrayList<>();
        for (GapInterval gap : dashboard.gaps()) {
            gaps.add(new GapBands.Band(minuteOf(gap.start()), minuteOf(gap.end()), "Collection gap ("
                    + gap.reason() + ")" + (gap.detail().isEmpty() ? "" : ": " + gap.detail())
                    + " \u2013 usage here may be missing"));
        }
        double lower = minuteOf(dashboard.range().from());
        double upper = minuteOf(dashboard.range().to());
        requestsChart.show(lower, upper, hourly, zone, gaps, List.of(
                series("Succeeded", points, p -> (double) p.succeeded()),
                series("Failed", points, p -> (double) p.failed())));
        tokensChart.show(lower, upper, hourly, zone, gaps, List.of(series("Tokens", points, p -> (double) p.tokens())));
        costChart.show(lower, upper, hourly, zone, gaps, List.of(series("Cost", points, p -> usd(p.cost()))));
        latencyChart.show(lower, upper, hourly, zone, gaps, List.of(
                series("p50", points.stream().filter(p -> p.requests() > 0).toList(),
                        p -> p.p50LatencyMs().orElse(0)),
                series("p95", points.stream().filter(p -> p.requests() > 0).toList(),
                        p -> p.p95LatencyMs().orElse(0))));
    }

    private static double usd(CostTotals cost) {
        return cost.cost().setScale(6, RoundingMode.HALF_UP).doubleValue();
    }

    private static XYChart.Series<Number, Number> series(String name, List<SeriesPoint> points,
            ToDoubleFunction<SeriesPoint> value) {
        XYChart.Series<Number, Number> series = new XYChart.Series<>();
        series.setName(name);
        for (SeriesPoint point : points) {
            // Each bucket is drawn at its middle, so the line covers the time it counts.
            double middle = (minuteOf(point.start()) + minuteOf(point.end())) / 2;
            series.getData().add(new XYChart.Data<>(middle, value.applyAsDouble(point)));
        }
        return series;
    }

    private static double minuteOf(Instant instant) {
        return instant.getEpochSecond() / SECONDS_PER_MINUTE + instant.getNano() / 60e9;
    }

    private void showModels(Dashboard dashboard) {
        List<RankingRow> rows = dashboard.models().rows().stream()
                .sorted((a, b) -> Long.compare(b.requests(), a.requests())).toList();
        List<PieChart.Data> slices = new ArrayList<>();
        long other = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (i < MODEL_SLICES) {
                slices.add(new PieChart.Data(rows.get(i).label(), rows.get(i).requests()));
            } else {
                other += rows.get(i).requests();
            }
        }
        if (other > 0) {
            slices.add(new PieChart.Data("other", other));
        }
        modelChart.setData(FXCollections.observableArrayList(slices));
        long total = rows.stream().mapToLong(RankingRow::requests).sum();
        for (PieChart.Data slice : slices) {
            if (slice.getNode() != null) {
                String share = Formats.percent(OptionalDouble.of(slice.getPieValue() / total));
                Tooltip.install(slice.getNode(), new Tooltip(slice.getName() + ": "
                        + Formats.count((long) slice.getPieValue()) + " requests (" + share + ")"));
            }
        }
    }

    private void showHeatmap(HourOfWeek hours) {
        heatmap.getChildren().clear();
        for (int hour = 0; hour < 24; hour += 3) {
            Label label = new Label(String.format("%02d", hour));
            label.getStyleClass().add("heat-label");
            heatmap.add(label, hour + 1, 0, 3, 1);
        }
        long max = hours.max();
        for (DayOfWeek day : DayOfWeek.values()) {
            Label name = new Label(day.getDisplayName(TextStyle.SHORT, Locale.getDefault(Locale.Category.FORMAT)));
            name.getStyleClass().add("heat-label");
            name.setMinWidth(Region.USE_PREF_SIZE);
            heatmap.add(name, 0, day.getValue());
            for (int hour = 0; hour < 24; hour++) {
                long requests = hours.requests(day, hour);
                Region cell = new Region();
                cell.getStyleClass().add(requests == 0 ? "heat-cell-empty" : "heat-cell");
                cell.setPrefSize(30, 16);
                cell.setMinSize(10, 16);
                if (requests > 0) {
                    // The share of the busiest hour, never fully transparent.
                    cell.setOpacity(0.15 + 0.85 * requests / Math.max(1, max));
                }
                Tooltip.install(cell, new Tooltip(day.getDisplayName(TextStyle.FULL, Locale.getDefault(
                        Locale.Category.FORMAT)) + String.format(" %02d:00 \u2013 %s requests", hour,
                        Formats.count(requests))));
                GridPane.setHgrow(cell, Priority.ALWAYS);
                heatmap.add(cell, hour + 1, day.getValue());
            }
        }
    }

    /** One chart over time, with its axes and tick labels in the display zone. */
    private static final class TimeChart {
        private final LocalTimeAxis x = new LocalTimeAxis();
        private final NumberAxis y = new NumberAxis();
        private final XYChart<Number, Number> chart;
        private final TimeCharts.GapShading shading;
        private final boolean stacked;
        private final boolean wholeCounts;
        private boolean hourly = true;
        private ZoneId zone = ZoneId.systemDefault();

        TimeChart(String id, String title, boolean stacked, boolean wholeCounts) {
            this.stacked = stacked;
            this.wholeCounts = wholeCounts;
            if (stacked) {
                TimeCharts.Stacked area = new TimeCharts.Stacked(x, y);
                area.setCreateSymbols(false);
                chart = area;
                shading = area;
            } else {
                TimeCharts.Lines lines = new TimeCharts.Lines(x, y);
                lines.setCreateSymbols(false);
                chart = lines;
                shading = lines;
            }
            chart.setId(id);
            chart.setTitle(title);
            chart.setAnimated(false);
            chart.setPrefHeight(260);
            chart.setMinWidth(0);
            x.setAutoRanging(false);
            x.setMinorTickVisible(false);
            x.setTickLabelFormatter(new StringConverter<>() {
                @Override
                public String toString(Number minute) {
                    Instant at = Instant.ofEpochSecond(Math.round(minute.doubleValue() * SECONDS_PER_MINUTE));
                    return (hourly ? HOUR_TICK : DAY_TICK).format(at.atZone(zone));
                }

                @Override
                public Number fromString(String text) {
                    throw new UnsupportedOperationException("axis labels are not parsed");
                }
            });
            y.setMinorTickVisible(false);
            y.setForceZeroInRange(true);
        }

        XYChart<Number, Number> chart() {
            return chart;
        }

        void show(double lower, double upper, boolean newHourly, ZoneId newZone, List<GapBands.Band> gaps,
                List<XYChart.Series<Number, Number>> series) {
            hourly = newHourly;
            zone = newZone;
            x.setLowerBound(lower);
            x.setUpperBound(upper);
            double span = upper - lower;
            // About six ticks, on whole local hours or days.
            double unit = hourly ? 60 : 24 * 60;
            x.cutIn(newZone, newHourly, Math.max(unit, Math.ceil(span / 6 / unit) * unit));
            chart.setData(FXCollections.observableArrayList(series));
            shading.showGaps(gaps);
            // Stacked series reach the sum of their values at each point.
            Map<Number, Double> tops = new HashMap<>();
            for (XYChart.Series<Number, Number> one : series) {
                for (XYChart.Data<Number, Number> point : one.getData()) {
                    double value = point.getYValue().doubleValue();
                    tops.merge(point.getXValue(), value, stacked ? Double::sum : Math::max);
                }
            }
            scaleTo(tops.values().stream().mapToDouble(Double::doubleValue).max().orElse(0));
        }

        /**
         * Counts get whole steps of 1, 2 or 5 times a power of ten, at most eight; an empty chart
         * still shows a scale from 0 to 1. Other values scale themselves.
         */
        private void scaleTo(double highest) {
            if (!wholeCounts && highest > 0) {
                y.setAutoRanging(true);
                return;
            }
            y.setAutoRanging(false);
            y.setLowerBound(0);
            if (highest <= 0) {
                y.setUpperBound(1);
                y.setTickUnit(wholeCounts ? 1 : 0.25);
                return;
            }
            for (double magnitude = 1; ; magnitude *= 10) {
                for (double factor : new double[] {1, 2, 5}) {
                    double step = factor * magnitude;
                    if (highest <= step * MAX_TICKS) {
                        y.setTickUnit(step);
                        y.setUpperBound(Math.max(1, Math.ceil(highest / step)) * step);
                        return;
                    }
                }
            }
        }
    }

    /** Dates as {@code 2026-03-01}; text that is no date reads as none instead of failing. */
    private static final class IsoDates extends StringConverter<LocalDate> {
        static LocalDate parse(String text) {
            try {
                return text == null || text.isBlank() ? null : LocalDate.parse(text.strip());
            } catch (DateTimeParseException e) {
                return null;
            }
        }

        @Override
        public String toString(LocalDate date) {
            return date == null ? "" : date.toString();
        }

        @Override
        public LocalDate fromString(String text) {
            return parse(text);
        }
    }

    /** A ranking: name, requests, failed, tokens and cost; a click on a row narrows the scope to it. */
    private final class RankingTable {
        private final TableView<RankingRow> table = new TableView<>();
        private final Label placeholder = new Label("No usage in this range and scope");

        RankingTable(String kind) {
            table.setId("ranking-" + kind.toLowerCase(Locale.ROOT));
            table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
            placeholder.setWrapText(true);
            placeholder.getStyleClass().add("muted");
            table.setPlaceholder(placeholder);
            TableColumn<RankingRow, String> name = new TableColumn<>(kind.substring(0, kind.length() - 1));
            name.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().label()));
            name.setPrefWidth(220);
            table.getColumns().add(name);
            table.getColumns().add(numeric("Requests", r -> Formats.count(r.requests())));
            table.getColumns().add(numeric("Failed", r -> Formats.count(r.failed())));
            table.getColumns().add(numeric("Tokens", r -> Formats.shortCount(r.tokens())));
            table.getColumns().add(numeric("Cost", r -> CostTexts.total(r.cost())));
            table.setOnKeyPressed(event -> {
                RankingRow selected = table.getSelectionModel().getSelectedItem();
                if (event.getCode() == KeyCode.ENTER && selected != null && selected.narrowTo() != null) {
                    model.narrow(selected.narrowTo());
                }
            });
            table.setRowFactory(view -> {
                TableRow<RankingRow> row = new TableRow<>();
                row.setOnMouseClicked(event -> {
                    RankingRow item = row.getItem();
                    if (item != null && item.narrowTo() != null) {
                        model.narrow(item.narrowTo());
                    }
                });
                return row;
            });
        }

        private TableColumn<RankingRow, String> numeric(String title, Function<RankingRow, String> text) {
            TableColumn<RankingRow, String> column = new TableColumn<>(title);
            column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(text.apply(c.getValue())));
            column.setCellFactory(c -> new TableCell<>() {
                @Override
                protected void updateItem(String item, boolean empty) {
                    super.updateItem(item, empty);
                    setText(empty ? null : item);
                }
            });
            column.getStyleClass().add("numeric");
            column.setPrefWidth(90);
            return column;
        }

        void show(Ranking ranking) {
            placeholder.setText(ranking.unavailable().isEmpty() ? "No usage in this range and scope"
                    : ranking.unavailable());
            table.getItems().setAll(ranking.rows());
        }
    }
}
