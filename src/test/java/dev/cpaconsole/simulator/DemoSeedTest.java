package dev.cpaconsole.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoSeedTest {
    @Test
    void demoSeedsAccountsKeysAndStartsTraffic() {
        try (SimulatorFixture fixture = SimulatorFixture.start(b -> b.demo(true).trafficRate(20))) {
            assertThat(fixture.sim.usageStatisticsEnabled()).isTrue();
            assertThat(fixture.sim.apiKeys()).hasSize(3).allMatch(k -> k.startsWith("sk-demo-"));
            assertThat(fixture.sim.authFiles().list()).extracting(AuthFile::type)
                    .contains("codex", "claude", "gemini");
            assertThat(fixture.sim.authFiles().list()).extracting(AuthFile::statusMessage)
                    .contains("quota exhausted", "unauthorized");
            assertThat(fixture.sim.traffic().isRunning()).isTrue();

            SimulatorFixture.await("demo traffic", () -> fixture.sim.queuedCount() > 0);
        }
    }
}
