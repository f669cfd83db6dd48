package dev.cpaconsole.usage.core;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPA's timestamps: Go {@code time.Time} rendered as RFC 3339 with the server's offset and up to
 * nine fractional digits, trailing zeros dropped ({@code 2026-08-22T14:05:07.1234+08:00},
 * {@code 2026-08-22T06:05:07Z}). The console keeps instants as UTC epoch nanoseconds.
 */
public final class CpaTimestamps {
    private static final Pattern RFC_3339 = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})[Tt](\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{0,9}))?"
                    + "(?:([Zz])|([+-])(\\d{2}):(\\d{2}))");
    private static final int MAX_QUOTED = 64;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private CpaTimestamps() {
    }

    /**
     * Parses an RFC 3339 date-time with a {@code Z} or numeric offset and an optional fraction of
     * up to nine digits.
     *
     * @throws IllegalArgumentException if {@code text} is not such a timestamp; the message quotes it
     */
    public static Instant parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("timestamp is missing");
        }
        Matcher m = RFC_3339.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not an RFC 3339 timestamp: " + quote(text));
        }
        try {
            String fraction = m.group(7) == null ? "" : m.group(7);
            int nanos = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "000000000").substring(0, 9));
            LocalDateTime local = LocalDateTime.of(
                    Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)),
                    nanos);
            ZoneOffset offset = ZoneOffset.UTC;
            if (m.group(8) == null) {
                int hours = Integer.parseInt(m.group(10));
                int minutes = Integer.parseInt(m.group(11));
                if (minutes > 59) {
                    throw new DateTimeException("offset minutes out of range");
                }
                int sign = "-".equals(m.group(9)) ? -1 : 1;
                offset = ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
            }
            return local.toInstant(offset);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("not a valid RFC 3339 timestamp: " + quote(text)
                    + " (" + e.getMessage() + ")", e);
        }
    }

    /**
     * UTC epoch nanoseconds of {@code instant}.
     *
     * @throws ArithmeticException outside the years 1677 to 2262, which nanoseconds in a long cannot hold
     */
    public static long toEpochNanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
    }

    /** The instant of UTC epoch nanoseconds {@code nanos}. */
    public static Instant fromEpochNanos(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
    }

    private static String quote(String text) {
        String shown = text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) + "…" : text;
        return "'" + shown + "'";
    }
}
