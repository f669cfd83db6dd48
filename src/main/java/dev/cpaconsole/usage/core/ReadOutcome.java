package dev.cpaconsole.usage.core;

/** What reading one received item produced. */
public sealed interface ReadOutcome {

    /** A usage record, normalised and ready to store. */
    record Accepted(UsageEvent event) implements ReadOutcome {
    }

    /**
     * An item that is not a usable usage record. It is kept in quarantine with the reason.
     *
     * @param reason short, human-readable cause ("not JSON", "timestamp is not a string"...)
     * @param payload the item as received, with a readable client key replaced by its hash
     */
    record Rejected(String reason, String payload) implements ReadOutcome {
    }

    /** A control message of the RESP channel such as {@code {"support_refresh":true}}; not usage. */
    record Control(String kind) implements ReadOutcome {
    }
}
