package dev.cpaconsole.keys.core;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;

/**
 * Derives a key's status from its rules. The first rule that holds decides, in this order:
 * deleted, revoked, suspended (by an admin or through a disabled owner), expired, over budget,
 * over quota; a key none of them hold for is active. Budgets and quotas are reached at the limit:
 * a $20 budget is exhausted once $20 is spent.
 */
public final class KeyRules {
    private KeyRules() {
    }

    /**
     * The status of {@code key} at {@code now}, with its reason.
     *
     * @param ownerActive whether the key's owner is neither disabled nor deleted
     * @param usage what the key used in its limits' current periods
     * @param zone the zone the periods are cut in, for the reason's wording
     */
    public static Decision decide(ManagedKey key, boolean ownerActive, KeyUsage usage, Instant now, ZoneId zone) {
        KeyLimits limits = key.limits();
        if (key.deletedAt() != null) {
            return new Decision(KeyStatus.DELETED, "deleted");
        }
        if (key.revokedAt() != null) {
            return new Decision(KeyStatus.REVOKED, "revoked");
        }
        if (key.suspended()) {
            return new Decision(KeyStatus.SUSPENDED, "suspended by an admin");
        }
        if (!ownerActive) {
            return new Decision(KeyStatus.SUSPENDED, "its user " + key.userName() + " is disabled");
        }
        if (limits.expiresAt() != null && !now.isBefore(limits.expiresAt())) {
            return new Decision(KeyStatus.EXPIRED, "expired " + limits.expiresAt().atZone(zone).toLocalDate());
        }
        if (limits.budgetUsd() != null && usage.spendUsd().compareTo(limits.budgetUsd()) >= 0) {
            return new Decision(KeyStatus.OVER_BUDGET, "$" + money(usage.spendUsd()) + " of $"
                    + money(limits.budgetUsd()) + " this " + limits.budgetPeriod().code() + ", until "
                    + limits.budgetPeriod().end(now, zone).atZone(zone).toLocalDate());
        }
        if (limits.requestQuota() != null && usage.requests() >= limits.requestQuota()) {
            return new Decision(KeyStatus.OVER_QUOTA, usage.requests() + " of " + limits.requestQuota()
                    + " requests this " + limits.quotaPeriod().code());
        }
        if (limits.tokenQuota() != null && usage.tokens() >= limits.tokenQuota()) {
            return new Decision(KeyStatus.OVER_QUOTA, usage.tokens() + " of " + limits.tokenQuota()
                    + " tokens this " + limits.quotaPeriod().code());
        }
        return new Decision(KeyStatus.ACTIVE, "");
    }

    private static String money(BigDecimal usd) {
        return usd.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    /**
     * A derived status.
     *
     * @param status the status
     * @param detail why, in words; "" for an active key
     */
    public record Decision(KeyStatus status, String detail) {
    }
}
