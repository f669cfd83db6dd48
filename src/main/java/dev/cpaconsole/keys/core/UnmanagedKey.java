package dev.cpaconsole.keys.core;

import java.time.Instant;

/**
 * A key CPA holds that the console does not manage.
 *
 * @param hash the hash of its value, how it is adopted or removed
 * @param masked its value masked
 * @param requests usage events that carried it, over all of history
 * @param lastSeen its newest usage event; null when it was never used
 * @param refusal why it cannot be adopted as it is (a published example value, for one); "" when it can
 */
public record UnmanagedKey(String hash, String masked, long requests, Instant lastSeen, String refusal) {
}
