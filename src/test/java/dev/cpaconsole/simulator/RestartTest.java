package dev.cpaconsole.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RestartTest {
    private final SimulatorFixture fixture = SimulatorFixture.start(b -> b.usageStatisticsEnabled(true));

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void restartClosesRespConnectionsAndKeepsThePort() {
        int port = fixture.sim.port();
        try (RespTestClient client = fixture.resp()) {
            client.call("AUTH", SimulatorFixture.KEY);

            fixture.sim.restart();

            assertThat(client.closedByServer()).isTrue();
        }
        assertThat(fixture.sim.port()).isEqualTo(port);
        try (RespTestClient again = fixture.resp()) {
            assertThat(again.call("AUTH", SimulatorFixture.KEY)).isEqualTo("+OK\r\n");
        }
    }

    @Test
    void restartDropsSubscribers() {
        try (RespTestClient client = fixture.resp()) {
            client.call("AUTH", SimulatorFixture.KEY);
            client.send("SUBSCRIBE", "usage");
            client.readRaw();
            SimulatorFixture.await("subscribed", () -> fixture.sim.subscriberCount() == 1);

            fixture.sim.restart();

            SimulatorFixture.await("subscriber gone", () -> fixture.sim.subscriberCount() == 0);
        }
    }

    @Test
    void restartForgetsQueueCountersAndBans() {
        AuthFile file = fixture.sim.authFiles().addCodex("user@example.com", "plus");
        fixture.sim.authFiles().setDisabled(file.name(), true);
        fixture.sim.publish("{\"auth_index\":\"" + file.authIndex() + "\",\"failed\":false}");
        for (int i = 0; i < 5; i++) {
            fixture.send("GET", "/v0/management/config", null);
        }
        assertThat(fixture.mgmt("GET", "/config").statusCode()).isEqualTo(403);

        fixture.sim.restart();

        assertThat(fixture.sim.queuedCount()).isZero();
        AuthFile after = fixture.sim.authFiles().find(file.name()).orElseThrow();
        assertThat(after.success()).isZero();
        assertThat(after.disabled()).isTrue();
        assertThat(after.status()).isEqualTo("disabled");
        assertThat(fixture.mgmt("GET", "/config").statusCode()).isEqualTo(200);
        assertThat(fixture.sim.usageStatisticsEnabled()).isTrue();
    }
}
