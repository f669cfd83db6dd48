package dev.cpaconsole.pricing.core;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/** Plain-text forms of prices and costs, shared by the command line and the screens. */
public final class PriceFormat {
    private static final int CENTS_DIGITS = 2;
    private static final int SMALL_DIGITS = 4;

    private PriceFormat() {
    }

    /** {@code gpt-5.4 @codex from 2026-01-01: in 1.25 / out 10 / cache 0.125} */
    public static String summary(PriceRule rule) {
        return rule.model() + (rule.provider().isEmpty() ? "" : " @" + rule.provider())
                + (rule.effectiveFrom().equals(PriceRule.ALWAYS) ? " always" : " from " + rule.effectiveFrom())
                + ": " + pricesOf(rule);
    }

    /** The day a row starts, or {@code always} for a row without one. */
    public static String date(java.time.LocalDate effectiveFrom) {
        return effectiveFrom.equals(PriceRule.ALWAYS) ? "always" : effectiveFrom.toString();
    }

    /** The prices of a row, per 1M tokens. */
    public static String pricesOf(PriceRule rule) {
        StringBuilder text = new StringBuilder(rates(rule.rates()));
        if (rule.requestFee() != null) {
            text.append(" / fee ").append(rule.requestFee().toPlainString()).append(" per request");
        }
        if (rule.tier() != null) {
            text.append(" / above ").append(rule.tier().thresholdTokens()).append(": ")
                    .append(rates(rule.tier().rates()));
        }
        return text.toString();
    }

    /** {@code in 1.25 / out 10 / cache read 0.125}, leaving out prices that are not set. */
    public static String rates(Rates rates) {
        StringBuilder text = new StringBuilder("in ").append(rates.input().toPlainString())
                .append(" / out ").append(rates.output().toPlainString());
        if (rates.cacheRead() != null) {
            text.append(" / cache read ").append(rates.cacheRead().toPlainString());
        }
        if (rates.cacheWrite() != null) {
            text.append(" / cache write ").append(rates.cacheWrite().toPlainString());
        }
        if (rates.reasoning() != null) {
            text.append(" / reasoning ").append(rates.reasoning().toPlainString());
        }
        return text.toString();
    }

    /**
     * A cost in dollars for people: cents from $1 up, four decimals below, and a "<" form for
     * amounts too small to show, so that no real cost reads as $0.00.
     */
    public static String usd(BigDecimal amount) {
        if (amount.signum() == 0) {
            return "$0.00";
        }
        BigDecimal abs = amount.abs();
        String sign = amount.signum() < 0 ? "-" : "";
        if (abs.compareTo(BigDecimal.ONE) >= 0) {
            return sign + "$" + String.format(Locale.ROOT, "%,.2f", abs.setScale(CENTS_DIGITS, RoundingMode.HALF_UP));
        }
        BigDecimal small = abs.setScale(SMALL_DIGITS, RoundingMode.HALF_UP);
        if (small.signum() == 0) {
            return sign + "<$0.0001";
        }
        return sign + "$" + small.toPlainString();
    }

    /** A cost in dollars with six decimals, for exports and the command line. */
    public static String plain(BigDecimal amount) {
        return amount.setScale(6, RoundingMode.HALF_UP).toPlainString();
    }
}
