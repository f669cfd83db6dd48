package dev.cpaconsole.audit.core;

import java.time.Instant;
import java.util.Objects;

/**
 * One admin action as it was recorded.
 *
 * @param id the row id, in recording order
 * @param at when it was done
 * @param actor who did it: {@code desktop}, {@code cli}, {@code console} for what the console did
 *     on its own, or {@code user:NAME} on the LAN page
 * @param action what was done, e.g. {@code key.create}
 * @param target what it was done to, e.g. {@code key 12 sk-Ab…9xQz (alice)}
 * @param before the state before, as JSON with every key masked; "" when there was none
 * @param after the state after, as JSON with every key masked; "" when there is none
 * @param result {@code ok}, {@code refused}, {@code failed} or {@code out_of_sync}
 * @param detail what CPA answered or why it failed; "" when there is nothing to add
 */
public record AuditEntry(long id, Instant at, String actor, String action, String target, String before,
        String after, String result, String detail) {

    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        before = Objects.requireNonNullElse(before, "");
        after = Objects.requireNonNullElse(after, "");
        Objects.requireNonNull(result, "result");
        detail = Objects.requireNonNullElse(detail, "");
    }
}
