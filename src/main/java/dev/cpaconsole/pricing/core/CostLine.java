package dev.cpaconsole.pricing.core;

import java.math.BigDecimal;

/**
 * One term of a cost: quantity × price.
 *
 * @param label what is billed, e.g. {@code cache read}
 * @param quantity tokens, or requests for the fee
 * @param unitPrice USD per 1 000 000 tokens, or USD per request for the fee
 * @param perRequest whether {@code unitPrice} is per request
 * @param amount USD, exact
 * @param basis which price was used and why, e.g. {@code input price (no cache-read price)}
 */
public record CostLine(String label, long quantity, BigDecimal unitPrice, boolean perRequest, BigDecimal amount,
        String basis) {
}
