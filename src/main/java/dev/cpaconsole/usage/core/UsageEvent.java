package dev.cpaconsole.usage.core;

import java.util.Objects;

/**
 * One upstream attempt as reported by CPA, normalised. The client key is never held in plain
 * text: only its hash and masked form.
 *
 * @param timestampNanos start of the attempt, UTC epoch nanoseconds
 * @param recordHash SHA-256 of the canonical form of {@code storedRecord}; with the timestamp it
 *     identifies the event
 * @param storedRecord the record as received, with {@code api_key} replaced by its hash
 * @param requestId CPA's 8-hex request id, shared by every attempt of one client request; may be ""
 * @param provider executor id such as {@code codex} or {@code claude}
 * @param model upstream model actually called
 * @param alias model name the client asked for
 * @param endpoint {@code "<METHOD> <path>"}
 * @param authType {@code oauth}, {@code apikey} or {@code unknown}
 * @param authIndex credential id; "" when none
 * @param source credential identity (email, project id...); may be ""
 * @param clientKeyHash hex SHA-256 of the client key, or "" when the request carried none
 * @param clientKeyMasked masked client key for display, or ""
 * @param failed CPA counted the attempt as failed
 * @param statusCode upstream or derived status, when the record carries one
 * @param latencyMs attempt duration
 * @param ttftMs time to first byte, when known
 * @param tokens normalised token buckets
 * @param reasoningEffort requested thinking level; may be ""
 * @param serviceTier requested service tier; may be ""
 * @param clientIp downstream client IP; may be ""
 * @param userAgent downstream user agent; may be ""
 */
public record UsageEvent(
        long timestampNanos,
        byte[] recordHash,
        String storedRecord,
        String requestId,
        String provider,
        String model,
        String alias,
        String endpoint,
        String authType,
        String authIndex,
        String source,
        String clientKeyHash,
        String clientKeyMasked,
        boolean failed,
        Integer statusCode,
        long latencyMs,
        Integer ttftMs,
        TokenBuckets tokens,
        String reasoningEffort,
        String serviceTier,
        String clientIp,
        String userAgent) {

    public UsageEvent {
        Objects.requireNonNull(recordHash, "recordHash");
        Objects.requireNonNull(storedRecord, "storedRecord");
        Objects.requireNonNull(tokens, "tokens");
    }

    public boolean hasClientKey() {
        return !clientKeyHash.isEmpty();
    }
}
