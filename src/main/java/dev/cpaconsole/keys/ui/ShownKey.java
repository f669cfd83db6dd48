package dev.cpaconsole.keys.ui;

import java.util.Objects;

import dev.cpaconsole.keys.core.ManagedKey;

/**
 * A raw key on its way to the operator's eyes: just created, rotated, or revealed on request.
 *
 * @param headline what the dialog says first, e.g. "New key for alice"
 * @param note why it is shown and how often, e.g. that it is shown only once
 * @param key the key, whose mask everything else shows
 * @param value the raw key
 */
public record ShownKey(String headline, String note, ManagedKey key, String value) {
    public ShownKey {
        Objects.requireNonNull(headline, "headline");
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return "ShownKey[" + key.id() + ", " + key.masked() + "]";
    }
}
