package dev.cpaconsole.overview.ui;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.StackedAreaChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

import dev.cpaconsole.overview.core.OverviewSnapshot;
import dev.cpaconsole.overview.core.RequestCounts;
import dev.cpaconsole.ui.CostTexts;
import dev.cpaconsole.ui.Formats;

/** The overview screen: cards for today and the last 24 hours, and requests over time. */
public final class OverviewView {
    private static final long SECONDS_PER_MINUTE = 60;
    private static final double HOURS_BETWEEN_TICKS = 3;

    private final OverviewViewModel model;
    private final ZoneId zone;
    private final VBox root = new VBox();
    private final Label error = new Label();
    private final NumberAxis timeAxis = new NumberAxis();
    private final NumberAxis countAxis = new NumberAxis();
    private final StackedAreaChart<Number, Number> chart = new StackedAreaChart<>(timeAxis, countAxis);
    private final XYChart.Series<Number, Number> succeeded = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> failed = new XYChart.Series<>();
    private Card todayCard;
    private Card dayCard;

    public OverviewView(OverviewViewModel model, ZoneId zone) {
        this.model = model;
        this.zone = zone;
        build();
        bind();
    }

    public Node root() {
        return root;
    }

    private void build() {
        Label title = new Label("Overview");
        title.getStyleClass().add("screen-title");

        todayCard = new Card("today", "Today");
        dayCard = new Card("day", "Last 24 hours");
        HBox cards = new HBox(16, todayCard.root, dayCard.root);
        HBox.setHgrow(todayCard.root, Priority.ALWAYS);
        HBox.setHgrow(dayCard.root, Priority.ALWAYS);
        Label costNote = new Label(CostTexts.ESTIMATE_NOTE);
        costNote.setId("overview-cost-note");
        costNote.getStyleClass().add("muted");
        costNote.setWrapText(true);
        costNote.setMinHeight(Region.USE_PREF_SIZE);
        VBox figures = new VBox(6, cards, costNote);

        error.getStyleClass().add("error-message");
        error.setId("overview-error");
        error.managedProperty().bind(error.visibleProperty());

        succeeded.setName("Succeeded");
        failed.setName("Failed");
        ObservableList<XYChart.Series<Number, Number>> series = FXCollections.observableArrayList();
        series.add(succeeded);
        series.add(failed);
        chart.setData(series);
        chart.setId("requests-chart");
        chart.setTitle("Requests over the last 24 hours");
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.setMinHeight(240);
        timeAxis.setAutoRanging(false);
        timeAxis.setMinorTickVisible(false);
        timeAxis.setTickLabelFormatter(new MinuteOfEpochLabels());
        countAxis.setLabel("requests per slot");
        countAxis.setMinorTickVisible(false);
        countAxis.setAutoRanging(false);
        countAxis.setLowerBound(0);
        countAxis.setTickLabelFormatter(new WholeCountLabels());
        showCountScale(CountAxisScale.upTo(0));
        VBox.setVgrow(chart, Priority.ALWAYS);

        root.getStyleClass().add("screen");
        root.setSpacing(16);
        root.setPadding(new Insets(20));
        root.getChildren().addAll(title, error, figures, chart);
    }

    private void bind() {
        error.textProperty().bind(model.errorMessageProperty());
        error.visibleProperty().bind(model.errorMessageProperty().isNotEmpty());
        todayCard.show(model.todayProperty());
        dayCard.show(model.last24HoursProperty());
        model.snapshotProperty().addListener((observable, old, snapshot) -> showSeries(snapshot));
        showSeries(model.snapshotProperty().get());
    }

    private void showSeries(OverviewSnapshot snapshot) {
        if (snapshot == null || snapshot.requestsOverTime().isEmpty()) {
            return;
        }
        List<RequestCounts> counts = snapshot.requestsOverTime();
        long slotMinutes = snapshot.slot().toMinutes();
        // Each slot is drawn at its middle, so the area covers the slot it counts.
        succeeded.getData().setAll(counts.stream()
                .map(c -> new XYChart.Data<Number, Number>(minuteOf(c.start()) + slotMinutes / 2.0, c.succeeded()))
                .toList());
        failed.getData().setAll(counts.stream()
                .map(c -> new XYChart.Data<Number, Number>(minuteOf(c.start()) + slotMinutes / 2.0, c.failed()))
                .toList());
        timeAxis.setLowerBound(minuteOf(counts.getFirst().start()));
        timeAxis.setUpperBound(minuteOf(counts.getLast().start()) + slotMinutes);
        timeAxis.setTickUnit(HOURS_BETWEEN_TICKS * 60);
        long highest = counts.stream().mapToLong(RequestCounts::total).max().orElse(0);
        showCountScale(CountAxisScale.upTo(highest));
    }

