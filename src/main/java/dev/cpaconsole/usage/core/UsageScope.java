package dev.cpaconsole.usage.core;

import java.util.List;

/**
 * Which events a statistic counts, beyond its time range.
 *
 * @param clientKeyIds only events of these client keys (rows of {@code client_key}, for example
 *     every value of a managed key or of a user's keys); null for events of any key or none
 * @param model only events whose upstream model or alias is this; null for any
 * @param provider only events of this provider; null for any
 * @param credentialIds only events served by these credentials (rows of {@code usage_credential},
 *     for example every row of one auth file); null for any
 */
public record UsageScope(List<Long> clientKeyIds, String model, String provider, List<Long> credentialIds) {
    /** Every event. */
    public static final UsageScope ALL = new UsageScope(null, null, null, null);

    public UsageScope {
        clientKeyIds = clientKeyIds == null ? null : List.copyOf(clientKeyIds);
        credentialIds = credentialIds == null ? null : List.copyOf(credentialIds);
    }

    /** Events of these client keys or this model (either may be null for any). */
    public UsageScope(List<Long> clientKeyIds, String model) {
        this(clientKeyIds, model, null, null);
    }

    public UsageScope withClientKeys(List<Long> ids) {
        return new UsageScope(ids, model, provider, credentialIds);
    }

    public UsageScope withModel(String newModel) {
        return new UsageScope(clientKeyIds, newModel, provider, credentialIds);
    }

    public UsageScope withProvider(String newProvider) {
        return new UsageScope(clientKeyIds, model, newProvider, credentialIds);
    }

    public UsageScope withCredentials(List<Long> ids) {
        return new UsageScope(clientKeyIds, model, provider, ids);
    }

    /** Whether the scope narrows by client key. */
    public boolean byKey() {
        return clientKeyIds != null;
    }

    /** Whether the scope narrows by credential. */
    public boolean byCredential() {
        return credentialIds != null;
    }
}
