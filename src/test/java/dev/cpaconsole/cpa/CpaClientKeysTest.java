package dev.cpaconsole.cpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.cpaconsole.simulator.CpaSimulator;
import dev.cpaconsole.simulator.ManualClock;
import dev.cpaconsole.simulator.SimulatorOptions;

/** The client key calls against the CPA simulator on a loopback port. */
class CpaClientKeysTest {
    private static final String KEY = "mgmt-test-secret-00001";
    private static final String ALICE = "sk-test-client-alice-0001";
    private static final String BOB = "sk-test-client-bob-0002";
    private static final String CAROL = "sk-test-client-carol-0003";

    private final ManualClock clock = new ManualClock(Instant.parse("2026-08-22T06:00:00Z"));
    private CpaSimulator simulator;

    @AfterEach
    void stopSimulator() {
        if (simulator != null) {
            simulator.close();
        }
    }

    private CpaClient start(List<String> clientKeys) {
        return start(SimulatorOptions.builder().apiKeys(clientKeys));
    }

    private CpaClient start(SimulatorOptions.Builder options) {
        simulator = CpaSimulator.start(options.managementKey(KEY).clock(clock).build());
        return new CpaClient(simulator.baseUri(), KEY);
    }

    /** Keys CPA accepts as they are but that break hand-built JSON or query strings. */
    static List<String> unusualKeys() {
        return List.of(
                "sk-\"quoted\"",
                "sk-a&b=c",
                "sk a+b",
                "sk a b",
                "sk a%2Bb",
                "研发-张三🚀",
                "sk-back\\slash",
                "sk-#frag?q=1");
    }

    @Test
    void ensureApiKeyAppendsAMissingKey() {
        CpaClient client = start(List.of(ALICE));

        client.ensureApiKey(BOB);

        assertThat(simulator.apiKeys()).containsExactly(ALICE, BOB);
    }

    @Test
    void ensureApiKeyTwiceAddsTheKeyOnce() {
        CpaClient client = start(List.of(ALICE));

        client.ensureApiKey(BOB);
        client.ensureApiKey(BOB);

        assertThat(simulator.apiKeys()).containsExactly(ALICE, BOB);
    }

    @Test
    void ensureApiKeySendsTheKeyAsBothOldAndNew() {
        CpaClient client = start(List.of());

        client.ensureApiKey(BOB);

        assertThat(simulator.apiKeyRequestLog())
                .containsExactly("PATCH  {\"old\":\"" + BOB + "\",\"new\":\"" + BOB + "\"}");
    }

    @ParameterizedTest
    @MethodSource("unusualKeys")
    void ensureApiKeyStoresAnUnusualKeyExactly(String key) {
        CpaClient client = start(List.of(ALICE));

        client.ensureApiKey(key);

        assertThat(simulator.apiKeys()).containsExactly(ALICE, key);
        assertThat(client.apiKeys()).containsExactly(ALICE, key);
    }

    @Test
    void replaceApiKeySwapsTheOldKeyInPlace() {
        CpaClient client = start(List.of(ALICE, BOB, CAROL));

        client.replaceApiKey(BOB, "sk-test-client-bob-rotated-0004");

        assertThat(simulator.apiKeys()).containsExactly(ALICE, "sk-test-client-bob-rotated-0004", CAROL);
    }

    @Test
    void replaceApiKeyAppendsTheNewKeyWhenTheOldOneIsGone() {
        CpaClient client = start(List.of(ALICE));

        client.replaceApiKey(BOB, "sk-test-client-bob-rotated-0004");

        assertThat(simulator.apiKeys()).containsExactly(ALICE, "sk-test-client-bob-rotated-0004");
    }

    @ParameterizedTest
    @MethodSource("unusualKeys")
    void replaceApiKeyFindsAndWritesUnusualKeysExactly(String key) {
        CpaClient client = start(List.of(ALICE, key, CAROL));

        client.replaceApiKey(key, key + " ✓ \"rotated\"");

        assertThat(simulator.apiKeys()).containsExactly(ALICE, key + " ✓ \"rotated\"", CAROL);
    }

    @Test
    void deleteApiKeyRemovesThatValueAndLeavesTheOthers() {
        CpaClient client = start(List.of(ALICE, BOB, CAROL));

        client.deleteApiKey(BOB);

        assertThat(simulator.apiKeys()).containsExactly(ALICE, CAROL);
    }

    @ParameterizedTest
    @MethodSource("unusualKeys")
    void deleteApiKeyRemovesOnlyTheUnusualKeyNamed(String key) {
        List<String> all = new ArrayList<>(unusualKeys());
        all.add(ALICE);
        CpaClient client = start(all);

        client.deleteApiKey(key);

        List<String> others = new ArrayList<>(all);
        others.remove(key);
        assertThat(simulator.apiKeys()).containsExactlyElementsOf(others);
    }

    @Test
    void deleteApiKeySendsTheValueUrlEncodedAndNoIndex() {
        CpaClient client = start(List.of(ALICE));

        client.deleteApiKey("sk \"q\" & a+b");
        client.deleteApiKey("研发");

        assertThat(simulator.apiKeyRequestLog()).containsExactly(
                "DELETE value=sk+%22q%22+%26+a%2Bb ",
                "DELETE value=%E7%A0%94%E5%8F%91 ");
    }

