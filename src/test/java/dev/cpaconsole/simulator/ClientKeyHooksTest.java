package dev.cpaconsole.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The reload delay after client key writes, and the test hooks around {@code /api-keys}. */
class ClientKeyHooksTest {
    private static final String OK = "{\"status\":\"ok\"}";

    private SimulatorFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private SimulatorFixture start(Duration keyReloadDelay) {
        fixture = SimulatorFixture.start(b -> b.keyReloadDelay(keyReloadDelay));
        return fixture;
    }

    private int modelsStatus(String clientKey) {
        return clientKey == null ? fixture.send("GET", "/v1/models", null).statusCode()
                : fixture.send("GET", "/v1/models", null, "Authorization", "Bearer " + clientKey).statusCode();
    }

    private String keys() {
        return fixture.mgmt("GET", "/api-keys").body();
    }

    @Test
    void newKeyIsListedAtOnceButRefusedUntilTheReloadDelayHasPassed() {
        start(Duration.ofSeconds(2));
        fixture.sim.setApiKeys(List.of("sk-old"));

        assertThat(fixture.mgmt("PATCH", "/api-keys", "{\"old\":\"sk-new\",\"new\":\"sk-new\"}").body()).isEqualTo(OK);

        assertThat(keys()).isEqualTo("{\"api-keys\":[\"sk-old\",\"sk-new\"]}");
        assertThat(modelsStatus("sk-new")).isEqualTo(401);
        fixture.clock.advance(Duration.ofMillis(1999));
        assertThat(modelsStatus("sk-new")).isEqualTo(401);
        fixture.clock.advance(Duration.ofMillis(1));
        assertThat(modelsStatus("sk-new")).isEqualTo(200);
    }

    @Test
    void deletedKeyIsStillAcceptedUntilTheReloadDelayHasPassed() {
        start(Duration.ofSeconds(2));
        fixture.sim.setApiKeys(List.of("sk-a", "sk-b"));

        fixture.mgmt("DELETE", "/api-keys?value=sk-b");

        assertThat(keys()).isEqualTo("{\"api-keys\":[\"sk-a\"]}");
        assertThat(modelsStatus("sk-b")).isEqualTo(200);
        fixture.clock.advance(Duration.ofSeconds(2));
        assertThat(modelsStatus("sk-b")).isEqualTo(401);
    }

    @Test
    void removingTheLastKeyOpensTheProxyOnlyAfterTheReload() {
        start(Duration.ofSeconds(1));
        fixture.sim.setApiKeys(List.of("sk-a"));

        fixture.mgmt("PUT", "/api-keys", "[]");

        assertThat(keys()).isEqualTo("{\"api-keys\":null}");
        assertThat(modelsStatus(null)).isEqualTo(401);
        fixture.clock.advance(Duration.ofSeconds(1));
        assertThat(modelsStatus(null)).isEqualTo(200);
    }

    @Test
    void eachWriteReachesTheProxyOneDelayAfterItWasMade() {
        start(Duration.ofSeconds(2));
        fixture.sim.setApiKeys(List.of("sk-a"));

        fixture.mgmt("PATCH", "/api-keys", "{\"old\":\"sk-x\",\"new\":\"sk-x\"}");
        fixture.clock.advance(Duration.ofSeconds(1));
        fixture.mgmt("PATCH", "/api-keys", "{\"old\":\"sk-y\",\"new\":\"sk-y\"}");
        fixture.clock.advance(Duration.ofSeconds(1));

        assertThat(modelsStatus("sk-x")).isEqualTo(200);
        assertThat(modelsStatus("sk-y")).isEqualTo(401);
        fixture.clock.advance(Duration.ofSeconds(1));
        assertThat(modelsStatus("sk-y")).isEqualTo(200);
    }

    @Test
    void delaySetOnTheRunningSimulatorHoldsBackLaterWrites() {
        start(Duration.ZERO);
        fixture.mgmt("PATCH", "/api-keys", "{\"old\":\"sk-a\",\"new\":\"sk-a\"}");
        assertThat(modelsStatus("sk-a")).isEqualTo(200);

        fixture.sim.setKeyReloadDelay(Duration.ofSeconds(5));
        fixture.mgmt("PATCH", "/api-keys", "{\"old\":\"sk-b\",\"new\":\"sk-b\"}");

        assertThat(modelsStatus("sk-b")).isEqualTo(401);
        fixture.clock.advance(Duration.ofSeconds(5));
        assertThat(modelsStatus("sk-b")).isEqualTo(200);
    }

    @Test
    void directlySetKeysAreCheckedAtOnce() {
        start(Duration.ofMinutes(1));

        fixture.sim.setApiKeys(List.of("sk-set"));

        assertThat(modelsStatus("sk-set")).isEqualTo(200);
    }

    @Test
    void restartLoadsTheSavedKeysWithoutWaitingForThePendingReload() {
        start(Duration.ofMinutes(1));
        fixture.sim.setApiKeys(List.of("sk-set"));
        fixture.mgmt("PATCH", "/api-keys", "{\"old\":\"sk-set\",\"new\":\"sk-rotated\"}");

        fixture.sim.restart();

        assertThat(modelsStatus("sk-rotated")).isEqualTo(200);
        assertThat(modelsStatus("sk-set")).isEqualTo(401);
    }

