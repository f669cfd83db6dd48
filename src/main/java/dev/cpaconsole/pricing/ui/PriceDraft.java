package dev.cpaconsole.pricing.ui;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.cpaconsole.pricing.core.ModelNames;
import dev.cpaconsole.pricing.core.PriceRule;
import dev.cpaconsole.pricing.core.PriceSource;
import dev.cpaconsole.pricing.core.PriceTier;
import dev.cpaconsole.pricing.core.Rates;

/**
 * The price editor's texts turned into a price row, or into one message per field that is
 * wrong. Every row made here is a manual price.
 */
final class PriceDraft {
    private final Map<PriceField, String> texts;
    private final Map<PriceField, String> errors = new EnumMap<>(PriceField.class);

    private PriceDraft(Map<PriceField, String> texts) {
        this.texts = texts;
    }

    /**
     * Checks {@code texts} and builds the row that replaces {@code id} (0 for a new row).
     *
     * @param others the stored rows, for the check that no other row has the same model, provider and start
     */
    static Result check(Map<PriceField, String> texts, long id, List<PriceRule> others) {
        return new PriceDraft(texts).build(id, others);
    }

    /**
     * What the texts make.
     *
     * @param rule the row, or null when a field is wrong
     * @param errors the message of every wrong field
     */
    record Result(PriceRule rule, Map<PriceField, String> errors) {
        Result {
            Map<PriceField, String> copy = new EnumMap<>(PriceField.class);
            copy.putAll(errors);
            errors = Collections.unmodifiableMap(copy);
        }

        boolean valid() {
            return rule != null;
        }
    }

    private Result build(long id, List<PriceRule> others) {
        String model = text(PriceField.MODEL);
        if (model.isEmpty()) {
            errors.put(PriceField.MODEL, "Enter a model id, or a pattern such as claude-sonnet-4-*.");
        } else if (model.chars().anyMatch(Character::isWhitespace)) {
            errors.put(PriceField.MODEL, "A model id has no spaces.");
        }
        String provider = text(PriceField.PROVIDER);
        if (provider.chars().anyMatch(Character::isWhitespace)) {
            errors.put(PriceField.PROVIDER, "A provider id has no spaces, e.g. codex or claude.");
        }
        LocalDate effectiveFrom = date(PriceField.EFFECTIVE_FROM);
        BigDecimal input = price(PriceField.INPUT, true);
        BigDecimal output = price(PriceField.OUTPUT, true);
        BigDecimal cacheRead = price(PriceField.CACHE_READ, false);
        BigDecimal cacheWrite = price(PriceField.CACHE_WRITE, false);
        BigDecimal reasoning = price(PriceField.REASONING, false);
        BigDecimal fee = price(PriceField.REQUEST_FEE, false);
        Long threshold = threshold();
        boolean tierPrices = false;
        for (PriceField field : PriceField.values()) {
            tierPrices |= field.isTierPrice() && !text(field).isEmpty();
        }
        boolean tier = threshold != null;
        if (!tier && tierPrices && !errors.containsKey(PriceField.TIER_THRESHOLD)) {
            errors.put(PriceField.TIER_THRESHOLD,
                    "Required with long-context prices: the input size, in tokens, above which they apply.");
        }
        BigDecimal tierInput = price(PriceField.TIER_INPUT, tier);
        BigDecimal tierOutput = price(PriceField.TIER_OUTPUT, tier);
        BigDecimal tierCacheRead = price(PriceField.TIER_CACHE_READ, false);
        BigDecimal tierCacheWrite = price(PriceField.TIER_CACHE_WRITE, false);
        BigDecimal tierReasoning = price(PriceField.TIER_REASONING, false);
        LocalDate readOn = date(PriceField.READ_ON);
        if (!errors.containsKey(PriceField.MODEL) && !errors.containsKey(PriceField.PROVIDER)
                && !errors.containsKey(PriceField.EFFECTIVE_FROM)) {
            LocalDate from = effectiveFrom == null ? PriceRule.ALWAYS : effectiveFrom;
            PriceRule.Key key = new PriceRule.Key(ModelNames.fold(model), ModelNames.fold(provider), from);
            for (PriceRule other : others) {
                if (other.id() != id && other.key().equals(key)) {
                    errors.put(PriceField.MODEL, "A price for " + model + (provider.isEmpty() ? "" : " @" + provider)
                            + " from " + dateText(from) + " already exists; edit that row or pick another date.");
                }
            }
        }
        if (!errors.isEmpty()) {
            return new Result(null, errors);
        }
        PriceTier priceTier = tier ? new PriceTier(threshold,
                new Rates(tierInput, tierOutput, tierCacheRead, tierCacheWrite, tierReasoning)) : null;
        PriceRule rule = new PriceRule(id, model, provider, new Rates(input, output, cacheRead, cacheWrite, reasoning),
                fee, priceTier, effectiveFrom == null ? PriceRule.ALWAYS : effectiveFrom, PriceSource.MANUAL,
                text(PriceField.REFERENCE), readOn, text(PriceField.NOTE));
        return new Result(rule, errors);
    }

    /** The form's text for a start date: empty for rows that have always applied. */
    static String dateText(LocalDate date) {
        return date == null || date.equals(PriceRule.ALWAYS) ? "always" : date.toString();
    }

    private BigDecimal price(PriceField field, boolean required) {
        String text = text(field);
        if (text.isEmpty()) {
            if (required) {
                errors.put(field, field.isTierPrice()
                        ? "Required with a threshold: the price per 1M tokens above it."
                        : "Required: the price per 1M " + field.label().toLowerCase(Locale.ROOT)
                                + " tokens.");
            }
            return null;
        }
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            errors.put(field, "\u2018" + text + "\u2019 is not a number; write a decimal such as 1.25.");
            return null;
        }
        if (value.signum() < 0) {
            errors.put(field, "A price cannot be negative; 0 means free.");
            return null;
        }
        return value;
    }

    private Long threshold() {
        String text = text(PriceField.TIER_THRESHOLD).replace(",", "").replace("_", "");
        if (text.isEmpty()) {
            return null;
        }
        long tokens;
        try {
            tokens = Long.parseLong(text);
        } catch (NumberFormatException e) {
            errors.put(PriceField.TIER_THRESHOLD, "\u2018" + text(PriceField.TIER_THRESHOLD)
                    + "\u2019 is not a whole number of tokens.");
            return null;
        }
        if (tokens <= 0) {
            errors.put(PriceField.TIER_THRESHOLD, "The threshold must be above 0 tokens.");
            return null;
        }
        return tokens;
    }

    private LocalDate date(PriceField field) {
        String text = text(field);
        if (text.isEmpty() || field == PriceField.EFFECTIVE_FROM && text.equalsIgnoreCase("always")) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            errors.put(field, "\u2018" + text + "\u2019 is not a date; write it as 2026-01-31.");
            return null;
        }
    }

    private String text(PriceField field) {
        String text = texts.get(field);
        return text == null ? "" : text.trim();
    }
}
