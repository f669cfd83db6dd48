package dev.cpaconsole.cpa;

import java.time.Instant;

/**
 * One entry of {@code GET /auth-files}: an OAuth credential CPA routes requests through. Fields a
 * CPA build does not send are null (objects), "" (text), false or 0.
 *
 * @param name file name, the entry's primary key
 * @param id path relative to the auth directory
 * @param authIndex credential id that usage events carry; re-read it, it changes when the file moves
 * @param type credential type ({@code codex}, {@code claude}...), falling back to the provider
 * @param provider provider id
 * @param label display label, usually the email
 * @param email account email when known
 * @param status {@code active}, {@code disabled}, {@code error}, {@code pending}, {@code refreshing}...
 * @param statusMessage CPA's reason for the status, may be ""
 * @param disabled switched off by the operator
 * @param unavailable in cooldown
 * @param runtimeOnly held in memory only
 * @param success successful requests since CPA started
 * @param failed failed requests since CPA started
 * @param nextRetryAfter end of the cooldown, or null
 * @param lastRefresh last token refresh, or null
 * @param priority routing priority, or null
 * @param note operator note, may be ""
 * @param planType Codex plan type from the id token, may be ""
 * @param chatgptAccountId Codex account id from the id token, may be ""
 */
public record AuthFile(
        String name,
        String id,
        String authIndex,
        String type,
        String provider,
        String label,
        String email,
        String status,
        String statusMessage,
        boolean disabled,
        boolean unavailable,
        boolean runtimeOnly,
        long success,
        long failed,
        Instant nextRetryAfter,
        Instant lastRefresh,
        Integer priority,
        String note,
        String planType,
        String chatgptAccountId) {

    /** All requests CPA counted for this credential since it started. */
    public long requests() {
        return success + failed;
    }
}
