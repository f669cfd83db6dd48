package dev.cpaconsole.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** Renders times and durations the way CPA's Go runtime prints them. */
final class GoText {
    private GoText() {
    }

    /**
     * RFC 3339 with up to nine fraction digits, trailing zeros dropped, and the zone's offset
     * ({@code Z} for UTC), as Go's {@code time.RFC3339Nano}.
     */
    static String timestamp(Instant instant, ZoneId zone) {
        ZonedDateTime local = instant.atZone(zone);
        StringBuilder text = new StringBuilder(36);
        text.append(String.format("%04d-%02d-%02dT%02d:%02d:%02d", local.getYear(), local.getMonthValue(),
                local.getDayOfMonth(), local.getHour(), local.getMinute(), local.getSecond()));
        int nanos = local.getNano();
        if (nanos != 0) {
            String fraction = String.format("%09d", nanos);
            int end = fraction.length();
            while (fraction.charAt(end - 1) == '0') {
                end--;
            }
            text.append('.').append(fraction, 0, end);
        }
        ZoneOffset offset = local.getOffset();
        text.append(offset.getTotalSeconds() == 0 ? "Z" : offset.getId());
        return text.toString();
    }

    /** A duration rounded to whole seconds and printed like Go's {@code Duration.String()}. */
    static String durationInSeconds(Duration duration) {
        long nanos = duration.toNanos();
        long seconds = Math.abs(nanos) / 1_000_000_000L;
        if (Math.abs(nanos) % 1_000_000_000L >= 500_000_000L) {
            seconds++;
        }
        String sign = nanos < 0 && seconds > 0 ? "-" : "";
        if (seconds == 0) {
            return "0s";
        }
        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        long rest = seconds % 60;
        if (hours > 0) {
            return sign + hours + "h" + minutes + "m" + rest + "s";
        }
        if (minutes > 0) {
            return sign + minutes + "m" + rest + "s";
        }
        return sign + rest + "s";
    }
}
