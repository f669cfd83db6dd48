package dev.cpaconsole.dashboard.ui;

import java.util.ArrayList;
import java.util.List;

import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.chart.Axis;
import javafx.scene.chart.ValueAxis;
import javafx.scene.control.Tooltip;
import javafx.scene.shape.Rectangle;

/**
 * Shaded intervals behind a time chart's series: the collection gaps, where usage may be missing,
 * so that a dip there is never read as quiet. Each band is a rectangle of style class
 * {@code gap-band} spanning the plot's height, with the gap's reason as tooltip.
 */
final class GapBands {
    /** One interval in the units of the chart's x axis. */
    record Band(double from, double to, String text) {
    }

    private final List<Rectangle> shown = new ArrayList<>();
    private List<Band> bands = List.of();

    void set(List<Band> newBands, ObservableList<Node> plotChildren) {
        plotChildren.removeAll(shown);
        shown.clear();
        bands = List.copyOf(newBands);
        for (Band band : bands) {
            Rectangle rectangle = new Rectangle();
            rectangle.getStyleClass().add("gap-band");
            rectangle.setManaged(false);
            rectangle.setMouseTransparent(false);
            Tooltip.install(rectangle, new Tooltip(band.text()));
            shown.add(rectangle);
        }
        // Behind the series, so that what was collected stays visible.
        plotChildren.addAll(0, shown);
    }

    /** Places the bands; called from the chart's {@code layoutPlotChildren}. */
    void layout(Axis<Number> xAxis, Axis<Number> yAxis) {
        if (!(xAxis instanceof ValueAxis<Number> x)) {
            return;
        }
        for (int i = 0; i < shown.size(); i++) {
            Band band = bands.get(i);
            double from = Math.max(x.getLowerBound(), band.from());
            double to = Math.min(x.getUpperBound(), band.to());
            Rectangle rectangle = shown.get(i);
            if (to <= from) {
                rectangle.setVisible(false);
                continue;
            }
            double left = x.getDisplayPosition(from);
            double right = x.getDisplayPosition(to);
            rectangle.setVisible(true);
            rectangle.setX(left);
            rectangle.setY(0);
            // At least a pixel, so that a short gap on a long range still shows.
            rectangle.setWidth(Math.max(1, right - left));
            rectangle.setHeight(yAxis.getHeight());
        }
    }

    int count() {
        return shown.size();
    }
}
