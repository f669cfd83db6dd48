package dev.cpaconsole.pricing.core;

/**
 * Choices about what is billed beyond the tokens.
 *
 * @param feeOnFailures charge the per-request fee for failed attempts too; off by default, since a
 *     failed attempt costs only the tokens it reports
 */
public record CostPolicy(boolean feeOnFailures) {
    public static final CostPolicy DEFAULT = new CostPolicy(false);
}
