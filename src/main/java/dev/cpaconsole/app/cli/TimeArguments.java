package dev.cpaconsole.app.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/** Times as commands take them: an instant, an offset or local date-time, or a date. */
final class TimeArguments {
    private TimeArguments() {
    }

    /**
     * An instant, an offset date-time, a local date-time in {@code zone}, or a date: its start, or
     * for the end of a range the start of the next day, so that the whole day is included.
     *
     * @return null when {@code text} is null
     * @throws UsageError naming {@code option} when the text is none of these
     */
    static Instant parse(String option, String text, ZoneId zone, boolean endOfRange) {
        if (text == null) {
            return null;
        }
        String value = text.trim();
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            // Not with an offset; try the forms without one.
        }
        try {
            return LocalDateTime.parse(value).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            // Not a local date-time; try a date.
        }
        try {
            LocalDate date = LocalDate.parse(value);
            return (endOfRange ? date.plusDays(1) : date).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new UsageError(option + ": cannot read '" + text
                    + "' as a time (use 2026-03-08, 2026-03-08T10:00, 2026-03-08T10:00:00Z or 2026-03-08T10:00+01:00)");
        }
    }
}
