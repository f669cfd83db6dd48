package dev.cpaconsole.keys.ui;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import dev.cpaconsole.keys.core.KeyLimits;
import dev.cpaconsole.keys.core.KeyStatus;
import dev.cpaconsole.keys.core.KeyUsage;
import dev.cpaconsole.keys.core.ManagedKey;
import dev.cpaconsole.pricing.core.PriceFormat;
import dev.cpaconsole.ui.Formats;

/** How the keys screen words a key's status, limits and place in CPA. */
public final class KeyTexts {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE;
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private KeyTexts() {
    }

    /** {@code over budget}, {@code active}. */
    public static String status(KeyStatus status) {
        return status.code().replace('_', ' ');
    }

    /** The status with its reason: {@code over budget: $21.40 of $20.00 this month, until 2026-09-01}. */
    public static String statusWithReason(ManagedKey key) {
        String word = status(key.status());
        return key.statusDetail().isEmpty() || key.statusDetail().equals(word) ? word
                : word + ": " + key.statusDetail();
    }

    /** {@code key 12 sk-Ab…9xQz}: how messages name a key without its value. */
    public static String name(ManagedKey key) {
        return "key " + key.id() + " " + key.masked();
    }

    /**
     * {@code $3.20 of $20 / month}, with a leading {@code ≥} while unpriced requests make the spend
     * a lower bound; "–" without a budget.
     */
    public static String budget(ManagedKey key, KeyUsage usage) {
        KeyLimits limits = key.limits();
        if (limits.budgetUsd() == null) {
            return Formats.NONE;
        }
        return (usage.unpricedRequests() > 0 ? "\u2265 " : "") + PriceFormat.usd(usage.spendUsd()) + " of "
                + budgetAmount(limits.budgetUsd()) + " / " + limits.budgetPeriod().code();
    }

    /** Why the spend may be higher than shown, or "". */
    public static String budgetNote(KeyUsage usage) {
        long unpriced = usage.unpricedRequests();
        return unpriced == 0 ? "" : Formats.count(unpriced) + (unpriced == 1 ? " request" : " requests")
                + " without a price this period, so the spend is at least this";
    }

    /** {@code 120 of 1,000 requests / day · 3.4 k of 1 M tokens / day}; "–" without quotas. */
    public static String quotas(ManagedKey key, KeyUsage usage) {
        KeyLimits limits = key.limits();
        List<String> parts = new ArrayList<>();
        if (limits.requestQuota() != null) {
            parts.add(Formats.count(usage.requests()) + " of " + Formats.count(limits.requestQuota()) + " requests / "
                    + limits.quotaPeriod().code());
        }
        if (limits.tokenQuota() != null) {
            parts.add(Formats.compactCount(usage.tokens()) + " of " + Formats.compactCount(limits.tokenQuota())
                    + " tokens / " + limits.quotaPeriod().code());
        }
        return parts.isEmpty() ? Formats.NONE : String.join(" \u00b7 ", parts);
    }

    /** The day the key stops working, with the time when that is not midnight; "–" for never. */
    public static String expiry(KeyLimits limits, ZoneId zone) {
        Instant at = limits.expiresAt();
        if (at == null) {
            return Formats.NONE;
        }
        ZonedDateTime local = at.atZone(zone);
        return local.toLocalTime().equals(LocalTime.MIDNIGHT) ? DATE.format(local) : DATE_TIME.format(local);
    }

    /** Only the day the key stops working, for a narrow column; "–" for never. */
    public static String expiryDay(KeyLimits limits, ZoneId zone) {
        return limits.expiresAt() == null ? Formats.NONE : DATE.format(limits.expiresAt().atZone(zone));
    }

    /** Where the key stands with CPA: {@code in CPA}, {@code not in CPA} or {@code out of sync}. */
    public static String cpa(ManagedKey key) {
        if (key.isOutOfSync()) {
            return "out of sync";
        }
        return key.inCpa() ? "in CPA" : "not in CPA";
    }

    /**
     * What an action's result says about CPA beyond "done": that CPA disagrees, or that it could
     * not be changed yet; "" when CPA matches the key.
     */
    public static String cpaNote(ManagedKey key) {
        if (key.isOutOfSync()) {
            return " Out of sync with CPA: " + key.outOfSync() + ".";
        }
        if (!key.deleted() && key.belongsInCpa() != key.inCpa()) {
            return " CPA is not changed yet: the console tries again at its next check.";
        }
        return "";
    }

    private static String budgetAmount(BigDecimal usd) {
        return usd.scale() <= 0 ? "$" + usd.toPlainString() : PriceFormat.usd(usd);
    }
}
