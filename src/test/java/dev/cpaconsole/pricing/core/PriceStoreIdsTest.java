package dev.cpaconsole.pricing.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cpaconsole.store.Database;
import dev.cpaconsole.testing.TestClock;

class PriceStoreIdsTest {
    @TempDir
    Path dataDir;

    private Database database;
    private PriceStore store;

    @BeforeEach
    void open() {
        database = Database.open(dataDir);
        store = new PriceStore(database, new TestClock(Instant.parse("2026-08-22T12:30:00Z")));
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aNewRowComesBackWithTheIdItWasStoredUnder() {
        store.save(PriceRule.simple("gpt-5", Rates.of("1.25", "10"), PriceSource.MANUAL));

        PriceRule saved = store.save(PriceRule.simple("gpt-5.4", Rates.of("1.25", "10"), PriceSource.MANUAL));

        assertThat(saved.id()).isPositive();
        assertThat(store.list()).filteredOn(rule -> rule.model().equals("gpt-5.4"))
                .singleElement().extracting(PriceRule::id).isEqualTo(saved.id());
    }

    @Test
    void savingWithTheReturnedIdReplacesTheRow() {
        PriceRule saved = store.save(PriceRule.simple("gpt-5.4", Rates.of("1.25", "10"), PriceSource.MANUAL));

        store.save(new PriceRule(saved.id(), "gpt-5.4", "", Rates.of("2", "12"), null, null, PriceRule.ALWAYS,
                PriceSource.MANUAL, "", null, ""));

        assertThat(store.list()).singleElement().satisfies(rule ->
                assertThat(rule.rates().input()).isEqualByComparingTo("2"));
    }
}
