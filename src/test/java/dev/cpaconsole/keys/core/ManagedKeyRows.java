package dev.cpaconsole.keys.core;

import java.time.Instant;

import dev.cpaconsole.usage.core.ClientKeys;

/**
 * Managed keys written straight into the store, for tests that need many of them and no CPA:
 * they are active, not in CPA, and their sealed values open under no secret.
 */
public final class ManagedKeyRows {
    private ManagedKeyRows() {
    }

    /** Adds {@code count} keys of {@code userId} named {@code prefix-0000}, {@code prefix-0001}… */
    public static void insert(ManagedKeyStore store, long userId, String prefix, int count, Instant at) {
        store.database().write(dsl -> {
            for (int i = 0; i < count; i++) {
                String value = String.format("sk-bulk-%s-%06d-000000000000", prefix, i);
                store.insert(dsl, userId, String.format("%s-%04d", prefix, i), "", ClientKeys.hash(value),
                        ClientKeys.mask(value), new byte[] {0}, KeyLimits.NONE, at);
            }
            return null;
        });
    }
}
