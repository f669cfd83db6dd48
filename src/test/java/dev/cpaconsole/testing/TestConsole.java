package dev.cpaconsole.testing;

import java.nio.file.Path;
import java.time.Clock;

import dev.cpaconsole.app.CollectorControl;
import dev.cpaconsole.app.ConsoleServices;
import dev.cpaconsole.app.DemoLauncher;
import dev.cpaconsole.concurrent.ExecutorTaskRunner;
import dev.cpaconsole.logs.core.LogRingBuffer;
import dev.cpaconsole.overview.core.OverviewService;
import dev.cpaconsole.pricing.core.CostQuery;
import dev.cpaconsole.pricing.core.PriceStore;
import dev.cpaconsole.requests.core.RequestQuery;
import dev.cpaconsole.settings.core.ConnectionSettings;
import dev.cpaconsole.settings.core.ConnectionTestResult;
import dev.cpaconsole.settings.core.FileManagementKeyStore;
import dev.cpaconsole.settings.core.SettingsStore;
import dev.cpaconsole.store.Database;

/**
 * The console's services over a real database in a temporary directory, as the composition root
 * builds them, except that the price table starts empty: tests add the prices they need.
 */
public final class TestConsole {
    private TestConsole() {
    }

    /** Services with saved {@code settings}, an idle collector and no demo. */
    public static ConsoleServices open(Path dataDir, ConnectionSettings settings, Clock clock) {
        return open(dataDir, settings, clock, CollectorControl.idle(), DemoLauncher.UNAVAILABLE, false);
    }

    public static ConsoleServices open(Path dataDir, ConnectionSettings settings, Clock clock,
            CollectorControl collector, DemoLauncher demoLauncher, boolean demo) {
        Database database = Database.open(dataDir);
        SettingsStore settingsStore = new SettingsStore(database);
        settingsStore.save(settings);
        ExecutorTaskRunner tasks = new ExecutorTaskRunner();
        return new ConsoleServices(dataDir, demo, tasks, new OverviewService(database, clock),
                new RequestQuery(database), new PriceStore(database, clock), new CostQuery(database), settingsStore,
                new FileManagementKeyStore(dataDir),
                (url, key) -> new ConnectionTestResult.Failed("No CPA in this test"), collector, new LogRingBuffer(),
                demoLauncher, () -> {
                    collector.stop();
                    tasks.close();
                    database.close();
                });
    }
}
