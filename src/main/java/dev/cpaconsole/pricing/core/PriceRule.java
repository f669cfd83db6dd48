package dev.cpaconsole.pricing.core;

import dev.cpaconsole.usage.core.CpaTimestamps;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * One row of the price table.
 *
 * @param id database id, 0 when not stored
 * @param model exact model id, or a glob pattern ({@code *} any run, {@code ?} one character)
 * @param provider CPA provider the row is limited to, or "" for every provider
 * @param rates base prices, USD per 1 000 000 tokens
 * @param requestFee USD per request, or null for none
 * @param tier long-context tier, or null for none
 * @param effectiveFrom the row applies to events from 00:00 UTC of this day
 * @param source where the row came from
 * @param reference where its figures were read (a URL or a file name), or ""
 * @param readOn the day its figures were read, or null
 * @param note free text, or ""
 */
public record PriceRule(
        long id,
        String model,
        String provider,
        Rates rates,
        BigDecimal requestFee,
        PriceTier tier,
        LocalDate effectiveFrom,
        PriceSource source,
        String reference,
        LocalDate readOn,
        String note) {

    /** The start date of rows that have always applied. */
    public static final LocalDate ALWAYS = LocalDate.of(2000, 1, 1);

    public PriceRule {
        Objects.requireNonNull(model, "model");
        model = model.trim();
        if (model.isEmpty()) {
            throw new IllegalArgumentException("a price needs a model id or pattern");
        }
        if (model.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("the model '" + model + "' contains white space");
        }
        provider = provider == null ? "" : provider.trim();
        Objects.requireNonNull(rates, "rates");
        requestFee = Decimals.price("request fee", requestFee);
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        Objects.requireNonNull(source, "source");
        reference = reference == null ? "" : reference.trim();
        note = note == null ? "" : note.trim();
    }

    /** A rule with only base prices, effective always; handy for code that builds rules by hand. */
    public static PriceRule simple(String model, Rates rates, PriceSource source) {
        return new PriceRule(0, model, "", rates, null, null, ALWAYS, source, "", null, "");
    }

    /** Whether {@link #model} is a glob pattern rather than an exact id. */
    public boolean isPattern() {
        return ModelNames.isPattern(model);
    }

    /** The first instant the row applies to, as UTC epoch nanoseconds. */
    public long effectiveFromNanos() {
        return CpaTimestamps.toEpochNanos(effectiveFrom.atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    /** The identity of the row in the table: model and provider without case, and start date. */
    public Key key() {
        return new Key(ModelNames.fold(model), ModelNames.fold(provider), effectiveFrom);
    }

    /** Whether both rows ask the same prices (fee and tier included), whatever their source or note. */
    public boolean samePricesAs(PriceRule other) {
        return rates.equals(other.rates) && Objects.equals(requestFee, other.requestFee)
                && Objects.equals(tier, other.tier);
    }

    public PriceRule withId(long newId) {
        return new PriceRule(newId, model, provider, rates, requestFee, tier, effectiveFrom, source, reference,
                readOn, note);
    }

    public PriceRule withEffectiveFrom(LocalDate date) {
        return new PriceRule(id, model, provider, rates, requestFee, tier, date, source, reference, readOn, note);
    }

    public PriceRule withSource(PriceSource newSource) {
        return new PriceRule(id, model, provider, rates, requestFee, tier, effectiveFrom, newSource, reference,
                readOn, note);
    }

    /**
     * The identity of a row: one price per model (or pattern), provider and start date.
     *
     * @param model folded model id or pattern
     * @param provider folded provider, "" for every provider
     * @param effectiveFrom start date
     */
    public record Key(String model, String provider, LocalDate effectiveFrom) {
    }
}
