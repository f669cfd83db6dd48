package dev.cpaconsole.keys.core;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * The optional limits of a managed key. A null field sets no limit.
 *
 * @param expiresAt the key stops working at this instant
 * @param budgetUsd the most the key may cost per {@code budgetPeriod}, in USD (API-equivalent cost)
 * @param budgetPeriod the period of the budget; required with a budget
 * @param requestQuota the most requests (upstream attempts) per {@code quotaPeriod}
 * @param tokenQuota the most tokens per {@code quotaPeriod}
 * @param quotaPeriod the period of both quotas; required with either
 */
public record KeyLimits(Instant expiresAt, BigDecimal budgetUsd, LimitPeriod budgetPeriod, Long requestQuota,
        Long tokenQuota, LimitPeriod quotaPeriod) {
    public static final KeyLimits NONE = new KeyLimits(null, null, null, null, null, null);

    public KeyLimits {
        if (budgetUsd != null) {
            if (budgetUsd.signum() < 0) {
                throw new IllegalArgumentException("a budget cannot be negative");
            }
            Objects.requireNonNull(budgetPeriod, "a budget needs a period (day, week or month)");
            budgetUsd = budgetUsd.stripTrailingZeros();
            if (budgetUsd.scale() < 0) {
                budgetUsd = budgetUsd.setScale(0);
            }
        } else {
            budgetPeriod = null;
        }
        if (requestQuota != null && requestQuota < 0 || tokenQuota != null && tokenQuota < 0) {
            throw new IllegalArgumentException("a quota cannot be negative");
        }
        if (requestQuota != null || tokenQuota != null) {
            Objects.requireNonNull(quotaPeriod, "a quota needs a period (day, week or month)");
        } else {
            quotaPeriod = null;
        }
    }

    public KeyLimits withExpiry(Instant expiry) {
        return new KeyLimits(expiry, budgetUsd, budgetPeriod, requestQuota, tokenQuota, quotaPeriod);
    }

    public KeyLimits withBudget(BigDecimal usd, LimitPeriod period) {
        return new KeyLimits(expiresAt, usd, period, requestQuota, tokenQuota, quotaPeriod);
    }

    public KeyLimits withQuotas(Long requests, Long tokens, LimitPeriod period) {
        return new KeyLimits(expiresAt, budgetUsd, budgetPeriod, requests, tokens, period);
    }

    /** Whether a budget or a quota needs the key's usage to be counted. */
    public boolean countsUsage() {
        return budgetUsd != null || requestQuota != null || tokenQuota != null;
    }

    /**
     * A budget as written on the command line: {@code 20/month}, {@code 5.50/day}, {@code $3/week}.
     *
     * @throws IllegalArgumentException when it is not of that form
     */
    public static KeyLimits parseBudget(String text, KeyLimits base) {
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("a budget is written USD/PERIOD, e.g. 20/month, not '" + text + "'");
        }
        String amount = trimmed.substring(0, slash).strip();
        if (amount.startsWith("$")) {
            amount = amount.substring(1);
        }
        BigDecimal usd;
        try {
            usd = new BigDecimal(amount);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a budget is written USD/PERIOD, e.g. 20/month, not '" + text + "'", e);
        }
        return base.withBudget(usd, LimitPeriod.of(trimmed.substring(slash + 1)));
    }
}
