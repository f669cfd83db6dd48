package dev.cpaconsole.models.core;

import java.util.Objects;

/**
 * How one source of the inventory answered during a refresh, in words an operator can act on.
 *
 * @param state whether the source was read, left out, or failed
 * @param message what happened, e.g. "9 models, asked with the client key saved in Settings"
 */
public record SourceStatus(State state, String message) {
    /** Whether a source was read. */
    public enum State {
        /** Read; its models are in the inventory. */
        OK,
        /** Left out on purpose: no client key to ask with, or a CPA too old for the route. */
        SKIPPED,
        /** Asked, but CPA refused or did not answer. */
        FAILED
    }

    public SourceStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(message, "message");
    }

    public static SourceStatus ok(String message) {
        return new SourceStatus(State.OK, message);
    }

    public static SourceStatus skipped(String message) {
        return new SourceStatus(State.SKIPPED, message);
    }

    public static SourceStatus failed(String message) {
        return new SourceStatus(State.FAILED, message);
    }

    public boolean isOk() {
        return state == State.OK;
    }
}
