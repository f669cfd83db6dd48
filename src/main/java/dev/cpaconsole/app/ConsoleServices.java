package dev.cpaconsole.app;

import java.nio.file.Path;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cpaconsole.concurrent.TaskRunner;
import dev.cpaconsole.dashboard.core.DashboardService;
import dev.cpaconsole.keys.core.KeyEnforcement;
import dev.cpaconsole.logs.core.LogRingBuffer;
import dev.cpaconsole.models.core.ModelInventory;
import dev.cpaconsole.models.core.ModelRefreshSchedule;
import dev.cpaconsole.pricing.core.CostQuery;
import dev.cpaconsole.pricing.core.PriceStore;
import dev.cpaconsole.requests.core.RequestQuery;
import dev.cpaconsole.settings.core.ConnectionTester;
import dev.cpaconsole.settings.core.ManagementKeyStore;
import dev.cpaconsole.settings.core.SettingsStore;

/**
 * Everything the desktop shell needs, built once by the composition root over one data
 * directory and handed to the shell before the window opens.
 *
 * @param dataDirectory where the database, the logs and (as fallback) the management key live
 * @param demo these services run the demo: the shell labels the window and offers no demo
 * @param tasks the background runner; its callbacks may run on any thread, the shell moves
 *     them to the JavaFX thread itself
 * @param dashboard figures, series and rankings of the dashboard (the overview screen)
 * @param requests the requests list and event details
 * @param prices the price table of this data directory, the one every screen prices events with
 * @param costs the cost of stored history under given prices
 * @param settings the saved connection settings and theme
 * @param managementKeys where the management key is kept (never the database)
 * @param connectionTester the settings screen's "Test connection"
 * @param collector start, stop, restart and health of the collector
 * @param log recent log entries for the log screen
 * @param models the model inventory of the models screen
 * @param modelRefresh the inventory's refresh schedule and its interval
 * @param clientKeys where the optional client key for {@code /v1/models} is kept (never the database)
 * @param access users, their client keys and the audit log of the users, keys and audit screens
 * @param keyEnforcement the scheduled check of every managed key against its limits and CPA; the
 *     keys screen hears its reports
 * @param demoLauncher starts the demo from the first-run panel; {@link DemoLauncher#UNAVAILABLE}
 *     when there is none
 * @param resources what the composition root opened for these services (collector, simulator,
 *     task pools, schedules with the key enforcement, database) and must close; closed once, off
 *     the JavaFX thread, when the window closes or the shell switches to other services
 */
public record ConsoleServices(
        Path dataDirectory,
        boolean demo,
        TaskRunner tasks,
        DashboardService dashboard,
        RequestQuery requests,
        PriceStore prices,
        CostQuery costs,
        SettingsStore settings,
        ManagementKeyStore managementKeys,
        ConnectionTester connectionTester,
        CollectorControl collector,
        LogRingBuffer log,
        ModelInventory models,
        ModelRefreshSchedule modelRefresh,
        ManagementKeyStore clientKeys,
        AccessServices access,
        KeyEnforcement keyEnforcement,
        DemoLauncher demoLauncher,
        AutoCloseable resources) implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServices.class);

    public ConsoleServices {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(tasks, "tasks");
        Objects.requireNonNull(dashboard, "dashboard");
        Objects.requireNonNull(requests, "requests");
        Objects.requireNonNull(prices, "prices");
        Objects.requireNonNull(costs, "costs");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(managementKeys, "managementKeys");
        Objects.requireNonNull(connectionTester, "connectionTester");
        Objects.requireNonNull(collector, "collector");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(modelRefresh, "modelRefresh");
        Objects.requireNonNull(clientKeys, "clientKeys");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(keyEnforcement, "keyEnforcement");
        Objects.requireNonNull(demoLauncher, "demoLauncher");
        Objects.requireNonNull(resources, "resources");
    }

    /** Whether the first-run panel may offer the demo. */
    public boolean demoAvailable() {
        return !demo && demoLauncher != DemoLauncher.UNAVAILABLE;
    }

    /** Closes {@link #resources()}; a failure is logged, since nothing can be done about it at exit. */
    @Override
    public void close() {
        try {
            resources.close();
        } catch (Exception e) {
            LOG.error("Closing the services of {} failed", dataDirectory, e);
        }
    }
}
