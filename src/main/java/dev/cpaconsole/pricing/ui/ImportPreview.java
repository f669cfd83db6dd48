package dev.cpaconsole.pricing.ui;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import dev.cpaconsole.pricing.core.ImportPlan;
import dev.cpaconsole.pricing.core.ModelNames;
import dev.cpaconsole.pricing.core.PriceFormat;
import dev.cpaconsole.pricing.core.PriceRule;
import dev.cpaconsole.ui.Formats;

/**
 * A price file read and compared with the table, waiting for the operator to apply it.
 *
 * @param fileName the file's name
 * @param plan what applying it does
 * @param problems entries of the file that could not be read, one line each
 * @param costChange what applying it changes over the last 30 days
 * @param current the rows stored when the file was read
 */
public record ImportPreview(String fileName, ImportPlan plan, List<String> problems, String costChange,
        List<PriceRule> current) {

    public ImportPreview {
        problems = List.copyOf(problems);
        current = List.copyOf(current);
    }

    /** What a line of the preview stands for. */
    public enum Kind {
        ADDED("Added"),
        CHANGED("Changed"),
        LOWERS("Lowers a price"),
        SKIPPED("Skipped"),
        PROBLEM("Not read");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One line of the preview.
     *
     * @param kind what happens to the row
     * @param model the row's model or pattern, or the file entry for a problem
     * @param provider the row's provider, "" for every provider
     * @param effectiveFrom the row's start, "always" or a date
     * @param detail the prices, the change or the reason
     */
    public record Line(Kind kind, String model, String provider, String effectiveFrom, String detail) {
    }

    /** Additions, changes, skipped rows and problems, in that order. */
    public List<Line> lines() {
        List<Line> lines = new ArrayList<>();
        for (PriceRule rule : plan.additions()) {
            lines.add(line(Kind.ADDED, rule, PriceFormat.pricesOf(rule) + laterRow(rule)));
        }
        for (ImportPlan.Change change : plan.changes()) {
            lines.add(line(change.lowers() ? Kind.LOWERS : Kind.CHANGED, change.current(),
                    PriceFormat.pricesOf(change.current()) + "  \u2192  " + PriceFormat.pricesOf(change.incoming())));
        }
        for (ImportPlan.Skipped skipped : plan.skipped()) {
            lines.add(line(Kind.SKIPPED, skipped.incoming(), capitalised(skipped.reason())));
        }
        for (String problem : problems) {
            lines.add(new Line(Kind.PROBLEM, "", "", "", problem));
        }
        return lines;
    }

    /** {@code 3 added · 2 changed (1 lowers a price) · 10 unchanged · 1 skipped · 2 not read} */
    public String summary() {
        return Formats.count(plan.additions().size()) + " added \u00b7 " + Formats.count(plan.changes().size())
                + " changed" + (plan.lowered() > 0 ? " (" + Formats.count(plan.lowered())
                        + (plan.lowered() == 1 ? " lowers a price)" : " lower a price)") : "")
                + " \u00b7 " + Formats.count(plan.unchanged()) + " unchanged \u00b7 "
                + Formats.count(plan.skipped().size()) + " skipped \u00b7 " + Formats.count(problems.size())
                + " not read";
    }

    /**
     * A note when a stored row for the same model and provider starts later, since that row keeps
     * applying from its start: a file without dates adds rows that have always applied.
     */
    private String laterRow(PriceRule added) {
        LocalDate latest = null;
        for (PriceRule stored : current) {
            boolean same = ModelNames.fold(stored.model()).equals(ModelNames.fold(added.model()))
                    && ModelNames.fold(stored.provider()).equals(ModelNames.fold(added.provider()));
            if (same && stored.effectiveFrom().isAfter(added.effectiveFrom())
                    && (latest == null || stored.effectiveFrom().isAfter(latest))) {
                latest = stored.effectiveFrom();
            }
        }
        return latest == null ? "" : "  (the stored row from " + latest + " still applies from that day)";
    }

    private static Line line(Kind kind, PriceRule rule, String detail) {
        return new Line(kind, rule.model(), rule.provider(), PriceDraft.dateText(rule.effectiveFrom()), detail);
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
