package dev.cpaconsole.audit.core;

import java.time.Instant;
import java.util.Objects;

/**
 * Which audit entries to show. Empty strings and null instants do not filter.
 *
 * @param from the earliest time, inclusive
 * @param to the latest time, exclusive
 * @param actor the actor exactly
 * @param action an action, or a prefix of actions ending in {@code .}, e.g. {@code key.}
 * @param text text to find in the target, the states or the detail, in any case
 */
public record AuditFilter(Instant from, Instant to, String actor, String action, String text) {
    public static final AuditFilter ALL = new AuditFilter(null, null, "", "", "");

    public AuditFilter {
        actor = Objects.requireNonNullElse(actor, "").strip();
        action = Objects.requireNonNullElse(action, "").strip();
        text = Objects.requireNonNullElse(text, "").strip();
    }
}
