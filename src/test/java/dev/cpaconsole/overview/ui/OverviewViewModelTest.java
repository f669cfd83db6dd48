package dev.cpaconsole.overview.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.OptionalDouble;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cpaconsole.concurrent.SameThreadTaskRunner;
import dev.cpaconsole.overview.core.OverviewService;
import dev.cpaconsole.pricing.core.CostQuery;
import dev.cpaconsole.pricing.core.PriceRule;
import dev.cpaconsole.pricing.core.PriceSource;
import dev.cpaconsole.pricing.core.PriceStore;
import dev.cpaconsole.pricing.core.Rates;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.testing.TestClock;
import dev.cpaconsole.testing.UsageRecord;
import dev.cpaconsole.ui.Formats;

class OverviewViewModelTest {
    private static final Instant NOW = Instant.parse("2026-08-22T12:30:00Z");

    @TempDir
    Path dataDir;

    private Database database;
    private TestClock clock;
    private OverviewViewModel model;
    private PriceStore prices;

    @BeforeEach
    void openDatabase() {
        database = Database.open(dataDir);
        clock = new TestClock(NOW);
        prices = new PriceStore(database, clock);
        model = new OverviewViewModel(new OverviewService(database, clock), prices, new CostQuery(database),
                new SameThreadTaskRunner(), clock);
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Test
    void figuresMatchTheStoredEvents() {
        UsageRecord.store(database,
                UsageRecord.at(NOW.minusSeconds(30)).latency(800).tokens(1000, 0, 0, 200, 0).requestId("00000001"),
                UsageRecord.at(NOW.minusSeconds(20)).latency(1200).tokens(500, 0, 0, 100, 0).failedWith(500)
                        .requestId("00000002"));

        model.refresh();

        SummaryFigures today = model.todayProperty().get();
        assertThat(today.requests()).isEqualTo("2");
        assertThat(today.successRate()).isEqualTo(Formats.percent(OptionalDouble.of(0.5)));
        assertThat(today.tokens()).isEqualTo(Formats.count(1800));
        assertThat(today.averageLatency()).isEqualTo(Formats.millis(1000));
        assertThat(model.last24HoursProperty().get().requests()).isEqualTo("2");
    }

    @Test
    void tickRereadsOnlyAfterNewEventsWereStored() {
        model.refresh();
        UsageRecord.store(database, UsageRecord.at(NOW.minusSeconds(5)));

        model.tick();
        assertThat(model.todayProperty().get().requests()).isEqualTo("0");

        model.eventsStored(1);
        model.tick();
        assertThat(model.todayProperty().get().requests()).isEqualTo("1");
    }

    @Test
    void tickRereadsOnceTheFiguresAreOld() {
        model.refresh();
        UsageRecord.store(database, UsageRecord.at(NOW.minusSeconds(5)));

        clock.advance(OverviewViewModel.REFRESH_INTERVAL.plusSeconds(1));
        model.tick();

        assertThat(model.last24HoursProperty().get().requests()).isEqualTo("1");
    }

    @Test
    void costIsTheTotalOfThePricedEventsWithTheUnpricedCountedBesideIt() {
        prices.save(PriceRule.simple("gpt-5.4", Rates.of("1.25", "10"), PriceSource.MANUAL));
        UsageRecord.store(database,
                UsageRecord.at(NOW.minusSeconds(30)).model("gpt-5.4").tokens(1_000_000, 0, 0, 100_000, 0)
                        .requestId("00000001"),
                UsageRecord.at(NOW.minusSeconds(20)).model("mystery-model-1").requestId("00000002"));

        model.refresh();

        assertThat(model.todayProperty().get().cost()).isEqualTo("$2.25");
        assertThat(model.todayProperty().get().unpriced()).isEqualTo("1 request unpriced");
    }

    @Test
    void aPriceChangeIsReflectedInTheCost() {
        PriceRule rule = prices.save(PriceRule.simple("gpt-5.4", Rates.of("1.25", "10"), PriceSource.MANUAL));
        UsageRecord.store(database, UsageRecord.at(NOW.minusSeconds(30)).model("gpt-5.4")
                .tokens(1_000_000, 0, 0, 0, 0).requestId("00000001"));
        model.refresh();
        prices.delete(rule.id());

        model.pricesChanged();

        assertThat(model.last24HoursProperty().get().cost()).isEqualTo(Formats.NONE);
        assertThat(model.last24HoursProperty().get().unpriced()).isEqualTo("1 request unpriced");
    }

    @Test
    void unreadableHistoryShowsAMessageAndStopsLoading() {
        database.write(dsl -> dsl.execute("DROP TABLE usage_event_raw"));
        database.write(dsl -> dsl.execute("DROP TABLE usage_event"));

        model.refresh();

        assertThat(model.errorMessageProperty().get()).startsWith("Could not read the usage history");
        assertThat(model.loadingProperty().get()).isFalse();
    }
}
