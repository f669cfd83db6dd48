package dev.cpaconsole.keys.ui;

import java.util.Objects;

import dev.cpaconsole.keys.core.KeyUsage;
import dev.cpaconsole.keys.core.ManagedKey;

/**
 * A managed key as the keys table shows it.
 *
 * @param key the key as stored
 * @param usage what it used in the current periods of its limits; {@link KeyUsage#NONE} without limits
 */
public record KeyRow(ManagedKey key, KeyUsage usage) {
    public KeyRow {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(usage, "usage");
    }
}