    private void showCountScale(CountAxisScale scale) {
        countAxis.setTickUnit(scale.tickUnit());
        countAxis.setUpperBound(scale.upperBound());
    }

    private static long minuteOf(Instant instant) {
        return instant.getEpochSecond() / SECONDS_PER_MINUTE;
    }

    /** Tick labels of the time axis, which counts minutes since the epoch. */
    private final class MinuteOfEpochLabels extends StringConverter<Number> {
        @Override
        public String toString(Number minute) {
            String time = Formats.time(Instant.ofEpochSecond(minute.longValue() * SECONDS_PER_MINUTE), zone);
            return time.substring(0, time.lastIndexOf(':'));
        }

        @Override
        public Number fromString(String text) {
            throw new UnsupportedOperationException("axis labels are not parsed");
        }
    }

    /** Tick labels of the count axis: whole numbers, as the ticks are. */
    private static final class WholeCountLabels extends StringConverter<Number> {
        @Override
        public String toString(Number count) {
            return Formats.count(Math.round(count.doubleValue()));
        }

        @Override
        public Number fromString(String text) {
            throw new UnsupportedOperationException("axis labels are not parsed");
        }
    }

    /** One card: a title, four figures of usage and the cost. */
    private static final class Card {
        private final VBox root = new VBox(12);
        private final Label requests = figure();
        private final Label successRate = figure();
        private final Label tokens = figure();
        private final Label tokenDetail = new Label();
        private final Label latency = figure();
        private final Label cost = figure();
        private final Label unpriced = new Label();

        Card(String id, String title) {
            Label heading = new Label(title);
            heading.getStyleClass().add("card-title");
            requests.setId(id + "-requests");
            successRate.setId(id + "-success-rate");
            tokens.setId(id + "-tokens");
            tokenDetail.setId(id + "-token-detail");
            tokenDetail.getStyleClass().add("figure-detail");
            tokenDetail.setMinWidth(Region.USE_PREF_SIZE);
            latency.setId(id + "-latency");
            cost.setId(id + "-cost");
            unpriced.setId(id + "-unpriced");
            unpriced.getStyleClass().add("warning-message");
            unpriced.setMinWidth(Region.USE_PREF_SIZE);

            GridPane figures = new GridPane(24, 4);
            figures.add(caption("Requests"), 0, 0);
            figures.add(requests, 0, 1);
            figures.add(caption("Success rate"), 1, 0);
            figures.add(successRate, 1, 1);
            Label tokensCaption = caption("Tokens");
            Label latencyCaption = caption("Average latency");
            GridPane.setMargin(tokensCaption, new Insets(8, 0, 0, 0));
            GridPane.setMargin(latencyCaption, new Insets(8, 0, 0, 0));
            figures.add(tokensCaption, 0, 2);
            figures.add(tokens, 0, 3);
            figures.add(tokenDetail, 0, 4);
            figures.add(latencyCaption, 1, 2);
            figures.add(latency, 1, 3);
            Label costCaption = caption("Cost (estimate)");
            costCaption.setTooltip(new Tooltip(CostTexts.ESTIMATE_NOTE));
            figures.add(costCaption, 2, 0);
            figures.add(cost, 2, 1);
            figures.add(unpriced, 2, 2);

            root.getStyleClass().add("card");
            root.getChildren().addAll(heading, figures);
        }

        void show(ObservableValue<SummaryFigures> figures) {
            requests.textProperty().bind(figures.map(SummaryFigures::requests));
            successRate.textProperty().bind(figures.map(SummaryFigures::successRate));
            tokens.textProperty().bind(figures.map(SummaryFigures::tokens));
            tokenDetail.textProperty().bind(figures.map(SummaryFigures::tokenDetail));
            latency.textProperty().bind(figures.map(SummaryFigures::averageLatency));
            cost.textProperty().bind(figures.map(SummaryFigures::cost));
            unpriced.textProperty().bind(figures.map(SummaryFigures::unpriced));
        }

        private static Label figure() {
            Label label = new Label();
            label.getStyleClass().add("figure");
            label.setMinWidth(Region.USE_PREF_SIZE);
            return label;
        }

        private static Label caption(String text) {
            Label label = new Label(text);
            label.getStyleClass().add("figure-caption");
            label.setMinWidth(Region.USE_PREF_SIZE);
            return label;
        }
    }
}
