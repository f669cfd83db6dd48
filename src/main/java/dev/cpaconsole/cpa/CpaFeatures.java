package dev.cpaconsole.cpa;

/**
 * What a CPA build offers the console, derived from its version alone (never by probing the usage
 * queue, which would consume events).
 *
 * @param usageQueue {@code GET /usage-queue} (v6.10.8+)
 * @param respPop RESP {@code AUTH} + {@code LPOP usage n} (v6.9.38+, refused in v7.1.17 only)
 * @param respSubscribe RESP {@code SUBSCRIBE usage} (v7.0.7+; v7.1.17 refuses RESP altogether)
 * @param respErrorsChannel RESP {@code SUBSCRIBE errors} (v7.1.44+)
 * @param legacyUsageSnapshot {@code GET /usage} aggregated snapshot (v6.0.0 to v6.9.49)
 * @param legacyUsageExport {@code /usage/export} and {@code /usage/import} (v6.6.56 to v6.9.49)
 * @param authFileCounters {@code success}/{@code failed} in {@code GET /auth-files} (v6.9.49+)
 * @param stableAuthIndex 16-hex {@code auth_index} that survives restarts (v6.6.56+)
 * @param apiKeyUsage {@code GET /api-key-usage} (v6.9.47+)
 * @param apiCall {@code POST /api-call} (v6.6.63+)
 * @param authFileStatusPatch {@code PATCH /auth-files/status} (v6.7.18+)
 * @param authFileFieldsPatch {@code PATCH /auth-files/fields} (v6.8.20+)
 * @param resetQuota {@code POST /reset-quota} (v7.2.22+)
 * @param tokenBreakdown {@code token_breakdown} in usage events (v7.2.97+)
 * @param authFileModels {@code GET /auth-files/models}, the models of one auth file (v6.6.11+)
 */
public record CpaFeatures(
        boolean usageQueue,
        boolean respPop,
        boolean respSubscribe,
        boolean respErrorsChannel,
        boolean legacyUsageSnapshot,
        boolean legacyUsageExport,
        boolean authFileCounters,
        boolean stableAuthIndex,
        boolean apiKeyUsage,
        boolean apiCall,
        boolean authFileStatusPatch,
        boolean authFileFieldsPatch,
        boolean resetQuota,
        boolean tokenBreakdown,
        boolean authFileModels) {

    /** The features of {@code version}, following CPA's release history. */
    public static CpaFeatures of(CpaVersion version) {
        boolean legacy = version.isLegacy();
        return new CpaFeatures(
                version.atLeast(6, 10, 8),
                version.atLeast(6, 9, 38) && !version.is(7, 1, 17),
                version.atLeast(7, 0, 7) && !version.is(7, 1, 17),
                version.atLeast(7, 1, 44),
                legacy || version.atMost(6, 9, 49),
                !legacy && version.atLeast(6, 6, 56) && version.atMost(6, 9, 49),
                version.atLeast(6, 9, 49),
                version.atLeast(6, 6, 56),
                version.atLeast(6, 9, 47),
                version.atLeast(6, 6, 63),
                version.atLeast(6, 7, 18),
                version.atLeast(6, 8, 20),
                version.atLeast(7, 2, 22),
                version.atLeast(7, 2, 97),
                version.atLeast(6, 6, 11));
    }
}
