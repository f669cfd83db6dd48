package dev.cpaconsole.cpa;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * CPA's runtime configuration as returned by {@code GET /config}.
 *
 * @param usageQueueRetentionSeconds how long CPA keeps an unread usage event
 *     ({@code redis-usage-queue-retention-seconds}, clamped to 1..3600 as CPA does; 60 when unset)
 * @param raw the whole document, for settings not typed here; it contains client keys in plain text
 */
public record CpaConfig(int usageQueueRetentionSeconds, JsonNode raw) {
    public static final int DEFAULT_RETENTION_SECONDS = 60;
    public static final int MAX_RETENTION_SECONDS = 3600;

    /** Applies CPA's own rule: missing or ≤ 0 becomes 60, anything above 3600 becomes 3600. */
    public static int clampRetention(JsonNode value) {
        if (value == null || !value.canConvertToLong()) {
            return DEFAULT_RETENTION_SECONDS;
        }
        long seconds = value.asLong();
        if (seconds <= 0) {
            return DEFAULT_RETENTION_SECONDS;
        }
        return (int) Math.min(seconds, MAX_RETENTION_SECONDS);
    }
}
