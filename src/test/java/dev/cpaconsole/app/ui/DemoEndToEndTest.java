package dev.cpaconsole.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import dev.cpaconsole.app.AccessServices;
import dev.cpaconsole.app.CollectorControl;
import dev.cpaconsole.app.ConsoleServices;
import dev.cpaconsole.app.DemoLauncher;
import dev.cpaconsole.app.ManagedCollector;
import dev.cpaconsole.collector.core.CollectorSettings;
import dev.cpaconsole.concurrent.ExecutorTaskRunner;
import dev.cpaconsole.keys.core.KeyEnforcement;
import dev.cpaconsole.logs.core.LogRingBuffer;
import dev.cpaconsole.models.core.PriceBookLookup;
import dev.cpaconsole.dashboard.core.DashboardService;
import dev.cpaconsole.pricing.core.CostQuery;
import dev.cpaconsole.pricing.core.PriceStore;
import dev.cpaconsole.requests.core.RequestQuery;
import dev.cpaconsole.requests.core.RequestRow;
import dev.cpaconsole.settings.core.ConnectionSettings;
import dev.cpaconsole.settings.core.CpaConnectionTester;
import dev.cpaconsole.settings.core.FileManagementKeyStore;
import dev.cpaconsole.settings.core.ModePreference;
import dev.cpaconsole.settings.core.SettingsStore;
import dev.cpaconsole.settings.core.Theme;
import dev.cpaconsole.simulator.CpaSimulator;
import dev.cpaconsole.simulator.SimulatorOptions;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.testing.Fx;
import dev.cpaconsole.testing.TestConsole;

/**
 * The demo from the first-run panel to events on screen: a simulated CPA with traffic on a free
 * loopback port, the desktop's collector storing into the demo's own directory, and the shell
 * showing what arrives.
 */
@ExtendWith(ApplicationExtension.class)
class DemoEndToEndTest {
    private static final String DEMO_KEY = "mgmt-demo-secret-0001";
    private static final long PATIENCE_SECONDS = 30;

    @TempDir
    Path dataDir;
    @TempDir
    Path demoDir;

    private ConsoleWindow window;

    @Start
    void start(Stage stage) {
        Clock clock = Clock.systemDefaultZone();
        ConsoleServices unconfigured = TestConsole.open(dataDir, ConnectionSettings.DEFAULTS, clock,
                CollectorControl.idle(), this::startDemo, false);
        window = new ConsoleWindow(stage, new DialogService(() -> stage), clock);
        window.open(unconfigured);
        stage.show();
    }

    /** What the composition root's demo does: simulator with traffic, collector, services over the demo folder. */
    private ConsoleServices startDemo() {
        CpaSimulator simulator = CpaSimulator.start(SimulatorOptions.builder()
                .managementKey(DEMO_KEY).demo(true).trafficRate(20).build());
        Database database = Database.open(demoDir);
        SettingsStore settings = new SettingsStore(database);
        settings.save(new ConnectionSettings(simulator.baseUri().toString(), ModePreference.AUTOMATIC, true,
                Theme.LIGHT));
        FileManagementKeyStore keys = new FileManagementKeyStore(demoDir);
        keys.save(DEMO_KEY);
        ManagedCollector collector = new ManagedCollector(database, settings, keys,
                CollectorSettings.defaults().withPollInterval(Duration.ofMillis(250)), Clock.systemUTC());
        collector.start();
        ExecutorTaskRunner tasks = new ExecutorTaskRunner();
        PriceStore prices = new PriceStore(database, Clock.systemUTC());
        TestConsole.Models models = TestConsole.Models.over(database, settings, keys, demoDir,
                new PriceBookLookup(prices), Clock.systemUTC());
        AccessServices access = TestConsole.access(database, prices, settings, keys, demoDir, Clock.systemUTC());
        return new ConsoleServices(demoDir, true, tasks, new DashboardService(database, Clock.systemDefaultZone()),
                new RequestQuery(database), prices, new CostQuery(database),
                settings, keys, new CpaConnectionTester(), collector, new LogRingBuffer(),
                models.inventory(), models.refresh(), models.clientKeys(), access,
                new KeyEnforcement(models.schedules(), access.keys()), DemoLauncher.UNAVAILABLE, () -> {
                    models.schedules().close();
                    collector.stop();
                    simulator.close();
                    tasks.close();
                    database.close();
                });
    }

    @AfterEach
    void closeWindow() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> window.dispose()).get(10, TimeUnit.SECONDS).close();
    }

    private static void waitFor(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS, () -> Fx.get(condition));
    }

    private static long number(FxRobot robot, String query) {
        String digits = robot.lookup(query).queryAs(Label.class).getText().replaceAll("\\D", "");
        return digits.isEmpty() ? 0 : Long.parseLong(digits);
    }

    @Test
    void demoEventsReachTheOverviewAndTheRequests(FxRobot robot) throws Exception {
        waitFor(() -> robot.lookup("#try-demo").tryQuery().map(Node::isVisible).orElse(false));

        robot.clickOn("#try-demo");

        waitFor(() -> robot.lookup("#demo-badge").tryQuery().isPresent());
        waitFor(() -> "Collecting".equals(robot.lookup("#collector-state").queryAs(Label.class).getText()));
        waitFor(() -> number(robot, "#dashboard-requests") > 0);
        assertThat(Fx.get(() -> robot.lookup("#cpa-version").queryAs(Label.class).getText())).isEqualTo(
                "CPA " + SimulatorOptions.DEFAULT_VERSION);

        robot.clickOn("#nav-requests");
        TableView<RequestRow> table = robot.lookup("#requests-table").queryTableView();
        waitFor(() -> !table.getItems().isEmpty());
        long before = Fx.get(() -> (long) table.getItems().size());
        waitFor(() -> table.getItems().size() > before);
        assertThat(Fx.get(() -> table.getItems().getFirst().time().isAfter(table.getItems().getLast().time())))
                .isTrue();
    }
}
