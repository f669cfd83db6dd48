package dev.cpaconsole.cpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CpaClientTest {
    private static final String KEY = "mgmt-test-secret-00001";

    private final FakeCpaHttp cpa = new FakeCpaHttp();
    private final CpaClient client = new CpaClient(cpa.baseUri(), KEY);

    @AfterEach
    void stopServer() {
        cpa.close();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = CpaClientTest.class.getResourceAsStream("/cpa/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void sendsTheKeyAsBearerAndReadsTheVersionHeader() {
        cpa.answer("/usage-statistics-enabled", 200, "{\"usage-statistics-enabled\": true}", "v6.10.9");

        assertThat(client.usageStatisticsEnabled()).isTrue();

        assertThat(cpa.seen().getFirst().authorization()).isEqualTo("Bearer " + KEY);
        assertThat(client.version()).contains(CpaVersion.parse("v6.10.9"));
        assertThat(client.features().usageQueue()).isTrue();
        assertThat(client.features().respSubscribe()).isFalse();
    }

    @Test
    void turnsStatisticsOnWithAValueBody() {
        cpa.answer("/usage-statistics-enabled", "{\"status\":\"ok\"}");

        client.setUsageStatisticsEnabled(true);

        assertThat(cpa.seen().getFirst().method()).isEqualTo("PUT");
        assertThat(cpa.seen().getFirst().body()).isEqualTo("{\"value\":true}");
    }

    @Test
    void refusedKeyLatchesTheClientUntilTheKeyIsReplaced() {
        cpa.answer("/usage-statistics-enabled", 401, "{\"error\":\"invalid management key\"}", "v7.2.140");

        assertThatThrownBy(client::usageStatisticsEnabled)
                .isInstanceOf(ManagementKeyRejectedException.class)
                .hasMessageContaining("CPA refused the management key – check it in Settings")
                .hasMessageContaining("invalid management key");
        assertThatThrownBy(client::config).isInstanceOf(ManagementKeyRejectedException.class);
        assertThatThrownBy(() -> client.popUsageQueue(500)).isInstanceOf(ManagementKeyRejectedException.class);
        assertThat(cpa.seen()).hasSize(1);

        cpa.answer("/usage-statistics-enabled", "{\"usage-statistics-enabled\": false}");
        client.replaceManagementKey("the-right-key");

        assertThat(client.usageStatisticsEnabled()).isFalse();
        assertThat(cpa.seen()).hasSize(2);
        assertThat(cpa.seen().get(1).authorization()).isEqualTo("Bearer the-right-key");
    }

    @Test
    void banKeepsCpasWordsInTheRejection() {
        String banned = "IP banned due to too many failed attempts. Try again in 29m58s";
        cpa.answer("/config", 403, "{\"error\":\"" + banned + "\"}", "v7.2.140");

        assertThatThrownBy(client::config)
                .isInstanceOfSatisfying(ManagementKeyRejectedException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.cpaError()).isEqualTo(banned);
                });
    }

    @Test
    void concurrentCallsWithAWrongKeyCostOneAttempt() throws Exception {
        cpa.answer("/usage-queue", 401, "{\"error\":\"invalid management key\"}", "v7.2.140");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Throwable>> outcomes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            outcomes.add(pool.submit(() -> {
                go.await();
                try {
                    client.popUsageQueue(10);
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            }));
        }
        go.countDown();
        for (Future<Throwable> outcome : outcomes) {
            assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(ManagementKeyRejectedException.class);
        }
        pool.shutdown();

        assertThat(cpa.seen()).hasSize(1);
    }

    @Test
    void popReturnsEachElementsExactTextAndStringsAsJsonLiterals() {
        cpa.answer("/usage-queue", "[ {\"b\":2,  \"a\":\"\\u00e9\"} ,\"not json\",42,[1, 2],{\"x\":{\"y\":[]}} ]");

        List<String> items = client.popUsageQueue(500);

        assertThat(items).containsExactly("{\"b\":2,  \"a\":\"\\u00e9\"}", "\"not json\"", "42", "[1, 2]",
                "{\"x\":{\"y\":[]}}");
        assertThat(cpa.seen().getFirst().pathAndQuery()).isEqualTo("/v0/management/usage-queue?count=500");
    }

    @Test
    void popOfAnEmptyQueueIsEmpty() {
        cpa.answer("/usage-queue", "[]");

        assertThat(client.popUsageQueue(1)).isEmpty();
    }

    @Test
    void popKeepsRealRecordsIntact() throws IOException {
        String body = resource("usage-queue.response.json");
        cpa.answer("/usage-queue", body);

        List<String> items = client.popUsageQueue(500);

        assertThat(items).hasSize(3);
        assertThat(items).allSatisfy(item -> assertThat(body).contains(item));
        assertThat(UsageItems.authIndex(items.get(1))).contains("755481f9d70ed642");
    }

    @Test
    void readsAuthFilesLeniently() throws IOException {
        cpa.answer("/auth-files", resource("auth-files.list.response.json"));

        List<AuthFile> files = client.authFiles();

        assertThat(files).extracting(AuthFile::name).containsExactly("claude-dev@example.com.json",
                "codex-old@example.com-free.json", "codex-team@example.com-team.json",
                "codex-user@example.com-plus.json");
        AuthFile team = files.get(2);
        assertThat(team.authIndex()).isEqualTo("ea8c7b6e9b336a3c");
        assertThat(team.type()).isEqualTo("codex");
        assertThat(team.status()).isEqualTo("error");
        assertThat(team.statusMessage()).isEqualTo("quota exhausted");
        assertThat(team.unavailable()).isTrue();
        assertThat(team.requests()).isEqualTo(328);
        assertThat(team.nextRetryAfter()).isEqualTo("2026-08-22T07:35:07.917553201Z");
        assertThat(team.planType()).isEqualTo("team");
        assertThat(team.priority()).isEqualTo(3);
        assertThat(files.get(0).priority()).isNull();
        assertThat(files.get(0).planType()).isEmpty();
    }

    @Test
    void readsAuthFilesWithoutOptionalFields() {
        cpa.answer("/auth-files", "{\"files\":[{\"name\":\"a.json\",\"auth_index\":7,\"extra\":{\"x\":1}}]}");

        AuthFile file = client.authFiles().getFirst();

        assertThat(file.authIndex()).isEqualTo("7");
        assertThat(file.success()).isZero();
        assertThat(file.nextRetryAfter()).isNull();
        assertThat(file.status()).isEmpty();
    }

    @Test
    void readsApiKeyUsagePerProviderAndCredential() throws IOException {
        cpa.answer("/api-key-usage", resource("api-key-usage.response.json"));

        assertThat(client.apiKeyUsage()).containsExactly(
                new ApiKeyUsage("codex", "https://api.example.com/v1|sk-test-upstream-0001", 42, 3),
                new ApiKeyUsage("openrouter", "https://openrouter.example.com/api/v1|sk-test-upstream-0002", 7, 0));
    }

    @Test
    void apiKeysNullMeansNone() {
        cpa.answer("/api-keys", "{\"api-keys\": null}");

        assertThat(client.apiKeys()).isEmpty();
    }

    @Test
    void apiKeysAreListedInOrder() {
        cpa.answer("/api-keys", "{\"api-keys\": [\"k1\", \"k2\"]}");

        assertThat(client.apiKeys()).containsExactly("k1", "k2");
    }

    @Test
    void configReadsRetentionAndKeepsTheDocument() throws IOException {
        cpa.answer("/config", resource("config.get.response.json"));

        CpaConfig config = client.config();

        assertThat(config.usageQueueRetentionSeconds()).isEqualTo(60);
        assertThat(config.raw().path("request-retry").asInt()).isEqualTo(3);
    }

    @Test
    void retentionIsClampedAsCpaDoes() {
        cpa.answer("/config", "{\"redis-usage-queue-retention-seconds\": 7200}");
        assertThat(client.config().usageQueueRetentionSeconds()).isEqualTo(3600);

        cpa.answer("/config", "{\"redis-usage-queue-retention-seconds\": 0}");
        assertThat(client.config().usageQueueRetentionSeconds()).isEqualTo(60);

        cpa.answer("/config", "{\"debug\": false}");
        assertThat(client.config().usageQueueRetentionSeconds()).isEqualTo(60);

        cpa.answer("/config", "{\"redis-usage-queue-retention-seconds\": 15}");
        assertThat(client.config().usageQueueRetentionSeconds()).isEqualTo(15);
    }

    @Test
    void missingRouteIsReportedAsSuch() {
        assertThatThrownBy(() -> client.popUsageQueue(5)).isInstanceOf(CpaRouteMissingException.class);
        assertThat(client.isKeyRejected()).isFalse();
    }

    @Test
    void serverErrorIsUnavailableWithCpasText() {
        cpa.answer("/auth-files", 503, "{\"error\":\"core auth manager unavailable\"}", "v7.2.140");

        assertThatThrownBy(client::authFiles)
                .isInstanceOfSatisfying(CpaUnavailableException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.cpaError()).isEqualTo("core auth manager unavailable");
                });
    }

    @Test
    void badRequestCarriesCpasText() {
        cpa.answer("/usage-queue", 400, "{\"error\":\"count must be a positive integer\"}", "v7.2.140");

        assertThatThrownBy(() -> client.popUsageQueue(3))
                .isInstanceOf(CpaRequestRejectedException.class)
                .hasMessageContaining("count must be a positive integer");
    }

    @Test
    void unreachableCpaIsUnavailable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        CpaClient nowhere = new CpaClient(URI.create("http://127.0.0.1:" + port), new ManagementKeyLatch(KEY),
                Duration.ofSeconds(2), Duration.ofSeconds(2));

        assertThatThrownBy(nowhere::usageStatisticsEnabled).isInstanceOf(CpaUnavailableException.class);
        assertThat(nowhere.isKeyRejected()).isFalse();
    }

    @Test
    void responseWithoutVersionHeaderMeansALegacyBuild() {
        cpa.answer("/usage-statistics-enabled", 200, "{\"usage-statistics-enabled\": true}", null);

        client.usageStatisticsEnabled();

        assertThat(client.version()).contains(CpaVersion.LEGACY);
        assertThat(client.features().usageQueue()).isFalse();
    }

    @Test
    void onlyHttpUrlsAreAccepted() {
        assertThatThrownBy(() -> new CpaClient(URI.create("redis://127.0.0.1:8317"), KEY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new CpaClient(URI.create("https://cpa.example.com/some/path"), KEY).baseUri())
                .isEqualTo(URI.create("https://cpa.example.com"));
    }
}
