package dev.cpaconsole.requests.core;

import java.time.Instant;

/**
 * Which usage events the requests list shows.
 *
 * @param from earliest start, inclusive; null for no lower bound
 * @param to latest start, exclusive; null for no upper bound
 * @param model only events of this upstream model; null for all
 * @param failedOnly only events CPA counted as failed
 */
public record RequestFilter(Instant from, Instant to, String model, boolean failedOnly) {
    public static final RequestFilter ALL = new RequestFilter(null, null, null, false);

    public RequestFilter withModel(String newModel) {
        return new RequestFilter(from, to, newModel, failedOnly);
    }

    public RequestFilter withFailedOnly(boolean newFailedOnly) {
        return new RequestFilter(from, to, model, newFailedOnly);
    }

    public RequestFilter between(Instant newFrom, Instant newTo) {
        return new RequestFilter(newFrom, newTo, model, failedOnly);
    }
}
