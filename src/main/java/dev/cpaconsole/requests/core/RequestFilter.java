package dev.cpaconsole.requests.core;

import java.time.Instant;

/**
 * Which usage events the requests list shows. Every part is optional (null); the parts combine.
 * Provider, model, endpoint and request id are stripped, and blank means any; account, reasoning
 * effort and service tier are matched exactly, because CPA leaves them "" when a request had none
 * and "" is a value worth finding.
 *
 * @param from earliest start, inclusive
 * @param to latest start, exclusive
 * @param userId only events of the client keys this user's managed keys have or had
 * @param keyId only events of the values this managed key has or had
 * @param provider only events of this provider
 * @param model only events whose upstream model or alias is this
 * @param endpoint only events of this endpoint, {@code "<METHOD> <path>"}
 * @param account only events served by the credential with this {@code auth_index}
 * @param outcome only succeeded or failed events, or those with one status code
 * @param reasoningEffort only events with this reasoning effort
 * @param serviceTier only events with this service tier
 * @param requestId only the attempts of this request id
 */
public record RequestFilter(Instant from, Instant to, Long userId, Long keyId, String provider, String model,
        String endpoint, String account, RequestOutcome outcome, String reasoningEffort, String serviceTier,
        String requestId) {
    public static final RequestFilter ALL = new RequestFilter(null, null, null, null, null, null, null, null, null,
            null, null, null);

    public RequestFilter {
        provider = blankToNull(provider);
        model = blankToNull(model);
        endpoint = blankToNull(endpoint);
        requestId = blankToNull(requestId);
    }

    public RequestFilter between(Instant newFrom, Instant newTo) {
        return new RequestFilter(newFrom, newTo, userId, keyId, provider, model, endpoint, account, outcome,
                reasoningEffort, serviceTier, requestId);
    }

    public RequestFilter withUser(Long id) {
        return new RequestFilter(from, to, id, keyId, provider, model, endpoint, account, outcome, reasoningEffort,
                serviceTier, requestId);
    }

    public RequestFilter withKey(Long id) {
        return new RequestFilter(from, to, userId, id, provider, model, endpoint, account, outcome, reasoningEffort,
                serviceTier, requestId);
    }

    public RequestFilter withProvider(String value) {
        return new RequestFilter(from, to, userId, keyId, value, model, endpoint, account, outcome, reasoningEffort,
                serviceTier, requestId);
    }

    public RequestFilter withModel(String value) {
        return new RequestFilter(from, to, userId, keyId, provider, value, endpoint, account, outcome,
                reasoningEffort, serviceTier, requestId);
    }

    public RequestFilter withEndpoint(String value) {
        return new RequestFilter(from, to, userId, keyId, provider, model, value, account, outcome, reasoningEffort,
                serviceTier, requestId);
    }

    public RequestFilter withAccount(String authIndex) {
        return new RequestFilter(from, to, userId, keyId, provider, model, endpoint, authIndex, outcome,
                reasoningEffort, serviceTier, requestId);
    }

    public RequestFilter withOutcome(RequestOutcome value) {
        return new RequestFilter(from, to, userId, keyId, provider, model, endpoint, account, value, reasoningEffort,
                serviceTier, requestId);
    }

    public RequestFilter withReasoningEffort(String value) {
        return new RequestFilter(from, to, userId, keyId, provider, model, endpoint, account, outcome, value,
                serviceTier, requestId);
    }

    public RequestFilter withServiceTier(String value) {
        return new RequestFilter(from, to, userId, keyId, provider, model, endpoint, account, outcome,
                reasoningEffort, value, requestId);
    }

    public RequestFilter withRequestId(String value) {
        return new RequestFilter(from, to, userId, keyId, provider, model, endpoint, account, outcome,
                reasoningEffort, serviceTier, value);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
