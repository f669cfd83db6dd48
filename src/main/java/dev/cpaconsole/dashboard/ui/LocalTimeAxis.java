package dev.cpaconsole.dashboard.ui;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import javafx.scene.chart.ValueAxis;
import javafx.util.StringConverter;

/**
 * A time axis in minutes since the epoch whose ticks fall on whole local hours or local midnights
 * of a zone, every so many hours or days counted from a local midnight, whatever instant the range
 * starts at; days of 23 or 25 hours and offsets such as +05:45 keep their ticks on the hour.
 */
final class LocalTimeAxis extends ValueAxis<Number> {
    private static final double MINUTES_PER_HOUR = 60;
    private static final double MINUTES_PER_DAY = 24 * 60;

    private ZoneId zone = ZoneId.systemDefault();
    private boolean hourly = true;
    private double tickUnit = MINUTES_PER_HOUR;

    LocalTimeAxis() {
        setAutoRanging(false);
        setMinorTickVisible(false);
    }

    /**
     * Cuts ticks in {@code newZone}, on hours when {@code newHourly}, else on days, about
     * {@code unit} minutes apart.
     */
    void cutIn(ZoneId newZone, boolean newHourly, double unit) {
        zone = newZone;
        hourly = newHourly;
        tickUnit = unit;
        invalidateRange();
    }

    @Override
    protected List<Number> calculateMinorTickMarks() {
        return List.of();
    }

    @Override
    protected void setRange(Object range, boolean animate) {
        double[] bounds = (double[]) range;
        setLowerBound(bounds[0]);
        setUpperBound(bounds[1]);
    }

    @Override
    protected Object getRange() {
        return new double[] {getLowerBound(), getUpperBound()};
    }

    @Override
    protected List<Number> calculateTickValues(double length, Object range) {
        double[] bounds = (double[]) range;
        return ticks(bounds[0], bounds[1], tickUnit, zone, hourly);
    }

    @Override
    protected String getTickMarkLabel(Number value) {
        StringConverter<Number> formatter = getTickLabelFormatter();
        return formatter == null ? value.toString() : formatter.toString(value);
    }

    /**
     * The ticks within {@code [lower, upper]} (minutes since the epoch): whole local hours whose
     * hour of day is a multiple of the step in hours, or local midnights every so many days from
     * the first, the step being {@code unit} minutes rounded to whole hours or days.
     */
    static List<Number> ticks(double lower, double upper, double unit, ZoneId zone, boolean hourly) {
        List<Number> ticks = new ArrayList<>();
        if (!(upper >= lower)) {
            return ticks;
        }
        LocalDate day = Instant.ofEpochSecond((long) Math.floor(lower * 60)).atZone(zone).toLocalDate();
        if (hourly) {
            long step = Math.max(1, Math.round(unit / MINUTES_PER_HOUR));
            for (ZonedDateTime midnight = day.atStartOfDay(zone); minutes(midnight) <= upper;
                    midnight = midnight.toLocalDate().plusDays(1).atStartOfDay(zone)) {
                for (long hour = 0; hour < 24; hour += step) {
                    ZonedDateTime at = midnight.toLocalDate().atTime((int) hour, 0).atZone(zone);
                    // A local hour skipped by a daylight-saving change has no tick.
                    if (at.getHour() == hour && minutes(at) >= lower && minutes(at) <= upper) {
                        ticks.add(minutes(at));
                    }
                }
            }
        } else {
            long step = Math.max(1, Math.round(unit / MINUTES_PER_DAY));
            ZonedDateTime at = day.atStartOfDay(zone);
            if (minutes(at) < lower) {
                at = day.plusDays(1).atStartOfDay(zone);
            }
            for (; minutes(at) <= upper; at = at.toLocalDate().plusDays(step).atStartOfDay(zone)) {
                ticks.add(minutes(at));
            }
        }
        return ticks;
    }

    private static double minutes(ZonedDateTime at) {
        return at.toEpochSecond() / 60.0;
    }
}
