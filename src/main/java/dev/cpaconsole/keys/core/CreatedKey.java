package dev.cpaconsole.keys.core;

import java.util.Objects;

/**
 * A key just created or rotated, with its raw value: the only time the console hands it out
 * without an explicit reveal.
 *
 * @param key the key as stored
 * @param value the raw key, to show once
 */
public record CreatedKey(ManagedKey key, String value) {
    public CreatedKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return "CreatedKey[" + key.id() + ", " + key.masked() + "]";
    }
}
