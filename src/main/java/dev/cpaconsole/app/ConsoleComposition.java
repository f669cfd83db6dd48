package dev.cpaconsole.app;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cpaconsole.collector.core.CollectorSettings;
import dev.cpaconsole.concurrent.ExecutorTaskRunner;
import dev.cpaconsole.concurrent.TaskRunner;
import dev.cpaconsole.concurrent.Workload;
import dev.cpaconsole.dashboard.core.DashboardService;
import dev.cpaconsole.keys.core.KeyEnforcement;
import dev.cpaconsole.keys.core.KeyLimits;
import dev.cpaconsole.keys.core.KeyService;
import dev.cpaconsole.keys.core.LimitPeriod;
import dev.cpaconsole.logs.core.RingBufferAppender;
import dev.cpaconsole.models.core.ModelInventory;
import dev.cpaconsole.models.core.ModelRefreshSchedule;
import dev.cpaconsole.models.core.PriceBookLookup;
import dev.cpaconsole.pricing.core.CostQuery;
import dev.cpaconsole.pricing.core.PriceStore;
import dev.cpaconsole.requests.core.RequestQuery;
import dev.cpaconsole.schedule.Schedules;
import dev.cpaconsole.settings.core.ConnectionSettings;
import dev.cpaconsole.settings.core.CpaConnectionTester;
import dev.cpaconsole.settings.core.FileManagementKeyStore;
import dev.cpaconsole.settings.core.KeyKind;
import dev.cpaconsole.settings.core.ManagementKeyStore;
import dev.cpaconsole.settings.core.ManagementKeyStores;
import dev.cpaconsole.settings.core.ModePreference;
import dev.cpaconsole.settings.core.SavedCpaClient;
import dev.cpaconsole.settings.core.SettingsStore;
import dev.cpaconsole.simulator.CpaSimulator;
import dev.cpaconsole.simulator.SimulatorOptions;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.usage.core.ClientKeys;
import dev.cpaconsole.usage.core.HistoryMaintenance;
import dev.cpaconsole.users.core.Role;
import dev.cpaconsole.users.core.User;
import dev.cpaconsole.users.core.UserDetails;

/**
 * The composition root of the desktop app: builds every service once, over one data directory,
 * and hands them to the shell. The demo is the same console pointed at a simulated CPA that runs
 * in this process, with its own data directory.
 */