    @Test
    void keptOutWritesAnswerOkButChangeNothing() {
        start(Duration.ZERO);
        fixture.sim.setApiKeys(List.of("sk-a", "sk-b"));
        fixture.sim.keepApiKeyWrites(false);

        List<HttpResponse<String>> answers = List.of(
                fixture.mgmt("PUT", "/api-keys", "[\"sk-z\"]"),
                fixture.mgmt("PUT", "/api-keys", "{\"items\":[\"sk-z\"]}"),
                fixture.mgmt("PATCH", "/api-keys", "{\"old\":\"sk-a\",\"new\":\"sk-z\"}"),
                fixture.mgmt("PATCH", "/api-keys", "{\"old\":\"sk-n\",\"new\":\"sk-n\"}"),
                fixture.mgmt("PATCH", "/api-keys", "{\"index\":0,\"value\":\"sk-z\"}"),
                fixture.mgmt("DELETE", "/api-keys?value=sk-b"),
                fixture.mgmt("DELETE", "/api-keys?index=0"));

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo(OK);
        });
        assertThat(keys()).isEqualTo("{\"api-keys\":[\"sk-a\",\"sk-b\"]}");
        assertThat(modelsStatus("sk-b")).isEqualTo(200);
        assertThat(modelsStatus("sk-z")).isEqualTo(401);
    }

    @Test
    void keptOutWritesStillRefuseBadRequestsAsUsual() {
        start(Duration.ZERO);
        fixture.sim.setApiKeys(List.of("sk-a"));
        fixture.sim.keepApiKeyWrites(false);

        HttpResponse<String> badPut = fixture.mgmt("PUT", "/api-keys", "nope");
        HttpResponse<String> badIndex = fixture.mgmt("PATCH", "/api-keys", "{\"index\":5,\"value\":\"x\"}");
        HttpResponse<String> noValue = fixture.mgmt("DELETE", "/api-keys");

        assertThat(badPut.body()).isEqualTo("{\"error\":\"invalid body\"}");
        assertThat(badIndex.body()).isEqualTo("{\"error\":\"missing fields\"}");
        assertThat(noValue.body()).isEqualTo("{\"error\":\"missing index or value\"}");
    }

    @Test
    void writesStickAgainOnceKept() {
        start(Duration.ZERO);
        fixture.sim.keepApiKeyWrites(false);
        fixture.mgmt("PATCH", "/api-keys", "{\"old\":\"sk-lost\",\"new\":\"sk-lost\"}");

        fixture.sim.keepApiKeyWrites(true);
        fixture.mgmt("PATCH", "/api-keys", "{\"old\":\"sk-kept\",\"new\":\"sk-kept\"}");

        assertThat(fixture.sim.apiKeys()).containsExactly("sk-kept");
    }

    @Test
    void actionAfterTheNextReadLandsBetweenTheSnapshotAndTheResponse() {
        start(Duration.ZERO);
        fixture.sim.setApiKeys(List.of("sk-a"));
        fixture.sim.afterNextApiKeyRead(() -> fixture.sim.setApiKeys(List.of("sk-a", "sk-other-tool")));

        String read = keys();

        assertThat(read).isEqualTo("{\"api-keys\":[\"sk-a\"]}");
        assertThat(fixture.sim.apiKeys()).containsExactly("sk-a", "sk-other-tool");
        assertThat(keys()).isEqualTo("{\"api-keys\":[\"sk-a\",\"sk-other-tool\"]}");
    }

    @Test
    void actionAfterTheNextReadRunsOnceAndOnlyOnAKeyListRead() {
        start(Duration.ZERO);
        AtomicInteger runs = new AtomicInteger();
        fixture.sim.afterNextApiKeyRead(runs::incrementAndGet);

        fixture.mgmt("GET", "/config");
        fixture.mgmt("PATCH", "/api-keys", "{\"old\":\"sk-a\",\"new\":\"sk-a\"}");
        assertThat(runs).hasValue(0);

        keys();
        keys();
        assertThat(runs).hasValue(1);
    }

    @Test
    void requestLogListsEveryKeyRequestInArrivalOrder() {
        start(Duration.ZERO);

        keys();
        fixture.mgmt("PATCH", "/api-keys", "{\"old\":\"sk-x\",\"new\":\"sk-x\"}");
        fixture.mgmt("DELETE", "/api-keys?value=sk-x");
        fixture.mgmt("PUT", "/api-keys", "[\"sk-y\"]");
        fixture.mgmt("DELETE", "/api-keys?value=sk+a%2Bb%26c");

        assertThat(fixture.sim.apiKeyRequestLog()).containsExactly(
                "GET  ",
                "PATCH  {\"old\":\"sk-x\",\"new\":\"sk-x\"}",
                "DELETE value=sk-x ",
                "PUT  [\"sk-y\"]",
                "DELETE value=sk+a%2Bb%26c ");
        assertThat(fixture.sim.apiKeyWriteCount()).isEqualTo(4);
    }

    @Test
    void requestLogCountsRefusedAndKeptOutWritesButNotRefusedLogins() {
        start(Duration.ZERO);
        fixture.sim.keepApiKeyWrites(false);

        fixture.mgmt("PATCH", "/api-keys", "{nope");
        fixture.mgmt("DELETE", "/api-keys?value=sk-x");
        fixture.send("PUT", "/v0/management/api-keys", "[]", "Authorization", "Bearer wrong-key");
        fixture.mgmt("GET", "/config");

        assertThat(fixture.sim.apiKeyRequestLog()).containsExactly("PATCH  {nope", "DELETE value=sk-x ");
        assertThat(fixture.sim.apiKeyWriteCount()).isEqualTo(2);
        assertThat(fixture.sim.failedAuthAttempts()).isEqualTo(1);
    }
}
