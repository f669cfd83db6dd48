package dev.cpaconsole.keys.core;

import java.util.List;
import java.util.Objects;

/**
 * What a check of every managed key against its rules and against CPA found and did.
 *
 * @param unmanaged keys in CPA the console does not manage
 * @param outOfSync ids of managed keys CPA still disagrees with after the check
 * @param repaired ids of managed keys that were out of step and are in step now
 * @param changes ids of keys whose status changed, with CPA changed to match
 * @param cpaError why CPA could not be read or changed; "" when it could
 */
public record SyncReport(List<UnmanagedKey> unmanaged, List<Long> outOfSync, List<Long> repaired, List<Long> changes,
        String cpaError) {

    public SyncReport {
        unmanaged = List.copyOf(unmanaged);
        outOfSync = List.copyOf(outOfSync);
        repaired = List.copyOf(repaired);
        changes = List.copyOf(changes);
        Objects.requireNonNull(cpaError, "cpaError");
    }
}
