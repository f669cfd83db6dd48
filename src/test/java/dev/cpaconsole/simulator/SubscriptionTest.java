package dev.cpaconsole.simulator;

import static dev.cpaconsole.simulator.SimulatorFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SubscriptionTest {
    private static final String SUBSCRIBED = "*3\r\n$9\r\nsubscribe\r\n$5\r\nusage\r\n:1\r\n";
    private static final String SUPPORT_REFRESH = message("{\"support_refresh\":true}");

    private final SimulatorFixture fixture = SimulatorFixture.start(b -> b.usageStatisticsEnabled(true));

    @AfterEach
    void close() {
        fixture.close();
    }

    private static String message(String payload) {
        return "*3\r\n$7\r\nmessage\r\n$5\r\nusage\r\n" + RespTestClient.bulk(payload);
    }

    private RespTestClient subscriber() {
        RespTestClient client = fixture.resp();
        client.call("AUTH", SimulatorFixture.KEY);
        client.send("SUBSCRIBE", "usage");
        assertThat(client.readRaw()).isEqualTo(SUBSCRIBED);
        assertThat(client.readRaw()).isEqualTo(SUPPORT_REFRESH);
        return client;
    }

    @Test
    void subscriberReceivesEventsInsteadOfTheQueue() {
        try (RespTestClient client = subscriber()) {
            await("subscriber registered", () -> fixture.sim.subscriberCount() == 1);

            fixture.sim.publish("{\"n\":1}");

            assertThat(client.readRaw()).isEqualTo(message("{\"n\":1}"));
            assertThat(fixture.sim.queuedCount()).isZero();
            assertThat(fixture.mgmt("GET", "/usage-queue?count=10").body()).isEqualTo("[]");
        }
    }

    @Test
    void everySubscriberGetsEveryEvent() {
        try (RespTestClient first = subscriber(); RespTestClient second = subscriber()) {
            await("two subscribers", () -> fixture.sim.subscriberCount() == 2);

            fixture.sim.publish("{\"n\":1}");
            fixture.sim.publish("{\"n\":2}");

            for (RespTestClient client : new RespTestClient[] {first, second}) {
                assertThat(client.readRaw()).isEqualTo(message("{\"n\":1}"));
                assertThat(client.readRaw()).isEqualTo(message("{\"n\":2}"));
            }
        }
    }

    @Test
    void queueResumesWhenTheLastSubscriberLeaves() {
        try (RespTestClient client = subscriber()) {
            await("subscriber registered", () -> fixture.sim.subscriberCount() == 1);
            client.send("UNSUBSCRIBE");
            assertThat(client.readRaw()).isEqualTo("*3\r\n$11\r\nunsubscribe\r\n$5\r\nusage\r\n:0\r\n");
            assertThat(client.closedByServer()).isTrue();
        }
        await("subscriber gone", () -> fixture.sim.subscriberCount() == 0);

        fixture.sim.publish("{\"n\":1}");

        assertThat(fixture.sim.queuedCount()).isEqualTo(1);
    }

    @Test
    void pingDuringSubscriptionAnswersPongArray() {
        try (RespTestClient client = subscriber()) {
            assertThat(client.call("PING")).isEqualTo("*2\r\n$4\r\npong\r\n$-1\r\n");
            assertThat(client.call("PING", "hi")).isEqualTo("*2\r\n$4\r\npong\r\n$2\r\nhi\r\n");
        }
    }

    @Test
    void quitDuringSubscriptionCloses() {
        try (RespTestClient client = subscriber()) {
            assertThat(client.call("QUIT")).isEqualTo("+OK\r\n");
            assertThat(client.closedByServer()).isTrue();
        }
        await("subscriber gone", () -> fixture.sim.subscriberCount() == 0);
    }

    @Test
    void statisticsGateAppliesToSubscribersToo() {
        fixture.sim.setUsageStatisticsEnabled(false);
        try (RespTestClient client = subscriber()) {
            await("subscriber registered", () -> fixture.sim.subscriberCount() == 1);
            fixture.sim.publish("{\"n\":1}");

            assertThat(client.call("PING")).isEqualTo("*2\r\n$4\r\npong\r\n$-1\r\n");
        }
    }

    @Test
    void subscriberThatStopsReadingIsDropped() {
        try (RespTestClient slow = new RespTestClient(fixture.sim.port(), 4096)) {
            slow.call("AUTH", SimulatorFixture.KEY);
            slow.send("SUBSCRIBE", "usage");
            await("subscriber registered", () -> fixture.sim.subscriberCount() == 1);
            String big = "{\"pad\":\"" + "x".repeat(16 * 1024) + "\"}";

            for (int i = 0; i < 4000 && fixture.sim.subscriberCount() > 0; i++) {
                fixture.sim.publish(big);
            }

            await("slow subscriber dropped", () -> fixture.sim.subscriberCount() == 0);
        }
    }

    @Test
    void credentialSetChangesAreAnnouncedAsRefresh() {
        try (RespTestClient client = subscriber()) {
            await("subscriber registered", () -> fixture.sim.subscriberCount() == 1);

            fixture.sim.authFiles().addClaude("dev@example.com");

            assertThat(client.readRaw()).isEqualTo(message("{\"refresh\":true}"));
        }
    }

    @Test
    void errorsChannelCarriesCredentialFailures() {
        fixture.sim.authFiles().addCodex("a@example.com", "plus");
        fixture.sim.authFiles().addCodex("b@example.com", "plus");
        try (RespTestClient client = fixture.resp()) {
            client.call("AUTH", SimulatorFixture.KEY);
            assertThat(client.call("SUBSCRIBE", "errors")).isEqualTo("*3\r\n$9\r\nsubscribe\r\n$6\r\nerrors\r\n:1\r\n");

            fixture.sim.traffic().emitFailover(429);

            String event = client.readRaw();
            assertThat(event).startsWith("*3\r\n$7\r\nmessage\r\n$6\r\nerrors\r\n");
            assertThat(event).contains("\"status_code\":429").contains("\"status_message\":\"quota exhausted\"")
                    .contains("\"code\":\"usage_limit_reached\"").contains("\"model\":{\"name\":\"gpt-5.4");
        }
        assertThat(fixture.sim.queuedCount()).isEqualTo(2);
    }
}
