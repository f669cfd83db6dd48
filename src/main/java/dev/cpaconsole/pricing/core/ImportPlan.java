package dev.cpaconsole.pricing.core;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What applying a set of incoming price rows would do to the table: rows it adds, rows whose
 * prices it changes (saying which changes lower a price), and rows it leaves alone. It never
 * deletes, and never replaces a row whose source is not in {@code replaceable} — a manual price is
 * never replaceable.
 *
 * @param additions rows new to the table
 * @param changes stored rows whose prices would change
 * @param skipped incoming rows that will not be applied, with the reason
 * @param unchanged incoming rows equal in price to the stored row
 */
public record ImportPlan(List<PriceRule> additions, List<Change> changes, List<Skipped> skipped, int unchanged) {

    public ImportPlan {
        additions = List.copyOf(additions);
        changes = List.copyOf(changes);
        skipped = List.copyOf(skipped);
    }

    /**
     * A stored row and what it would become.
     *
     * @param current the stored row
     * @param incoming its replacement, carrying the stored row's id
     * @param lowers whether any price of the replacement is below the stored one, or is dropped
     */
    public record Change(PriceRule current, PriceRule incoming, boolean lowers) {
    }

    /**
     * An incoming row left out.
     *
     * @param incoming the row
     * @param reason why, in plain words
     */
    public record Skipped(PriceRule incoming, String reason) {
    }

    /** The plan of an operator's import: it may replace imported and catalogue rows, never manual ones. */
    public static ImportPlan of(List<PriceRule> current, List<PriceRule> incoming) {
        return of(current, incoming, Set.of(PriceSource.IMPORT, PriceSource.CATALOGUE));
    }

    /**
     * The plan of applying {@code incoming} where only rows from {@code replaceable} sources may
     * change. An incoming row dated {@link PriceRule#ALWAYS} — every LiteLLM row, a CSV row without
     * a date — for which no stored row has that date is compared with the latest stored row for its
     * model and provider, so that it updates the price in effect rather than adding one that a
     * later row overrides.
     */
    public static ImportPlan of(List<PriceRule> current, List<PriceRule> incoming, Set<PriceSource> replaceable) {
        if (replaceable.contains(PriceSource.MANUAL)) {
            throw new IllegalArgumentException("a manual price is never replaced by an import");
        }
        Map<PriceRule.Key, PriceRule> stored = new HashMap<>();
        current.forEach(rule -> stored.put(rule.key(), rule));
        Map<List<String>, PriceRule> latest = new HashMap<>();
        for (PriceRule rule : current) {
            latest.merge(List.of(rule.key().model(), rule.key().provider()), rule,
                    (a, b) -> a.effectiveFrom().isAfter(b.effectiveFrom()) ? a : b);
        }
        Map<PriceRule.Key, PriceRule> unique = new LinkedHashMap<>();
        List<Skipped> skipped = new ArrayList<>();
        for (PriceRule given : incoming) {
            PriceRule rule = given;
            PriceRule newest = latest.get(List.of(given.key().model(), given.key().provider()));
            if (given.effectiveFrom().equals(PriceRule.ALWAYS) && !stored.containsKey(given.key()) && newest != null) {
                // A row without a date (every LiteLLM row) speaks of the price now: it updates the
                // stored row in effect, keeping its date, instead of adding a row that never applies.
                rule = given.withEffectiveFrom(newest.effectiveFrom());
            }
            if (unique.putIfAbsent(rule.key(), rule) != null) {
                skipped.add(new Skipped(rule, "appears more than once in the file; the first one is used"));
            }
        }
        List<PriceRule> additions = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        int unchanged = 0;
        for (PriceRule rule : unique.values()) {
            PriceRule existing = stored.get(rule.key());
            PriceRule before = existing == null ? inEffectBefore(current, rule) : null;
            if (before != null && before.source() == PriceSource.MANUAL) {
                skipped.add(new Skipped(rule, "the manual price from " + PriceFormat.date(before.effectiveFrom())
                        + " would stop applying from then on; a manual price is kept (change it by hand)"));
            } else if (existing == null) {
                additions.add(rule.withId(0));
            } else if (existing.samePricesAs(rule)) {
                unchanged++;
            } else if (!replaceable.contains(existing.source())) {
                skipped.add(new Skipped(rule, "the stored " + existing.source().code() + " price is kept"));
            } else {
                PriceRule replacement = rule.withId(existing.id());
                changes.add(new Change(existing, replacement, lowers(existing, replacement)));
            }
        }
        return new ImportPlan(additions, changes, skipped, unchanged);
    }

    /** The stored row for the same model and provider that applies just before {@code rule} would start. */
    private static PriceRule inEffectBefore(List<PriceRule> current, PriceRule rule) {
        PriceRule found = null;
        for (PriceRule stored : current) {
            if (stored.key().model().equalsIgnoreCase(rule.key().model())
                    && stored.key().provider().equalsIgnoreCase(rule.key().provider())
                    && stored.effectiveFrom().isBefore(rule.effectiveFrom())
                    && (found == null || stored.effectiveFrom().isAfter(found.effectiveFrom()))) {
                found = stored;
            }
        }
        return found;
    }

    /** Whether applying the plan would change nothing. */
    public boolean isEmpty() {
        return additions.isEmpty() && changes.isEmpty();
    }

    /** How many changes lower a price. */
    public long lowered() {
        return changes.stream().filter(Change::lowers).count();
    }

    /** A plain-text account of the plan, one line per row that would change. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append(additions.size()).append(" added, ").append(changes.size()).append(" changed (")
                .append(lowered()).append(" lower a price), ").append(unchanged).append(" unchanged, ")
                .append(skipped.size()).append(" skipped").append(System.lineSeparator());
        for (PriceRule rule : additions) {
            text.append("+ ").append(PriceFormat.summary(rule)).append(System.lineSeparator());
        }
        for (Change change : changes) {
            text.append(change.lowers() ? "! " : "~ ").append(PriceFormat.summary(change.current()))
                    .append("  ->  ").append(PriceFormat.pricesOf(change.incoming()))
                    .append(change.lowers() ? "  (lowers a price)" : "").append(System.lineSeparator());
        }
        for (Skipped skip : skipped) {
            text.append("- ").append(PriceFormat.summary(skip.incoming())).append(": ").append(skip.reason())
                    .append(System.lineSeparator());
        }
        return text.toString();
    }

    private static boolean lowers(PriceRule before, PriceRule after) {
        return lowers(before.rates(), after.rates())
                || lower(before.requestFee(), after.requestFee())
                || before.tier() != null && (after.tier() == null
                        || lowers(before.tier().rates(), after.tier().rates()));
    }

    private static boolean lowers(Rates before, Rates after) {
        return lower(before.input(), after.input()) || lower(before.output(), after.output())
                || lower(before.cacheRead(), after.cacheRead()) || lower(before.cacheWrite(), after.cacheWrite())
                || lower(before.reasoning(), after.reasoning());
    }

    private static boolean lower(BigDecimal before, BigDecimal after) {
        return before != null && (after == null || after.compareTo(before) < 0);
    }
}