public final class ConsoleComposition {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleComposition.class);
    private static final double DEMO_REQUESTS_PER_SECOND = 3;

    private ConsoleComposition() {
    }

    /**
     * The console over {@code dataDirectory}: collecting from the saved CPA when one is
     * configured, otherwise offering the demo (kept in {@code demoDirectory}).
     */
    public static ConsoleServices open(Path dataDirectory, Path demoDirectory) {
        Database database = Database.open(dataDirectory);
        SettingsStore settings = new SettingsStore(database);
        ManagementKeyStore keys = ManagementKeyStores.forThisComputer(dataDirectory);
        ManagedCollector collector = new ManagedCollector(database, settings, keys, CollectorSettings.defaults(),
                Clock.systemUTC());
        ExecutorTaskRunner tasks = new ExecutorTaskRunner();
        if (settings.load().isConfigured()) {
            tasks.run(Workload.CPA, "start collector", collector::start, () -> { },
                    failure -> LOG.error("The collector could not start", failure));
        }
        DashboardService dashboard = new DashboardService(database, Clock.systemUTC());
        PriceStore prices = new PriceStore(database, Clock.systemUTC());
        ModelServices models = ModelServices.start(database, prices, settings, keys,
                ManagementKeyStores.forThisComputer(dataDirectory, KeyKind.CLIENT_KEY), tasks);
        AccessServices access = AccessServices.open(database, prices, new SavedCpaClient(settings, keys)::current,
                ManagementKeyStores.forThisComputer(dataDirectory, KeyKind.KEY_ENCRYPTION), settings::timeZone,
                Clock.systemUTC());
        KeyEnforcement enforcement = new KeyEnforcement(models.schedules(), access.keys());
        enforcement.start();
        new HistoryMaintenance(database, Clock.systemUTC(), settings::timeZone).schedule(models.schedules());
        return new ConsoleServices(dataDirectory, false, tasks, dashboard,
                new RequestQuery(database), prices, new CostQuery(database), settings, keys,
                new CpaConnectionTester(), collector,
                RingBufferAppender.installedBuffer(), models.inventory(), models.refresh(), models.clientKeys(),
                access, enforcement, () -> demo(demoDirectory), () -> {
                    models.schedules().close();
                    collector.stop();
                    tasks.close();
                    database.close();
                });
    }

    /**
     * The demo: a simulated CPA with live traffic on a free loopback port, and the console
     * collecting from it into {@code demoDirectory}. Blocks while the simulator starts.
     */
    public static ConsoleServices demo(Path demoDirectory) {
        String managementKey = randomKey();
        CpaSimulator simulator = CpaSimulator.start(SimulatorOptions.builder()
                .managementKey(managementKey)
                .demo(true)
                .trafficRate(DEMO_REQUESTS_PER_SECOND)
                .build());
        Database database = Database.open(demoDirectory);
        SettingsStore settings = new SettingsStore(database);
        ConnectionSettings saved = settings.load();
        settings.save(new ConnectionSettings(simulator.baseUri().toString(), ModePreference.AUTOMATIC, true,
                saved.theme()));
        // The demo's key lives and dies with its simulator; it never belongs in the OS keychain.
        FileManagementKeyStore keys = new FileManagementKeyStore(demoDirectory);
        keys.save(managementKey);
        ManagedCollector collector = new ManagedCollector(database, settings, keys, CollectorSettings.defaults(),
                Clock.systemUTC());
        ExecutorTaskRunner tasks = new ExecutorTaskRunner();
        collector.start();
        LOG.info("Demo CPA running at {}; history kept in {}", simulator.baseUri(), demoDirectory);
        PriceStore prices = new PriceStore(database, Clock.systemUTC());
        ModelServices models = ModelServices.start(database, prices, settings, keys,
                new FileManagementKeyStore(demoDirectory, KeyKind.CLIENT_KEY), tasks);
        AccessServices access = AccessServices.open(database, prices, new SavedCpaClient(settings, keys)::current,
                new FileManagementKeyStore(demoDirectory, KeyKind.KEY_ENCRYPTION), settings::timeZone,
                Clock.systemUTC());
        seedDemoUsers(access, simulator.apiKeys());
        KeyEnforcement enforcement = new KeyEnforcement(models.schedules(), access.keys());
        enforcement.start();
        new HistoryMaintenance(database, Clock.systemUTC(), settings::timeZone).schedule(models.schedules());
        return new ConsoleServices(demoDirectory, true, tasks, new DashboardService(database, Clock.systemUTC()),
                new RequestQuery(database), prices, new CostQuery(database), settings, keys,
                new CpaConnectionTester(), collector,
                RingBufferAppender.installedBuffer(), models.inventory(), models.refresh(), models.clientKeys(),
                access, enforcement, DemoLauncher.UNAVAILABLE, () -> {
                    models.schedules().close();
                    collector.stop();
                    simulator.close();
                    tasks.close();
                    database.close();
                });
    }

    /**
     * The model inventory over the saved CPA, priced from the price table, refreshed on its own
     * schedule. The shipped price catalogue is installed and the schedule started in the
     * background, since both read the database.
     */
    private record ModelServices(Schedules schedules, ModelInventory inventory, ModelRefreshSchedule refresh,
            ManagementKeyStore clientKeys) {

        /**
         * @param prices the one price table of the database, shared with every screen; the
         *     shipped catalogue is brought into it here, on a background task
         */
        static ModelServices start(Database database, PriceStore prices, SettingsStore settings,
                ManagementKeyStore keys, ManagementKeyStore clientKeys, TaskRunner tasks) {
            Schedules schedules = Schedules.start();
            ModelInventory inventory = new ModelInventory(database, new SavedCpaClient(settings, keys)::current,
                    clientKeys, new PriceBookLookup(prices), Clock.systemUTC());
            ModelRefreshSchedule refresh = new ModelRefreshSchedule(schedules, inventory, database, Clock.systemUTC());
            // Called on the thread that changed the prices, which is never the JavaFX thread.
            prices.onChange(inventory::pricesChanged);
            tasks.run(Workload.DATABASE, "model-schedule", () -> {
                prices.installCatalogue();
                refresh.start();
            }, () -> { }, failure -> LOG.error("The model refresh schedule could not start", failure));
            return new ModelServices(schedules, inventory, refresh, clientKeys);
        }
    }

    /**
     * Gives the demo users who own keys: the first time, two of the simulator's client keys are
     * adopted into users and a third user gets a new key, so that the users and keys screens show
     * something and one key stays unmanaged. The simulator starts with only its own keys each time,
     * so later demos put the keys made in earlier ones back into it.
     */
    static void seedDemoUsers(AccessServices access, List<String> simulatorKeys) {
        try {
            seedOnce(access, simulatorKeys);
            access.keys().check(KeyService.CONSOLE, true);
        } catch (RuntimeException e) {
            // The demo is still worth showing with empty users and keys screens.
            LOG.warn("The demo's users and keys could not be set up", e);
        }
    }

    private static void seedOnce(AccessServices access, List<String> simulatorKeys) {
        KeyService keys = access.keys();
        if (access.users().store().list(true).isEmpty() && simulatorKeys.size() >= 2) {
            User alice = access.users().create(KeyService.CONSOLE, new UserDetails("alice", "Alice Martin",
                    "alice@example.com", "Leads the platform team", Role.ADMIN), null);
            User bob = access.users().create(KeyService.CONSOLE, new UserDetails("bob", "Bob Chen", "@bob on chat",
                    "", Role.USER), null);
            User zhang = access.users().create(KeyService.CONSOLE, new UserDetails("\u7814\u53d1-\u5f20\u4e09",
                    "\u5f20\u4e09", "zhang.san@example.com", "Research", Role.USER), null);
            keys.adopt(KeyService.CONSOLE, ClientKeys.hash(simulatorKeys.get(0)), alice.id(), "laptop",
                    "Alice's editor", KeyLimits.NONE.withBudget(new BigDecimal("20"), LimitPeriod.MONTH));
            keys.adopt(KeyService.CONSOLE, ClientKeys.hash(simulatorKeys.get(1)), bob.id(), "ci-runner",
                    "Nightly builds", KeyLimits.NONE.withQuotas(5_000L, null, LimitPeriod.DAY));
            keys.create(KeyService.CONSOLE, zhang.id(), "notebook", "Experiments",
                    KeyLimits.NONE.withExpiry(Clock.systemUTC().instant().plus(Duration.ofDays(30))));
            LOG.info("Demo users and keys created");
        }
    }

    private static String randomKey() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return "demo-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
