package dev.cpaconsole.testing;

import java.nio.file.Path;
import java.time.Clock;

import dev.cpaconsole.app.AccessServices;
import dev.cpaconsole.app.CollectorControl;
import dev.cpaconsole.app.ConsoleServices;
import dev.cpaconsole.app.DemoLauncher;
import dev.cpaconsole.concurrent.ExecutorTaskRunner;
import dev.cpaconsole.keys.core.KeyEnforcement;
import dev.cpaconsole.logs.core.LogRingBuffer;
import dev.cpaconsole.models.core.ModelInventory;
import dev.cpaconsole.models.core.PriceBookLookup;
import dev.cpaconsole.models.core.ModelRefreshSchedule;
import dev.cpaconsole.models.core.PriceLookup;
import dev.cpaconsole.dashboard.core.DashboardService;
import dev.cpaconsole.pricing.core.CostQuery;
import dev.cpaconsole.pricing.core.PriceStore;
import dev.cpaconsole.requests.core.RequestQuery;
import dev.cpaconsole.schedule.Schedules;
import dev.cpaconsole.settings.core.ConnectionSettings;
import dev.cpaconsole.settings.core.ConnectionTestResult;
import dev.cpaconsole.settings.core.FileManagementKeyStore;
import dev.cpaconsole.settings.core.KeyKind;
import dev.cpaconsole.settings.core.ManagementKeyStore;
import dev.cpaconsole.settings.core.SavedCpaClient;
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
        FileManagementKeyStore keys = new FileManagementKeyStore(dataDir);
        ExecutorTaskRunner tasks = new ExecutorTaskRunner();
        PriceStore prices = new PriceStore(database, clock);
        Models models = Models.over(database, settingsStore, keys, dataDir, new PriceBookLookup(prices), clock);
        AccessServices access = access(database, prices, settingsStore, keys, dataDir, clock);
        return new ConsoleServices(dataDir, demo, tasks, new DashboardService(database, clock),
                new RequestQuery(database), prices, new CostQuery(database), settingsStore,
                keys,
                (url, key) -> new ConnectionTestResult.Failed("No CPA in this test"), collector, new LogRingBuffer(),
                models.inventory(), models.refresh(), models.clientKeys(), access,
                new KeyEnforcement(models.schedules(), access.keys()), demoLauncher, () -> {
                    models.schedules().close();
                    collector.stop();
                    tasks.close();
                    database.close();
                });
    }

    /**
     * Users, keys and the audit log over the saved CPA, periods cut in the clock's zone, the key
     * encryption secret in a file of {@code dataDir}. Nothing checks the keys on a schedule: tests
     * check by hand.
     */
    public static AccessServices access(Database database, PriceStore prices, SettingsStore settings,
            ManagementKeyStore keys, Path dataDir, Clock clock) {
        return AccessServices.open(database, prices, new SavedCpaClient(settings, keys)::current,
                new FileManagementKeyStore(dataDir, KeyKind.KEY_ENCRYPTION), clock::getZone, clock);
    }

    /**
     * The model inventory over the saved CPA, priced by {@code prices}, with a schedule that is
     * never started: tests refresh by hand. Close {@link #schedules()} with the services.
     */
    public record Models(Schedules schedules, ModelInventory inventory, ModelRefreshSchedule refresh,
            FileManagementKeyStore clientKeys) {

        public static Models over(Database database, SettingsStore settings, ManagementKeyStore keys, Path dataDir,
                PriceLookup prices, Clock clock) {
            Schedules schedules = Schedules.start(1);
            FileManagementKeyStore clientKeys = new FileManagementKeyStore(dataDir, KeyKind.CLIENT_KEY);
            ModelInventory inventory = new ModelInventory(database, new SavedCpaClient(settings, keys)::current,
                    clientKeys, prices, clock);
            return new Models(schedules, inventory, new ModelRefreshSchedule(schedules, inventory, database, clock),
                    clientKeys);
        }
    }
}
