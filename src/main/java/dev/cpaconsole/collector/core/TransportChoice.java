package dev.cpaconsole.collector.core;

import dev.cpaconsole.collector.core.CollectorSettings.Transport;
import dev.cpaconsole.cpa.CpaFeatures;
import dev.cpaconsole.cpa.CpaVersion;

/**
 * The transport the collector uses against one CPA build, or why there is none.
 *
 * @param mode the transport, {@link CollectorMode#NONE} when unsupported
 * @param unsupportedReason for the operator when {@code mode} is NONE, else null
 */
public record TransportChoice(CollectorMode mode, String unsupportedReason) {

    public boolean supported() {
        return mode != CollectorMode.NONE;
    }

    /**
     * Picks the transport. AUTO prefers RESP {@code SUBSCRIBE} (v7.0.7+, plain http only), which
     * leaves CPA's queue to other consumers; then the HTTP queue (v6.10.8+); then RESP {@code LPOP}
     * (v6.9.38 to v6.10.7, plain http only).
     *
     * @param respPossible the CPA URL is plain http, so its port also speaks RESP
     */
    public static TransportChoice choose(Transport requested, CpaVersion version, boolean respPossible) {
        CpaFeatures features = CpaFeatures.of(version);
        return switch (requested) {
            case AUTO -> {
                if (features.respSubscribe() && respPossible) {
                    yield of(CollectorMode.RESP_SUBSCRIBE);
                }
                if (features.usageQueue()) {
                    yield of(CollectorMode.HTTP_QUEUE);
                }
                if (features.respPop() && respPossible) {
                    yield of(CollectorMode.RESP_POP);
                }
                if (features.respPop()) {
                    yield unsupported("CPA " + version + " offers usage events only over RESP, which cannot pass "
                            + "TLS or a reverse proxy: connect over plain http, or upgrade CPA to v6.10.8 or later");
                }
                yield unsupported("CPA " + version + " has no live usage channel (it needs v6.9.38 or later); "
                        + "bring older history in with import from a usage export");
            }
            case RESP_SUBSCRIBE -> features.respSubscribe() && respPossible ? of(CollectorMode.RESP_SUBSCRIBE)
                    : unsupported(needs(version, "RESP subscribe", "v7.0.7", respPossible));
            case HTTP_QUEUE -> features.usageQueue() ? of(CollectorMode.HTTP_QUEUE)
                    : unsupported("CPA " + version + " has no HTTP usage queue (it needs v6.10.8 or later)");
            case RESP_POP -> features.respPop() && respPossible ? of(CollectorMode.RESP_POP)
                    : unsupported(needs(version, "RESP pop", "v6.9.38", respPossible));
        };
    }

    private static String needs(CpaVersion version, String transport, String since, boolean respPossible) {
        if (!respPossible) {
            return transport + " is not possible over https: RESP cannot pass TLS or a reverse proxy";
        }
        return "CPA " + version + " does not offer " + transport + " (it needs " + since + " or later)";
    }

    private static TransportChoice of(CollectorMode mode) {
        return new TransportChoice(mode, null);
    }

    private static TransportChoice unsupported(String reason) {
        return new TransportChoice(CollectorMode.NONE, reason);
    }
}
