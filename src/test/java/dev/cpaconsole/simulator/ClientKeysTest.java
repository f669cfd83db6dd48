package dev.cpaconsole.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClientKeysTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SimulatorFixture fixture = SimulatorFixture.start();

    @AfterEach
    void close() {
        fixture.close();
    }

    private String keys() {
        return fixture.mgmt("GET", "/api-keys").body();
    }

    @Test
    void emptyKeyListIsNullNotAnEmptyArray() {
        assertThat(keys()).isEqualTo("{\"api-keys\":null}");
        fixture.mgmt("PUT", "/api-keys", "[\"a\"]");
        fixture.mgmt("PUT", "/api-keys", "[]");
        assertThat(keys()).isEqualTo("{\"api-keys\":null}");
    }

    @Test
    void putAcceptsAnArrayOrNonEmptyItems() {
        assertThat(fixture.mgmt("PUT", "/api-keys", "[\"a\",\"b\"]").body()).isEqualTo("{\"status\":\"ok\"}");
        assertThat(keys()).isEqualTo("{\"api-keys\":[\"a\",\"b\"]}");

        fixture.mgmt("PUT", "/api-keys", "{\"items\":[\"c\"]}");
        assertThat(keys()).isEqualTo("{\"api-keys\":[\"c\"]}");
    }

    @Test
    void putRejectsOtherBodies() {
        for (String body : List.of("{\"items\":[]}", "{\"keys\":[\"a\"]}", "[1,2]", "nope")) {
            HttpResponse<String> response = fixture.mgmt("PUT", "/api-keys", body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(response.body()).isEqualTo("{\"error\":\"invalid body\"}");
        }
    }

    @Test
    void patchReplacesByIndex() {
        fixture.sim.setApiKeys(List.of("a", "b"));

        fixture.mgmt("PATCH", "/api-keys", "{\"index\":1,\"value\":\"b2\"}");

        assertThat(fixture.sim.apiKeys()).containsExactly("a", "b2");
    }

    @Test
    void patchOldNewReplacesFirstMatchOrAppends() {
        fixture.sim.setApiKeys(List.of("a", "b", "a"));

        fixture.mgmt("PATCH", "/api-keys", "{\"old\":\"a\",\"new\":\"z\"}");
        fixture.mgmt("PATCH", "/api-keys", "{\"old\":\"missing\",\"new\":\"n\"}");
        fixture.mgmt("PATCH", "/api-keys", "{\"old\":\"n\",\"new\":\"n\"}");

        assertThat(fixture.sim.apiKeys()).containsExactly("z", "b", "a", "n");
    }

    @Test
    void patchWithoutUsableFieldsIsRejected() {
        fixture.sim.setApiKeys(List.of("a"));

        HttpResponse<String> outOfRange = fixture.mgmt("PATCH", "/api-keys", "{\"index\":5,\"value\":\"x\"}");
        HttpResponse<String> malformed = fixture.mgmt("PATCH", "/api-keys", "{nope");

        assertThat(outOfRange.statusCode()).isEqualTo(400);
        assertThat(outOfRange.body()).isEqualTo("{\"error\":\"missing fields\"}");
        assertThat(malformed.body()).isEqualTo("{\"error\":\"invalid body\"}");
    }

    @Test
    void deleteByValueIsIdempotentAndMatchesTrimmedEntries() {
        fixture.sim.setApiKeys(List.of("a", " b ", "b", "c"));

        HttpResponse<String> first = fixture.mgmt("DELETE", "/api-keys?value=b");
        HttpResponse<String> again = fixture.mgmt("DELETE", "/api-keys?value=b");

        assertThat(first.body()).isEqualTo("{\"status\":\"ok\"}");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(fixture.sim.apiKeys()).containsExactly("a", "c");
    }

    @Test
    void deleteByIndexAndMissingParameters() {
        fixture.sim.setApiKeys(List.of("a", "b"));

        fixture.mgmt("DELETE", "/api-keys?index=0");
        HttpResponse<String> badIndex = fixture.mgmt("DELETE", "/api-keys?index=9");
        HttpResponse<String> nothing = fixture.mgmt("DELETE", "/api-keys");

        assertThat(fixture.sim.apiKeys()).containsExactly("b");
        assertThat(badIndex.body()).isEqualTo("{\"error\":\"missing index or value\"}");
        assertThat(nothing.statusCode()).isEqualTo(400);
    }

    @Test
    void modelsAreOpenToEveryoneWhenNoKeysAreConfigured() {
        fixture.sim.authFiles().addCodex("user@example.com", "plus");

        assertThat(fixture.send("GET", "/v1/models", null).statusCode()).isEqualTo(200);
        assertThat(fixture.send("GET", "/v1/models", null, "Authorization", "Bearer whatever").statusCode())
                .isEqualTo(200);
    }

    @Test
    void modelsRejectMissingAndInvalidKeys() {
        fixture.sim.setApiKeys(List.of("sk-alice"));

        HttpResponse<String> missing = fixture.send("GET", "/v1/models", null);
        HttpResponse<String> invalid = fixture.send("GET", "/v1/models", null, "Authorization", "Bearer sk-mallory");

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.body()).isEqualTo("{\"error\":\"Missing API key\"}");
        assertThat(invalid.statusCode()).isEqualTo(401);
        assertThat(invalid.body()).isEqualTo("{\"error\":\"Invalid API key\"}");
    }

    @Test
    void modelsAcceptEveryKeyCarrier() {
        fixture.sim.setApiKeys(List.of("sk-alice"));

        assertThat(fixture.send("GET", "/v1/models", null, "X-Goog-Api-Key", "sk-alice").statusCode()).isEqualTo(200);
        assertThat(fixture.send("GET", "/v1/models", null, "X-Api-Key", "sk-alice").statusCode()).isEqualTo(200);
        assertThat(fixture.send("GET", "/v1/models?key=sk-alice", null).statusCode()).isEqualTo(200);
        assertThat(fixture.send("GET", "/v1/models?auth_token=sk-alice", null).statusCode()).isEqualTo(200);
    }

    @Test
    void everyKeySeesTheSameModelsFromEnabledCredentials() throws Exception {
        fixture.sim.setApiKeys(List.of("sk-alice", "sk-bob"));
        fixture.sim.authFiles().addCodex("user@example.com", "plus");
        fixture.sim.authFiles().addClaude("dev@example.com");
        AuthFile gemini = fixture.sim.authFiles().addGemini("g@example.com", "p-1");
        fixture.sim.authFiles().setDisabled(gemini.name(), true);

        String alice = fixture.send("GET", "/v1/models", null, "Authorization", "Bearer sk-alice").body();
        String bob = fixture.send("GET", "/v1/models", null, "Authorization", "Bearer sk-bob").body();

        assertThat(alice).isEqualTo(bob);
        JsonNode models = JSON.readTree(alice);
        assertThat(models.get("object").asText()).isEqualTo("list");
        assertThat(models.get("data")).extracting(m -> m.get("id").asText())
                .contains("gpt-5.4", "claude-sonnet-4-6").doesNotContain("gemini-2.5-pro", "gpt-5.3-codex-spark");
        assertThat(models.get("data").get(0).size()).isEqualTo(4);
    }

    @Test
    void anthropicClientsGetTheAnthropicListFormat() throws Exception {
        fixture.sim.setApiKeys(List.of("sk-alice"));
        fixture.sim.authFiles().addClaude("dev@example.com");

        JsonNode byHeader = JSON.readTree(fixture.send("GET", "/v1/models", null, "Authorization", "Bearer sk-alice",
                "Anthropic-Version", "2023-06-01").body());
        JsonNode byAgent = JSON.readTree(fixture.send("GET", "/v1/models", null, "Authorization", "Bearer sk-alice",
                "User-Agent", "claude-cli/2.1.0 (external, cli)").body());
        JsonNode openAi = JSON.readTree(fixture.send("GET", "/v1/models", null, "Authorization", "Bearer sk-alice",
                "User-Agent", "cpa-console").body());

        assertThat(byHeader.has("object")).isFalse();
        assertThat(byHeader.get("has_more").asBoolean()).isFalse();
        assertThat(byHeader.get("data").get(0).get("type").asText()).isEqualTo("model");
        assertThat(byHeader.get("data").get(0).has("owned_by")).isFalse();
        assertThat(byAgent).isEqualTo(byHeader);
        assertThat(openAi.get("object").asText()).isEqualTo("list");
    }

    @Test
    void keysChangedThroughTheApiTakeEffectOnModels() {
        fixture.mgmt("PATCH", "/api-keys", "{\"old\":\"sk-new\",\"new\":\"sk-new\"}");

        assertThat(fixture.send("GET", "/v1/models", null, "Authorization", "Bearer sk-new").statusCode())
                .isEqualTo(200);
        assertThat(fixture.send("GET", "/v1/models", null, "Authorization", "Bearer sk-other").statusCode())
                .isEqualTo(401);
    }
}
