package dev.cpaconsole.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiCallTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SimulatorFixture fixture = SimulatorFixture.start();
    private AuthFile plus;

    @BeforeEach
    void seed() {
        plus = fixture.sim.authFiles().addCodex("user@example.com", "plus");
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private static String usageCall(String indexField, String authIndex) {
        return "{\"" + indexField + "\":\"" + authIndex + "\",\"method\":\"get\",\"url\":\""
                + WhamUsageUpstream.USAGE_URL + "\",\"header\":{\"Authorization\":\"Bearer $TOKEN$\","
                + "\"Chatgpt-Account-Id\":\"acct-1\"}}";
    }

    private HttpResponse<String> call(String body) {
        return fixture.mgmt("POST", "/api-call", body);
    }

    @Test
    void answersWithAnEnvelopeAroundTheUpstreamUsage() throws Exception {
        HttpResponse<String> response = call(usageCall("authIndex", plus.authIndex()));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode envelope = JSON.readTree(response.body());
        assertThat(envelope.get("status_code").asInt()).isEqualTo(200);
        assertThat(envelope.get("header").get("Content-Type").get(0).asText()).isEqualTo("application/json");
        JsonNode usage = JSON.readTree(envelope.get("body").asText());
        assertThat(usage.get("plan_type").asText()).isEqualTo("plus");
        assertThat(usage.get("email").asText()).isEqualTo("user@example.com");
        assertThat(usage.get("rate_limit").get("primary_window").get("limit_window_seconds").asInt())
                .isEqualTo(18000);
        assertThat(usage.get("rate_limit").get("secondary_window").get("limit_window_seconds").asInt())
                .isEqualTo(604800);
    }

    @Test
    void substitutesTheCredentialTokenForEverySpellingOfAuthIndex() {
        for (String field : new String[] {"auth_index", "authIndex", "AuthIndex"}) {
            call(usageCall(field, plus.authIndex()));
        }

        assertThat(fixture.sim.upstream().calls()).hasSize(3).allSatisfy(upstreamCall -> {
            assertThat(upstreamCall.headers().get("Authorization")).isEqualTo("Bearer " + plus.accessToken());
            assertThat(upstreamCall.headers().get("Chatgpt-Account-Id")).isEqualTo("acct-1");
            assertThat(upstreamCall.method()).isEqualTo("GET");
            assertThat(upstreamCall.authIndex()).isEqualTo(plus.authIndex());
        });
    }

    @Test
    void unknownAuthIndexLeavesTheTokenPlaceholderAndUpstreamRefuses() throws Exception {
        HttpResponse<String> response = call(usageCall("auth_index", "0123456789abcdef"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("status_code").asInt()).isEqualTo(401);
        assertThat(fixture.sim.upstream().calls().get(0).headers().get("Authorization")).isEqualTo("Bearer $TOKEN$");
    }

    @Test
    void scriptedUpstreamStatusAndBodyArePassedThrough() throws Exception {
        fixture.sim.upstream().respond(plus.authIndex(), 402, "{\"detail\":{\"code\":\"deactivated_workspace\"}}");

        JsonNode envelope = JSON.readTree(call(usageCall("authIndex", plus.authIndex())).body());

        assertThat(envelope.get("status_code").asInt()).isEqualTo(402);
        assertThat(envelope.get("body").asText()).isEqualTo("{\"detail\":{\"code\":\"deactivated_workspace\"}}");
    }

    @Test
    void scriptedRetryAfterHeaderAppearsInTheEnvelope() throws Exception {
        fixture.sim.upstream().respond(plus.authIndex(),
                UpstreamResponse.json(429, "{\"detail\":\"Too many requests\"}").withHeader("Retry-After", "60"));

        JsonNode envelope = JSON.readTree(call(usageCall("authIndex", plus.authIndex())).body());

        assertThat(envelope.get("status_code").asInt()).isEqualTo(429);
        assertThat(envelope.get("header").get("Retry-After").get(0).asText()).isEqualTo("60");
    }

    @Test
    void networkFailureIsCpasRequestFailed() {
        fixture.sim.upstream().failNetwork(plus.authIndex());

        HttpResponse<String> response = call(usageCall("authIndex", plus.authIndex()));

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).isEqualTo("{\"error\":\"request failed\"}");
    }

    @Test
    void otherHostsAreUnreachable() {
        HttpResponse<String> response = call("{\"method\":\"GET\",\"url\":\"https://example.com/x\"}");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).isEqualTo("{\"error\":\"request failed\"}");
    }

    @Test
    void exhaustedAccountReportsLimitReachedAndProHasOnlyAWeeklyWindow() throws Exception {
        fixture.sim.authFiles().markError(plus.name(), "quota exhausted", null);
        AuthFile pro = fixture.sim.authFiles().addCodex("pro@example.com", "pro");

        JsonNode exhausted = JSON.readTree(JSON.readTree(call(usageCall("authIndex", plus.authIndex())).body())
                .get("body").asText());
        JsonNode proUsage = JSON.readTree(JSON.readTree(call(usageCall("authIndex", pro.authIndex())).body())
                .get("body").asText());

        assertThat(exhausted.get("rate_limit").get("limit_reached").asBoolean()).isTrue();
        assertThat(exhausted.get("rate_limit").get("primary_window").get("used_percent").asInt()).isEqualTo(100);
        assertThat(proUsage.get("rate_limit").get("primary_window").get("limit_window_seconds").asInt())
                .isEqualTo(604800);
        assertThat(proUsage.get("rate_limit").get("secondary_window").isNull()).isTrue();
    }

    @Test
    void resetCreditsEndpointAnswersToo() throws Exception {
        String body = "{\"authIndex\":\"" + plus.authIndex() + "\",\"method\":\"GET\",\"url\":\""
                + WhamUsageUpstream.RESET_CREDITS_URL + "\",\"header\":{\"Authorization\":\"Bearer $TOKEN$\"}}";

        JsonNode envelope = JSON.readTree(call(body).body());

        assertThat(envelope.get("status_code").asInt()).isEqualTo(200);
        assertThat(JSON.readTree(envelope.get("body").asText()).get("available_count").asInt()).isEqualTo(1);
    }

    @Test
    void validatesTheRequest() {
        assertThat(call("nope").body()).isEqualTo("{\"error\":\"invalid body\"}");
        assertThat(call("{\"url\":\"https://chatgpt.com/x\"}").body()).isEqualTo("{\"error\":\"missing method\"}");
        assertThat(call("{\"method\":\"GET\"}").body()).isEqualTo("{\"error\":\"missing url\"}");
        assertThat(call("{\"method\":\"GET\",\"url\":\"chatgpt.com/x\"}").body())
                .isEqualTo("{\"error\":\"invalid url\"}");
        assertThat(call("{\"method\":\"GET\",\"url\":\"https://chatgpt.com/x\",\"proxy_url\":\"ftp://p\"}").body())
                .isEqualTo("{\"error\":\"invalid proxy_url\"}");
        assertThat(call("{\"method\":\"GET\",\"url\":\"https://chatgpt.com/x\",\"header\":{\"A\":1}}").body())
                .isEqualTo("{\"error\":\"invalid body\"}");
    }

    @Test
    void credentialWithoutTokenIsAnError() {
        AuthFile tokenless = fixture.sim.authFiles().put("codex-empty.json", "{\"type\":\"codex\"}");

        HttpResponse<String> response = call(usageCall("authIndex", tokenless.authIndex()));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"error\":\"auth token not found\"}");
    }
}
