package dev.cpaconsole.app;

import static dev.cpaconsole.store.schema.Tables.USAGE_EVENT;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cpaconsole.collector.core.CollectorHealth;
import dev.cpaconsole.collector.core.CollectorMode;
import dev.cpaconsole.collector.core.CollectorSettings;
import dev.cpaconsole.collector.core.CollectorState;
import dev.cpaconsole.settings.core.ConnectionSettings;
import dev.cpaconsole.settings.core.FileManagementKeyStore;
import dev.cpaconsole.settings.core.ModePreference;
import dev.cpaconsole.settings.core.SettingsStore;
import dev.cpaconsole.settings.core.Theme;
import dev.cpaconsole.simulator.CpaSimulator;
import dev.cpaconsole.simulator.SimulatorOptions;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.testing.Await;

/** The desktop's collector, built from saved settings, against the CPA simulator. */
class ManagedCollectorSimulatorTest {
    private static final String KEY = "mgmt-test-secret-00001";

    @TempDir
    Path dataDir;

    private CpaSimulator simulator;
    private Database database;
    private SettingsStore settings;
    private FileManagementKeyStore keys;
    private ManagedCollector collector;
    private final List<CollectorHealth> reports = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        simulator = CpaSimulator.start(SimulatorOptions.builder().managementKey(KEY).usageStatisticsEnabled(true)
                .apiKeys(List.of("sk-test-client-alice-0001")).randomSeed(11).build());
        simulator.authFiles().addCodex("alice@example.com", "plus");
        database = Database.open(dataDir);
        settings = new SettingsStore(database);
        keys = new FileManagementKeyStore(dataDir);
        collector = new ManagedCollector(database, settings, keys, CollectorSettings.defaults()
                .withPollInterval(Duration.ofMillis(100))
                .withReconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(500)), Clock.systemUTC());
        collector.addHealthListener(reports::add);
    }

    @AfterEach
    void stop() {
        collector.stop();
        database.close();
        simulator.close();
    }

    private void save(ModePreference mode) {
        settings.save(new ConnectionSettings(simulator.baseUri().toString(), mode, true, Theme.LIGHT));
    }

    private long storedEvents() {
        return database.read(dsl -> dsl.fetchCount(USAGE_EVENT));
    }

    @Test
    void collectsWithTheSavedSettingsAndKey() throws Exception {
        save(ModePreference.HTTP_QUEUE);
        keys.save(KEY);

        collector.start();
        Await.until("collecting", () -> collector.health().state() == CollectorState.COLLECTING);
        simulator.traffic().emit(5);

        Await.until("stored events", () -> storedEvents() >= 5);
        assertThat(collector.health().mode()).isEqualTo(CollectorMode.HTTP_QUEUE);
        assertThat(reports).isNotEmpty();
    }

    @Test
    void restartPicksUpTheNewlySavedMode() throws Exception {
        save(ModePreference.HTTP_QUEUE);
        keys.save(KEY);
        collector.start();
        Await.until("collecting", () -> collector.health().state() == CollectorState.COLLECTING);

        save(ModePreference.RESP_SUBSCRIBE);
        collector.restart();

        Await.until("subscribed", () -> collector.health().mode() == CollectorMode.RESP_SUBSCRIBE
                && collector.health().state() == CollectorState.COLLECTING);
    }

    @Test
    void withoutAKeyItStaysStoppedAndSaysWhy() {
        save(ModePreference.AUTOMATIC);

        collector.start();

        assertThat(collector.health().state()).isEqualTo(CollectorState.STOPPED);
        assertThat(collector.health().lastError()).startsWith("No management key saved");
    }

    @Test
    void rejectedKeyIsReportedUntilAGoodOneIsApplied() throws Exception {
        save(ModePreference.HTTP_QUEUE);
        keys.save("not-the-key");
        collector.start();
        Await.until("key rejected", () -> collector.health().state() == CollectorState.KEY_REJECTED);

        keys.save(KEY);
        collector.restart();

        Await.until("collecting", () -> collector.health().state() == CollectorState.COLLECTING);
    }
}
