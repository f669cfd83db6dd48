package dev.cpaconsole.keys.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A client key the console manages, as stored. Its raw value never leaves the store except
 * through an explicit reveal.
 *
 * @param id the row id, the key's id on every screen and command
 * @param userId the owner
 * @param userName the owner's sign-in name
 * @param name the key's label
 * @param description free text
 * @param keyHash SHA-256 of the current value, as {@code ClientKeys.hash} computes it
 * @param masked the current value masked
 * @param createdAt when the key was created or adopted
 * @param lastUsedAt the newest usage event of any of its values; null when never used
 * @param limits expiry, budget and quotas
 * @param suspended an admin suspended the key
 * @param revokedAt when it was revoked; null when not
 * @param deletedAt when it was deleted; null when not
 * @param status the status found by the last check
 * @param statusDetail why, in words ("$21.40 of $20.00 this month")
 * @param inCpa whether CPA held the key at the last check
 * @param outOfSync why CPA disagrees with the status; "" when it agrees
 * @param checkedAt when the key was last checked against its rules and CPA; null before the first
 */
public record ManagedKey(
        long id,
        long userId,
        String userName,
        String name,
        String description,
        String keyHash,
        String masked,
        Instant createdAt,
        Instant lastUsedAt,
        KeyLimits limits,
        boolean suspended,
        Instant revokedAt,
        Instant deletedAt,
        KeyStatus status,
        String statusDetail,
        boolean inCpa,
        String outOfSync,
        Instant checkedAt) {

    public ManagedKey {
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(keyHash, "keyHash");
        Objects.requireNonNull(masked, "masked");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(statusDetail, "statusDetail");
        Objects.requireNonNull(outOfSync, "outOfSync");
    }

    /** Whether CPA should hold the key: its status is active. */
    public boolean belongsInCpa() {
        return status == KeyStatus.ACTIVE;
    }

    public boolean isOutOfSync() {
        return !outOfSync.isEmpty();
    }

    public boolean deleted() {
        return deletedAt != null;
    }
}
