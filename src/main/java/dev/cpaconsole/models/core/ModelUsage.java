package dev.cpaconsole.models.core;

/**
 * What a model was used for over a window: usage events (upstream attempts) and their tokens.
 *
 * @param requests usage events
 * @param totalTokens tokens of those events, all buckets together
 */
public record ModelUsage(long requests, long totalTokens) {
    public static final ModelUsage NONE = new ModelUsage(0, 0);

    ModelUsage plus(long moreRequests, long moreTokens) {
        return new ModelUsage(requests + moreRequests, totalTokens + moreTokens);
    }
}
