package dev.cpaconsole.models.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cpaconsole.cpa.CpaClient;
import dev.cpaconsole.schedule.Schedules;
import dev.cpaconsole.settings.core.FileManagementKeyStore;
import dev.cpaconsole.settings.core.KeyKind;
import dev.cpaconsole.simulator.CpaSimulator;
import dev.cpaconsole.simulator.SimulatorOptions;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.testing.Await;

class ModelRefreshScheduleTest {
    private static final String KEY = "mgmt-test-secret-00001";

    @TempDir
    Path dataDir;

    private CpaSimulator simulator;
    private Database database;
    private Schedules schedules;
    private ModelInventory inventory;
    private ModelRefreshSchedule schedule;

    @BeforeEach
    void start() {
        simulator = CpaSimulator.start(SimulatorOptions.builder().managementKey(KEY)
                .apiKeys(List.of("sk-test-client-alice-0001")).build());
        simulator.authFiles().addCodex("user@example.com", "plus");
        database = Database.open(dataDir);
        CpaClient client = new CpaClient(simulator.baseUri(), KEY);
        inventory = new ModelInventory(database, () -> client,
                new FileManagementKeyStore(dataDir, KeyKind.CLIENT_KEY), PriceLookup.NONE, Clock.systemUTC());
        schedules = Schedules.start();
        schedule = new ModelRefreshSchedule(schedules, inventory, database, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        schedules.close();
        simulator.close();
        database.close();
    }

    @Test
    void refreshesAgainAndAgainOnItsSchedule() throws Exception {
        List<InventoryEvent> refreshed = new CopyOnWriteArrayList<>();
        inventory.addListener(event -> {
            if (event instanceof InventoryEvent.Refreshed) {
                refreshed.add(event);
            }
        });

        schedule.scheduleEvery(Duration.ofMillis(200), Instant.now());

        Await.until("two scheduled refreshes", () -> refreshed.size() >= 2);
        assertThat(inventory.lastSnapshot()).hasValueSatisfying(snapshot ->
                assertThat(snapshot.rows()).extracting(ModelRow::id).contains("gpt-5.4"));
    }

    @Test
    void firstStartRefreshesAtOnce() throws Exception {
        schedule.start();

        Await.until("the first refresh", () -> inventory.lastSnapshot().isPresent());
        assertThat(schedule.nextRun()).isPresent();
    }

    @Test
    void startAfterARecentRefreshWaitsOneIntervalFromIt() {
        InventorySnapshot recent = inventory.refresh();

        schedule.start();

        assertThat(schedule.nextRun()).hasValue(recent.refreshedAt().plus(ModelRefreshSchedule.DEFAULT_INTERVAL)
                .truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    void intervalIsAnHourUntilChangedAndKeptOnceChanged() {
        assertThat(schedule.interval()).isEqualTo(Duration.ofHours(1));

        schedule.changeInterval(Duration.ofMinutes(15));

        assertThat(new ModelRefreshSchedule(schedules, inventory, database, Clock.systemUTC()).interval())
                .isEqualTo(Duration.ofMinutes(15));
        assertThat(schedule.nextRun()).hasValueSatisfying(next ->
                assertThat(next).isAfter(Instant.now().plus(Duration.ofMinutes(14))));
    }

    @Test
    void intervalOutsideFiveMinutesToADayIsRefused() {
        assertThatThrownBy(() -> schedule.changeInterval(Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> schedule.changeInterval(Duration.ofDays(2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(schedule.interval()).isEqualTo(ModelRefreshSchedule.DEFAULT_INTERVAL);
    }
}
