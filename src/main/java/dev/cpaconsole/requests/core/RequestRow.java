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
 * @param failed CPA counted the attempt as failed
 * @param statusCode upstream or derived status, or null
 * @param latencyMs attempt duration
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
        boolean failed,
        Integer statusCode,
        long latencyMs,
        TokenBuckets tokens) {

    public Instant time() {
        return CpaTimestamps.fromEpochNanos(timestampNanos);
    }

    /** The cursor that continues the list after this row. */
    public RequestCursor cursor() {
        return new RequestCursor(timestampNanos, id);
    }
}
