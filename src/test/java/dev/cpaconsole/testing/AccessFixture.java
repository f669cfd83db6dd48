package dev.cpaconsole.testing;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;

import dev.cpaconsole.app.AccessServices;
import dev.cpaconsole.pricing.core.PriceStore;
import dev.cpaconsole.settings.core.ConnectionSettings;
import dev.cpaconsole.settings.core.FileManagementKeyStore;
import dev.cpaconsole.settings.core.KeyKind;
import dev.cpaconsole.settings.core.ModePreference;
import dev.cpaconsole.settings.core.SavedCpaClient;
import dev.cpaconsole.settings.core.SettingsStore;
import dev.cpaconsole.settings.core.Theme;
import dev.cpaconsole.simulator.CpaSimulator;
import dev.cpaconsole.simulator.SimulatorOptions;
import dev.cpaconsole.store.Database;

/**
 * Users, keys and the audit log over a real database in a temporary directory, keeping the key
 * list of a CPA simulator on a loopback port in step. Close it after each test.
 */
public final class AccessFixture implements AutoCloseable {
    public static final String MANAGEMENT_KEY = "mgmt-access-secret-0001";

    public final CpaSimulator simulator;
    public final Database database;
    public final SettingsStore settings;
    public final PriceStore prices;
    public final AccessServices access;

    private AccessFixture(CpaSimulator simulator, Database database, Clock clock, Path dataDir) {
        this.simulator = simulator;
        this.database = database;
        this.settings = new SettingsStore(database);
        settings.save(new ConnectionSettings(simulator.baseUri().toString(), ModePreference.AUTOMATIC, true,
                Theme.LIGHT));
        FileManagementKeyStore keys = new FileManagementKeyStore(dataDir);
        keys.save(MANAGEMENT_KEY);
        this.prices = new PriceStore(database, clock);
        this.access = AccessServices.open(database, prices, new SavedCpaClient(settings, keys)::current,
                new FileManagementKeyStore(dataDir, KeyKind.KEY_ENCRYPTION), () -> ZoneId.of("UTC"), clock);
    }

    /** A simulator holding {@code clientKeys}, and the services over a database in {@code dataDir}. */
    public static AccessFixture start(Path dataDir, Clock clock, List<String> clientKeys) {
        CpaSimulator simulator = CpaSimulator.start(SimulatorOptions.builder().managementKey(MANAGEMENT_KEY)
                .apiKeys(clientKeys).build());
        return new AccessFixture(simulator, Database.open(dataDir), clock, dataDir);
    }

    @Override
    public void close() {
        simulator.close();
        database.close();
    }
}
