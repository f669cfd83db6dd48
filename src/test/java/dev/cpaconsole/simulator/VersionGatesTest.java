package dev.cpaconsole.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionGatesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SimulatorFixture fixture = SimulatorFixture.start(b -> b.usageStatisticsEnabled(true));

    @AfterEach
    void close() {
        fixture.close();
    }

    @ParameterizedTest
    @CsvSource({
        "v6.10.7, GET, /usage-queue, 404",
        "v6.10.8, GET, /usage-queue, 200",
        "v6.9.49, GET, /usage, 200",
        "v6.10.0, GET, /usage, 404",
        "v6.6.55, GET, /usage/export, 404",
        "v6.6.56, GET, /usage/export, 200",
        "v6.9.50, GET, /usage/export, 404",
        "v6.9.46, GET, /api-key-usage, 404",
        "v6.9.47, GET, /api-key-usage, 200",
        "v7.2.21, POST, /reset-quota, 404",
        "v7.2.22, POST, /reset-quota, 400",
        "v6.6.62, POST, /api-call, 404",
        "v6.6.63, POST, /api-call, 400",
        "v6.7.17, PATCH, /auth-files/status, 404",
        "v6.7.18, PATCH, /auth-files/status, 400",
        "v6.8.19, PATCH, /auth-files/fields, 404",
        "v6.8.20, PATCH, /auth-files/fields, 400",
        "v6.6.10, GET, /auth-files/models, 404",
        "v6.6.11, GET, /auth-files/models, 400",
        "dev, GET, /usage-queue, 200",
        "dev, GET, /usage, 404",
    })
    void routesExistOnlyInTheirVersions(String version, String method, String path, int expected) {
        fixture.sim.setVersion(version);

        HttpResponse<String> response = fixture.mgmt(method, path, method.equals("GET") ? null : "{}");

        assertThat(response.statusCode()).isEqualTo(expected);
        if (expected == 404) {
            assertThat(response.body()).isEmpty();
        }
    }

    @Test
    void gatedRouteStillChecksTheKeyFirst() {
        fixture.sim.setVersion("v6.10.5");

        HttpResponse<String> response = fixture.send("GET", "/v0/management/usage-queue", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(fixture.sim.failedAuthAttempts()).isEqualTo(1);
    }

    @Test
    void legacyUsageSnapshotIsBuiltFromProducedRecords() throws Exception {
        fixture.sim.setVersion("v6.9.40");
        fixture.sim.authFiles().addCodex("user@example.com", "plus");
        fixture.sim.setApiKeys(java.util.List.of("sk-test-client-alice-0001"));
        fixture.sim.traffic().setFailoverProbability(0);
        fixture.sim.traffic().emit(3);

        JsonNode usage = JSON.readTree(fixture.mgmt("GET", "/usage").body());

        assertThat(usage.get("usage").get("total_requests").asInt()).isEqualTo(3);
        assertThat(usage.get("failed_requests").asInt()).isZero();
        JsonNode api = usage.get("usage").get("apis").get("sk-test-client-alice-0001");
        assertThat(api.get("total_requests").asInt()).isEqualTo(3);
        JsonNode detail = api.get("models").elements().next().get("details").get(0);
        assertThat(detail.get("tokens").has("total_tokens")).isTrue();
        assertThat(detail.get("timestamp").asText()).endsWith("+08:00");
        assertThat(usage.get("usage").get("requests_by_hour").fieldNames().next()).hasSize(2);
    }

    @Test
    void legacyExportImportsBackWithoutDuplicates() throws Exception {
        fixture.sim.setVersion("v6.9.40");
        fixture.sim.traffic().emit(2);
        String exported = fixture.mgmt("GET", "/usage/export").body();

        JsonNode imported = JSON.readTree(fixture.mgmt("POST", "/usage/import", exported).body());
        HttpResponse<String> badVersion = fixture.mgmt("POST", "/usage/import", "{\"version\":7,\"usage\":{}}");

        assertThat(JSON.readTree(exported).get("version").asInt()).isEqualTo(1);
        assertThat(imported.get("added").asInt()).isZero();
        assertThat(imported.get("skipped").asInt()).isEqualTo(imported.get("total_requests").asInt());
        assertThat(badVersion.body()).isEqualTo("{\"error\":\"unsupported version\"}");
    }

    @ParameterizedTest
    @CsvSource({"v7.1.17", "v6.9.37"})
    void buildsWithoutRespTreatRespBytesAsBadHttp(String version) throws IOException {
        fixture.sim.setVersion(version);
        try (Socket socket = new Socket("127.0.0.1", fixture.sim.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("*2\r\n$4\r\nAUTH\r\n$3\r\nkey\r\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();

            String reply = new String(in.readAllBytes(), StandardCharsets.UTF_8);

            assertThat(reply).startsWith("HTTP/1.1 400 Bad Request");
        }
        assertThat(fixture.sim.respCommandLog()).isEmpty();
    }

    @Test
    void subscribeIsUnknownBeforeV707() {
        fixture.sim.setVersion("v7.0.6");
        try (RespTestClient client = fixture.resp()) {
            client.call("AUTH", SimulatorFixture.KEY);

            assertThat(client.call("SUBSCRIBE", "usage")).isEqualTo("-ERR unknown command 'subscribe'\r\n");
        }
    }

    @Test
    void errorsChannelArrivesInV7144() {
        fixture.sim.setVersion("v7.1.43");
        try (RespTestClient client = fixture.resp()) {
            client.call("AUTH", SimulatorFixture.KEY);

            assertThat(client.call("SUBSCRIBE", "errors")).isEqualTo("-ERR unsupported channel 'errors'\r\n");
        }
    }

    @Test
    void olderBuildsIgnoreTheKeyOfLpop() {
        fixture.sim.setVersion("v7.1.16");
        fixture.sim.publish("{\"n\":1}");
        try (RespTestClient client = fixture.resp()) {
            client.call("AUTH", SimulatorFixture.KEY);

            assertThat(client.call("LPOP", "anything")).isEqualTo(RespTestClient.bulk("{\"n\":1}"));
        }
    }

    @Test
    void authFileListFieldsFollowTheVersion() throws Exception {
        fixture.sim.authFiles().addCodex("user@example.com", "plus");

        fixture.sim.setVersion("v6.6.0");
        JsonNode old = JSON.readTree(fixture.mgmt("GET", "/auth-files").body()).get("files").get(0);
        fixture.sim.setVersion("v7.2.140");
        JsonNode current = JSON.readTree(fixture.mgmt("GET", "/auth-files").body()).get("files").get(0);

        assertThat(old.get("auth_index").isNumber()).isTrue();
        assertThat(old.has("success")).isFalse();
        assertThat(old.has("recent_requests")).isFalse();
        assertThat(old.has("id_token")).isFalse();
        assertThat(current.get("auth_index").asText()).matches("[0-9a-f]{16}");
        assertThat(current.get("recent_requests")).hasSize(20);
        assertThat(current.get("id_token").get("plan_type").asText()).isEqualTo("plus");
    }
}
