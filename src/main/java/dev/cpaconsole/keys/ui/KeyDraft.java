package dev.cpaconsole.keys.ui;

import java.util.Objects;

import dev.cpaconsole.keys.core.KeyLimits;

/**
 * What the key editor collected, checked.
 *
 * @param userId the owner; 0 where the editor does not choose one
 * @param name the key's label
 * @param description free text
 * @param limits expiry, budget and quotas
 */
public record KeyDraft(long userId, String name, String description, KeyLimits limits) {
    public KeyDraft {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(limits, "limits");
    }
}