    @Test
    void deleteApiKeyOfAKeyThatIsGoneChangesNothing() {
        CpaClient client = start(List.of(ALICE, CAROL));

        client.deleteApiKey(BOB);

        assertThat(simulator.apiKeys()).containsExactly(ALICE, CAROL);
    }

    @Test
    void blankKeysAreRefusedBeforeAnyRequest() {
        CpaClient client = start(List.of(ALICE));

        assertThatThrownBy(() -> client.ensureApiKey(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.replaceApiKey(ALICE, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.deleteApiKey(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.clientKeyAccepted(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThat(simulator.apiKeyRequestLog()).isEmpty();
    }

    @Test
    void keyWritesWithARefusedManagementKeyLatchTheClientAfterOneAttempt() {
        CpaClient client = start(List.of(ALICE));
        client.replaceManagementKey("wrong-management-key");

        assertThatThrownBy(() -> client.ensureApiKey(BOB)).isInstanceOf(ManagementKeyRejectedException.class);
        assertThatThrownBy(() -> client.deleteApiKey(ALICE)).isInstanceOf(ManagementKeyRejectedException.class);
        assertThatThrownBy(() -> client.replaceApiKey(ALICE, BOB)).isInstanceOf(ManagementKeyRejectedException.class);

        assertThat(simulator.failedAuthAttempts()).isEqualTo(1);
        assertThat(simulator.apiKeys()).containsExactly(ALICE);
    }

    @Test
    void refusedDeleteKeepsTheClientKeyOutOfTheMessage() {
        try (FakeCpaHttp cpa = new FakeCpaHttp()) {
            cpa.answer("/api-keys", 400, "{\"error\":\"missing index or value\"}", "v7.2.140");
            CpaClient client = new CpaClient(cpa.baseUri(), KEY);

            assertThatThrownBy(() -> client.deleteApiKey("sk-secret-client-key"))
                    .isInstanceOf(CpaRequestRejectedException.class)
                    .hasMessageNotContaining("sk-secret-client-key");
        }
    }

    @Test
    void clientKeyAcceptedIsTrueForAConfiguredKeyAndFalseForAnother() {
        CpaClient client = start(List.of(ALICE));

        assertThat(client.clientKeyAccepted(ALICE)).isTrue();
        assertThat(client.clientKeyAccepted(BOB)).isFalse();
    }

    @Test
    void everyKeyIsAcceptedWhileCpaHasNone() {
        CpaClient client = start(List.of());

        assertThat(client.clientKeyAccepted(BOB)).isTrue();
    }

    @Test
    void addedKeyIsAcceptedOnceCpaHasReloaded() {
        CpaClient client = start(SimulatorOptions.builder().apiKeys(List.of(ALICE))
                .keyReloadDelay(Duration.ofSeconds(1)));

        client.ensureApiKey(BOB);

        assertThat(client.apiKeys()).containsExactly(ALICE, BOB);
        assertThat(client.clientKeyAccepted(BOB)).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(client.clientKeyAccepted(BOB)).isTrue();
    }

    @Test
    void deletedKeyIsRefusedOnceCpaHasReloaded() {
        CpaClient client = start(SimulatorOptions.builder().apiKeys(List.of(ALICE, BOB))
                .keyReloadDelay(Duration.ofSeconds(1)));

        client.deleteApiKey(BOB);

        assertThat(client.clientKeyAccepted(BOB)).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(client.clientKeyAccepted(BOB)).isFalse();
        assertThat(client.clientKeyAccepted(ALICE)).isTrue();
    }

    @Test
    void clientKeyCheckNeitherWaitsForNorTripsTheManagementLatch() {
        CpaClient client = start(List.of(ALICE));
        client.replaceManagementKey("wrong-management-key");
        assertThatThrownBy(client::apiKeys).isInstanceOf(ManagementKeyRejectedException.class);

        assertThat(client.clientKeyAccepted(ALICE)).isTrue();
        assertThat(client.clientKeyAccepted(BOB)).isFalse();

        assertThat(simulator.failedAuthAttempts()).isEqualTo(1);
    }

    @Test
    void clientKeyCheckRefusedOtherwiseThan401Throws() {
        try (FakeCpaHttp cpa = new FakeCpaHttp()) {
            cpa.answer(CpaClient.PROXY_MODELS, 403, "{\"error\":\"unsafe_example_api_key\",\"message\":\"Proxy API "
                    + "endpoints are disabled because api-keys contains template values.\"}", null);
            CpaClient client = new CpaClient(cpa.baseUri(), KEY);

            assertThatThrownBy(() -> client.clientKeyAccepted(ALICE))
                    .isInstanceOfSatisfying(CpaRequestRejectedException.class, e -> {
                        assertThat(e.status()).isEqualTo(403);
                        assertThat(e.cpaError()).startsWith("unsafe_example_api_key");
                    });
        }
    }

    @Test
    void clientKeyCheckFailingOnCpasSideThrows() {
        try (FakeCpaHttp cpa = new FakeCpaHttp()) {
            cpa.answer(CpaClient.PROXY_MODELS, 502, "{\"error\":\"bad gateway\"}", null);
            CpaClient client = new CpaClient(cpa.baseUri(), KEY);

            assertThatThrownBy(() -> client.clientKeyAccepted(ALICE)).isInstanceOf(CpaUnavailableException.class);
        }
    }
}
