package dev.cpaconsole.dashboard.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cpaconsole.concurrent.SameThreadTaskRunner;
import dev.cpaconsole.dashboard.core.DashboardScope;
import dev.cpaconsole.dashboard.core.DashboardService;
import dev.cpaconsole.dashboard.core.RangePreset;
import dev.cpaconsole.pricing.core.PriceStore;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.testing.TestClock;
import dev.cpaconsole.testing.UsageRecord;

class DashboardViewModelTest {
    private static final Instant NOW = Instant.parse("2026-08-22T12:30:00Z");

    @TempDir
    Path dataDir;

    private Database database;
    private TestClock clock;
    private final AtomicReference<ZoneId> zone = new AtomicReference<>(ZoneId.of("UTC"));
    private DashboardViewModel model;

    @BeforeEach
    void open() {
        database = Database.open(dataDir);
        clock = new TestClock(NOW);
        model = new DashboardViewModel(new DashboardService(database, clock), new PriceStore(database, clock),
                zone::get, new SameThreadTaskRunner(), clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private long requests() {
        return model.dashboardProperty().get().figures().totals().requests();
    }

    @Test
    void tickRereadsOnlyAfterNewEventsWereStoredOrTheFiguresGotOld() {
        model.refresh();
        UsageRecord.store(database, UsageRecord.at(NOW.minusSeconds(5)));

        model.tick();
        assertThat(requests()).isZero();

        model.eventsStored(1);
        model.tick();
        assertThat(requests()).isEqualTo(1);

        UsageRecord.store(database, UsageRecord.at(NOW.minusSeconds(4)).requestId("00000002"));
        clock.advance(DashboardViewModel.REFRESH_INTERVAL.plusSeconds(1));
        model.tick();
        assertThat(requests()).isEqualTo(2);
    }

    @Test
    void eachRefreshCutsDaysInTheDisplayZoneAsSavedThen() {
        UsageRecord.store(database, UsageRecord.at(Instant.parse("2026-08-21T20:00:00Z")));
        model.showPreset(RangePreset.TODAY);
        assertThat(requests()).isZero();

        // 02:00 on the 22nd in Tokyo.
        zone.set(ZoneId.of("Asia/Tokyo"));
        model.refresh();

        assertThat(model.dashboardProperty().get().range().zone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
        assertThat(requests()).isEqualTo(1);
    }

    @Test
    void aCustomRangeEndingBeforeItStartsIsRefusedAndTheShownOneKept() {
        model.refresh();

        model.showCustom(LocalDate.of(2026, 8, 20), LocalDate.of(2026, 8, 19));

        assertThat(model.errorMessageProperty().get()).isEqualTo(
                "The range ends on 2026-08-19, before it starts on 2026-08-20.");
        assertThat(model.presetProperty().get()).isEqualTo(RangePreset.LAST_24_HOURS);
    }

    @Test
    void narrowingReadsTheScopeAndClearingWidensAgain() {
        UsageRecord.store(database, UsageRecord.at(NOW.minusSeconds(30)).model("gpt-5.4"),
                UsageRecord.at(NOW.minusSeconds(20)).model("claude-sonnet-4-5").requestId("00000002"));

        model.narrow(DashboardScope.GLOBAL.withModel("claude-sonnet-4-5"));
        assertThat(requests()).isEqualTo(1);

        model.clearScope();
        assertThat(requests()).isEqualTo(2);
        assertThat(model.scopeProperty().get().global()).isTrue();
    }
}
