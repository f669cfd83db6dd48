package dev.cpaconsole.keys.core;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What a key used in the current periods of its limits. Fields whose limit is not set are zero.
 *
 * @param spendUsd the cost in the budget's period, of the requests that have a price
 * @param unpricedRequests requests in the budget's period that no price matched, so the spend is
 *     a lower bound
 * @param requests requests in the quota's period
 * @param tokens tokens in the quota's period
 */
public record KeyUsage(BigDecimal spendUsd, long unpricedRequests, long requests, long tokens) {
    public static final KeyUsage NONE = new KeyUsage(BigDecimal.ZERO, 0, 0, 0);

    public KeyUsage {
        Objects.requireNonNull(spendUsd, "spendUsd");
    }
}
