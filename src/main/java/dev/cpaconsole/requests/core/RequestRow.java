package dev.cpaconsole.requests.core;

import java.time.Instant;

import dev.cpaconsole.usage.core.CpaTimestamps;
import dev.cpaconsole.usage.core.TokenBuckets;

/**
 * One usage event as the requests list shows it. Nothing here is secret: the client key is
 * masked, and so is a credential identity that is itself an upstream API key.
 *
 * @param id the event's database id
 * @param timestampNanos start of the attempt, UTC epoch nanoseconds
 * @param requestId CPA's request id shared by all attempts of one client request; may be ""
 * @param provider executor id such as {@code codex}
 * @param model upstream model actually called
 * @param alias model name the client asked for
 * @param endpoint {@code "<METHOD> <path>"}
 * @param authType {@code oauth}, {@code apikey} or {@code unknown}
 * @param authIndex credential id; "" when none
 * @param source credential identity for display (an e-mail, a project id, or a masked API key)
 * @param clientKeyMasked masked client key, or "" when the request carried none
 * @param clientKeyHint the first 8 hex digits of the client key's SHA-256, telling apart keys that
 *     share a mask; "" when the request carried none
 * @param keyName name of the managed key that has or had this client key, or "" for an unmanaged key
 * @param userName owner of that managed key, or ""
 * @param failed CPA counted the attempt as failed
 * @param statusCode upstream or derived status, or null
 * @param latencyMs attempt duration
 * @param ttftMs time to the first token, or null when CPA sent none
 * @param reasoningEffort as the client asked, or ""
 * @param serviceTier as the client asked, or ""
 * @param tokens the event's token buckets
 */
public record RequestRow(
        long id,
        long timestampNanos,
        String requestId,
        String provider,
        String model,
        String alias,
        String endpoint,
        String authType,
        String authIndex,
        String source,
        String clientKeyMasked,
        String clientKeyHint,
        String keyName,
        String userName,
        boolean failed,
        Integer statusCode,
        long latencyMs,
        Integer ttftMs,
        String reasoningEffort,
        String serviceTier,
        TokenBuckets tokens) {

    public Instant time() {
        return CpaTimestamps.fromEpochNanos(timestampNanos);
    }

    /** {@code failed} when CPA counted the attempt as failed, otherwise {@code ok}. */
    public String outcome() {
        return failed ? "failed" : "ok";
    }
}
