package dev.cpaconsole.keys.core;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/**
 * The period a budget or quota counts over: the current calendar day, ISO week (from Monday) or
 * month in the console's time zone. Each period starts at local midnight, so a day may have 23 or
 * 25 hours.
 */
public enum LimitPeriod {
    DAY("day"),
    WEEK("week"),
    MONTH("month");

    private final String code;

    LimitPeriod(String code) {
        this.code = code;
    }

    /** The stored and printed form: {@code day}, {@code week} or {@code month}. */
    public String code() {
        return code;
    }

    /** The period named {@code code}, in any case. */
    public static LimitPeriod of(String code) {
        for (LimitPeriod period : values()) {
            if (period.code.equals(code.strip().toLowerCase(Locale.ROOT))) {
                return period;
            }
        }
        throw new IllegalArgumentException("a period is day, week or month, not '" + code + "'");
    }

    /** When the period that contains {@code now} began, in {@code zone}. */
    public Instant start(Instant now, ZoneId zone) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        LocalDate first = switch (this) {
            case DAY -> today;
            case WEEK -> today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> today.withDayOfMonth(1);
        };
        return first.atStartOfDay(zone).toInstant();
    }

    /** When the period that contains {@code now} ends and the next one begins, in {@code zone}. */
    public Instant end(Instant now, ZoneId zone) {
        LocalDate first = LocalDate.ofInstant(start(now, zone), zone);
        LocalDate next = switch (this) {
            case DAY -> first.plusDays(1);
            case WEEK -> first.plusWeeks(1);
            case MONTH -> first.plusMonths(1);
        };
        return next.atStartOfDay(zone).toInstant();
    }
}
