package dev.cpaconsole.dashboard.ui;

import java.util.List;

import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.StackedAreaChart;
import javafx.scene.chart.ValueAxis;

/** Charts over time that shade the collection gaps of their range. */
final class TimeCharts {
    private TimeCharts() {
    }

    /** A chart that shows gap bands. */
    interface GapShading {
        void showGaps(List<GapBands.Band> bands);

        int gapCount();
    }

    /** Stacked areas over time (requests: succeeded and failed). */
    static final class Stacked extends StackedAreaChart<Number, Number> implements GapShading {
        private final GapBands gaps = new GapBands();

        Stacked(ValueAxis<Number> x, NumberAxis y) {
            super(x, y);
        }

        @Override
        public void showGaps(List<GapBands.Band> bands) {
            gaps.set(bands, getPlotChildren());
            requestChartLayout();
        }

        @Override
        public int gapCount() {
            return gaps.count();
        }

        @Override
        protected void layoutPlotChildren() {
            super.layoutPlotChildren();
            gaps.layout(getXAxis(), getYAxis());
        }
    }

    /** Lines over time (tokens, cost, latency percentiles). */
    static final class Lines extends LineChart<Number, Number> implements GapShading {
        private final GapBands gaps = new GapBands();

        Lines(ValueAxis<Number> x, NumberAxis y) {
            super(x, y);
        }

        @Override
        public void showGaps(List<GapBands.Band> bands) {
            gaps.set(bands, getPlotChildren());
            requestChartLayout();
        }

        @Override
        public int gapCount() {
            return gaps.count();
        }

        @Override
        protected void layoutPlotChildren() {
            super.layoutPlotChildren();
            gaps.layout(getXAxis(), getYAxis());
        }
    }
}
