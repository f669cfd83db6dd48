package dev.cpaconsole.models.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cpaconsole.pricing.core.PriceRule;
import dev.cpaconsole.pricing.core.PriceSource;
import dev.cpaconsole.pricing.core.PriceStore;
import dev.cpaconsole.pricing.core.Rates;
import dev.cpaconsole.store.Database;

class PriceBookLookupTest {
    private static final Instant NOW = Instant.parse("2026-08-22T12:00:00Z");

    @TempDir
    Path dataDir;

    private Database database;
    private PriceStore store;
    private PriceBookLookup lookup;

    @BeforeEach
    void open() {
        database = Database.open(dataDir);
        store = new PriceStore(database, Clock.fixed(NOW, ZoneOffset.UTC));
        lookup = new PriceBookLookup(store);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void exactRuleGivesItsInputAndOutputPrices() {
        store.save(PriceRule.simple("gpt-5.4", Rates.of("1.25", "10"), PriceSource.MANUAL));

        assertThat(lookup.priceOf("gpt-5.4", NOW)).hasValue(new ModelPrice("gpt-5.4", new BigDecimal("1.25"),
                new BigDecimal("10")));
    }

    @Test
    void patternRuleIsNamedByItsPattern() {
        store.save(PriceRule.simple("claude-sonnet-4-*", Rates.of("3", "15"), PriceSource.MANUAL));

        assertThat(lookup.priceOf("claude-sonnet-4-6", NOW)).hasValueSatisfying(price ->
                assertThat(price.describe()).isEqualTo("claude-sonnet-4-* \u00b7 in 3 / out 15"));
    }

    @Test
    void modelWithoutRuleIsUnpriced() {
        store.save(PriceRule.simple("gpt-5.4", Rates.of("1.25", "10"), PriceSource.MANUAL));

        assertThat(lookup.priceOf("mystery-model", NOW)).isEmpty();
    }

    @Test
    void changedPriceShowsAtOnce() {
        PriceRule saved = store.save(PriceRule.simple("gpt-5.4", Rates.of("1.25", "10"), PriceSource.MANUAL));
        lookup.priceOf("gpt-5.4", NOW);

        store.save(new PriceRule(saved.id(), "gpt-5.4", "", Rates.of("2.5", "15"), null, null, PriceRule.ALWAYS,
                PriceSource.MANUAL, "", null, ""));

        assertThat(lookup.priceOf("gpt-5.4", NOW)).hasValueSatisfying(price ->
                assertThat(price.input()).isEqualByComparingTo("2.5"));
    }
}
