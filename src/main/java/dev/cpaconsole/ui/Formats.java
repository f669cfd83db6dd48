package dev.cpaconsole.ui;

import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.OptionalDouble;

/** How figures read on screen, the same way on every screen. */
public final class Formats {
    /** Shown where there is no value, e.g. a success rate without requests. */
    public static final String NONE = "\u2013";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final DateTimeFormatter DATE_TIME_TO_SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter DATE_TIME_TO_MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final long COMPACT_FROM = 100_000;
    private static final long MILLION = 1_000_000;

    private Formats() {
    }

    /** A whole number with the locale's grouping, e.g. {@code 12,345}. */
    public static String count(long value) {
        return NumberFormat.getIntegerInstance().format(value);
    }

    /** Large numbers shortened, e.g. {@code 1.2 M}; smaller ones in full. */
    public static String compactCount(long value) {
        if (Math.abs(value) < COMPACT_FROM) {
            return count(value);
        }
        double scaled = value;
        String[] units = {"k", "M", "G", "T"};
        int unit = -1;
        while (Math.abs(scaled) >= 1000 && unit < units.length - 1) {
            scaled /= 1000;
            unit++;
        }
        return String.format(Locale.getDefault(Locale.Category.FORMAT), "%.1f %s", scaled, units[unit]);
    }

    /**
     * A count for a narrow column: in full below a million, from there in millions with two
     * decimals, e.g. {@code 999,999} and {@code 1.23 M}. Where it shortens, keep the exact
     * {@link #count} one step away, e.g. in a tooltip.
     */
    public static String shortCount(long value) {
        if (Math.abs(value) < MILLION) {
            return count(value);
        }
        return String.format(Locale.getDefault(Locale.Category.FORMAT), "%.2f M", (double) value / MILLION);
    }

    /** A share between 0 and 1 as a percentage with one decimal, e.g. {@code 99.5 %}. */
    public static String percent(OptionalDouble share) {
        if (share.isEmpty()) {
            return NONE;
        }
        return String.format(Locale.getDefault(Locale.Category.FORMAT), "%.1f %%", share.getAsDouble() * 100);
    }

    /** A duration in milliseconds, switching to seconds from one second on. */
    public static String millis(double millis) {
        if (millis < 1000) {
            return String.format(Locale.getDefault(Locale.Category.FORMAT), "%.0f ms", millis);
        }
        return String.format(Locale.getDefault(Locale.Category.FORMAT), "%.2f s", millis / 1000);
    }

    public static String time(Instant instant, ZoneId zone) {
        return instant == null ? NONE : TIME.format(instant.atZone(zone));
    }

    public static String dateTimeToSecond(Instant instant, ZoneId zone) {
        return instant == null ? NONE : DATE_TIME_TO_SECOND.format(instant.atZone(zone));
    }

    /** For columns where the minute is enough, e.g. when a key was last used. */
    public static String dateTimeToMinute(Instant instant, ZoneId zone) {
        return instant == null ? NONE : DATE_TIME_TO_MINUTE.format(instant.atZone(zone));
    }

    public static String dateTime(Instant instant, ZoneId zone) {
        return instant == null ? NONE : DATE_TIME.format(instant.atZone(zone));
    }
}
