package dev.cpaconsole.overview.ui;

import dev.cpaconsole.overview.core.UsageSummary;
import dev.cpaconsole.pricing.core.CostTotals;
import dev.cpaconsole.ui.CostTexts;
import dev.cpaconsole.ui.Formats;

/**
 * The figures of one overview card as they read on screen.
 *
 * @param requests usage events in the window
 * @param successRate share of successful events
 * @param tokens all tokens
 * @param tokenDetail input and output split, e.g. {@code 1,200 in · 300 out}
 * @param averageLatency mean attempt duration
 * @param cost the API-equivalent cost of the priced events
 * @param unpriced how many events have no price, e.g. {@code 3 requests unpriced}; "" when none
 */
public record SummaryFigures(String requests, String successRate, String tokens, String tokenDetail,
        String averageLatency, String cost, String unpriced) {
    public static final SummaryFigures EMPTY =
            new SummaryFigures(Formats.NONE, Formats.NONE, Formats.NONE, "", Formats.NONE, Formats.NONE, "");

    public static SummaryFigures of(UsageSummary summary, CostTotals cost) {
        return new SummaryFigures(
                Formats.count(summary.requests()),
                Formats.percent(summary.successRate()),
                Formats.compactCount(summary.tokens().total()),
                Formats.compactCount(summary.tokens().totalInput()) + " in \u00b7 "
                        + Formats.compactCount(summary.tokens().totalOutput()) + " out",
                summary.requests() == 0 ? Formats.NONE : Formats.millis(summary.averageLatencyMs()),
                CostTexts.total(cost),
                CostTexts.unpriced(cost));
    }
}
