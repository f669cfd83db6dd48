package dev.cpaconsole.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.cpaconsole.collector.core.CollectorMode;
import dev.cpaconsole.settings.core.ConnectionTestResult;
import dev.cpaconsole.settings.core.CpaConnectionTester;
import dev.cpaconsole.simulator.CpaSimulator;
import dev.cpaconsole.simulator.SimulatorOptions;

/** "Test connection" of the settings screen against the CPA simulator. */
class ConnectionTesterSimulatorTest {
    private static final String KEY = "mgmt-test-secret-00001";

    private final CpaConnectionTester tester = new CpaConnectionTester();
    private CpaSimulator simulator;

    @AfterEach
    void stopSimulator() {
        if (simulator != null) {
            simulator.close();
        }
    }

    private CpaSimulator start(SimulatorOptions.Builder options) {
        simulator = CpaSimulator.start(options.build());
        return simulator;
    }

    @Test
    void currentCpaReportsItsVersionAndEveryMode() {
        start(SimulatorOptions.builder().managementKey(KEY).usageStatisticsEnabled(true));

        ConnectionTestResult result = tester.test(simulator.baseUri().toString(), KEY);

        assertThat(result).isEqualTo(new ConnectionTestResult.Connected("v7.2.140",
                List.of(CollectorMode.RESP_SUBSCRIBE, CollectorMode.HTTP_QUEUE, CollectorMode.RESP_POP), true));
    }

    @Test
    void olderCpaOffersOnlyWhatItsVersionHas() {
        start(SimulatorOptions.builder().managementKey(KEY).version("v6.10.2"));

        ConnectionTestResult result = tester.test(simulator.baseUri().toString(), KEY);

        assertThat(result).isInstanceOfSatisfying(ConnectionTestResult.Connected.class, connected -> {
            assertThat(connected.supportedModes()).containsExactly(CollectorMode.RESP_POP);
            assertThat(connected.statisticsEnabled()).isFalse();
        });
    }

    @Test
    void wrongKeyGetsTheActionableMessage() {
        start(SimulatorOptions.builder().managementKey(KEY));

        ConnectionTestResult result = tester.test(simulator.baseUri().toString(), "not-the-key");

        assertThat(result).isInstanceOfSatisfying(ConnectionTestResult.Failed.class, failed ->
                assertThat(failed.message()).startsWith("CPA refused the management key \u2013 check it"));
    }

    @Test
    void disabledManagementApiIsExplained() {
        start(SimulatorOptions.builder().managementKey(KEY).managementDisabled(true));

        ConnectionTestResult result = tester.test(simulator.baseUri().toString(), KEY);

        assertThat(result).isInstanceOfSatisfying(ConnectionTestResult.Failed.class, failed ->
                assertThat(failed.message()).contains("management API is switched off"));
    }

    @Test
    void nothingListeningIsReportedAsUnreachable() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            freePort = socket.getLocalPort();
        }

        ConnectionTestResult result = tester.test("http://127.0.0.1:" + freePort, KEY);

        assertThat(result).isInstanceOfSatisfying(ConnectionTestResult.Failed.class, failed ->
                assertThat(failed.message()).startsWith("Cannot reach CPA at http://127.0.0.1:" + freePort));
    }

    @Test
    void testingConsumesNoQueuedEvents() {
        start(SimulatorOptions.builder().managementKey(KEY).usageStatisticsEnabled(true).randomSeed(3));
        simulator.traffic().emit(3);
        int queued = simulator.queuedCount();

        tester.test(simulator.baseUri().toString(), KEY);

        assertThat(queued).isPositive();
        assertThat(simulator.queuedCount()).isEqualTo(queued);
    }
}
