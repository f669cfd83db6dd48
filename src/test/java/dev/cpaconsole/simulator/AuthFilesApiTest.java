package dev.cpaconsole.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AuthFilesApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BOUNDARY = "----simulator-test-boundary";
    private final SimulatorFixture fixture = SimulatorFixture.start();

    @AfterEach
    void close() {
        fixture.close();
    }

    private JsonNode files(String query) throws Exception {
        return JSON.readTree(fixture.mgmt("GET", "/auth-files" + query).body()).get("files");
    }

    private static String multipart(Map<String, String> files) {
        StringBuilder body = new StringBuilder();
        files.forEach((name, content) -> body.append("--").append(BOUNDARY).append("\r\n")
                .append("Content-Disposition: form-data; name=\"file\"; filename=\"").append(name).append("\"\r\n")
                .append("Content-Type: application/json\r\n\r\n").append(content).append("\r\n"));
        return body.append("--").append(BOUNDARY).append("--\r\n").toString();
    }

    private HttpResponse<String> upload(Map<String, String> files) {
        return fixture.send("POST", "/v0/management/auth-files", multipart(files),
                "Authorization", "Bearer " + SimulatorFixture.KEY,
                "Content-Type", "multipart/form-data; boundary=" + BOUNDARY);
    }

    @Test
    void listIsSortedByNameIgnoringCase() throws Exception {
        fixture.sim.authFiles().put("b.json", "{\"type\":\"codex\"}");
        fixture.sim.authFiles().put("A.json", "{\"type\":\"codex\"}");
        fixture.sim.authFiles().put("c.json", "{\"type\":\"claude\"}");

        assertThat(files("")).extracting(f -> f.get("name").asText()).containsExactly("A.json", "b.json", "c.json");
    }

    @Test
    void entriesCarryCpaFieldsAndTheStableAuthIndex() throws Exception {
        AuthFile file = fixture.sim.authFiles().addCodex("user@example.com", "plus");

        JsonNode entry = files("").get(0);

        assertThat(file.name()).isEqualTo("codex-user@example.com-plus.json");
        assertThat(entry.get("auth_index").asText()).isEqualTo("755481f9d70ed642").isEqualTo(file.authIndex());
        assertThat(entry.get("id").asText()).isEqualTo(file.name());
        assertThat(entry.get("type").asText()).isEqualTo("codex");
        assertThat(entry.get("provider").asText()).isEqualTo("codex");
        assertThat(entry.get("label").asText()).isEqualTo("user@example.com");
        assertThat(entry.get("status").asText()).isEqualTo("active");
        assertThat(entry.get("status_message").asText()).isEmpty();
        assertThat(entry.get("disabled").asBoolean()).isFalse();
        assertThat(entry.get("unavailable").asBoolean()).isFalse();
        assertThat(entry.get("source").asText()).isEqualTo("file");
        assertThat(entry.get("size").asInt()).isEqualTo(file.content().getBytes(java.nio.charset.StandardCharsets.UTF_8)
                .length);
        assertThat(entry.get("success").asInt()).isZero();
        assertThat(entry.get("recent_requests")).hasSize(20);
        assertThat(entry.get("recent_requests").get(19).get("time").asText()).isEqualTo("14:00-14:10");
        assertThat(entry.get("path").asText()).isEqualTo("/home/cpa/.cli-proxy-api/codex-user@example.com-plus.json");
        assertThat(entry.get("id_token").get("plan_type").asText()).isEqualTo("plus");
        assertThat(entry.get("id_token").get("chatgpt_account_id").asText()).isNotEmpty();
        assertThat(entry.get("created_at").asText()).endsWith("+08:00");
    }

    @Test
    void listFiltersByNameAndAuthIndex() throws Exception {
        AuthFile a = fixture.sim.authFiles().addCodex("a@example.com", "plus");
        fixture.sim.authFiles().addClaude("b@example.com");

        assertThat(files("?name=" + a.name())).hasSize(1);
        assertThat(files("?auth_index=" + a.authIndex())).extracting(f -> f.get("name").asText())
                .containsExactly(a.name());
        assertThat(files("?name=nothing.json")).isEmpty();
    }

    @Test
    void countersFollowProducedRecordsOfTheCredential() throws Exception {
        AuthFile file = fixture.sim.authFiles().addCodex("user@example.com", "plus");

        fixture.sim.publish("{\"auth_index\":\"" + file.authIndex() + "\",\"failed\":false}");
        fixture.sim.publish("{\"auth_index\":\"" + file.authIndex() + "\",\"failed\":true}");
        fixture.sim.publish("{\"auth_index\":\"" + file.authIndex() + "\",\"failed\":false}");

        JsonNode entry = files("").get(0);
        assertThat(entry.get("success").asInt()).isEqualTo(2);
        assertThat(entry.get("failed").asInt()).isEqualTo(1);
        assertThat(entry.get("recent_requests").get(19).get("success").asInt()).isEqualTo(2);
    }

    @Test
    void disablingAndEnablingSetStatusAndMessage() throws Exception {
        AuthFile file = fixture.sim.authFiles().addCodex("team@example.com", "team");

        HttpResponse<String> disabled = fixture.mgmt("PATCH", "/auth-files/status",
                "{\"name\":\"" + file.name() + "\",\"disabled\":true}");
        JsonNode afterDisable = files("").get(0);
        fixture.mgmt("PATCH", "/auth-files/status",
                "{\"name\":\"" + file.name() + "\",\"auth_index\":\"" + file.authIndex() + "\",\"disabled\":false}");
        JsonNode afterEnable = files("").get(0);

        assertThat(disabled.body()).isEqualTo("{\"status\":\"ok\",\"disabled\":true}");
        assertThat(afterDisable.get("status").asText()).isEqualTo("disabled");
        assertThat(afterDisable.get("status_message").asText()).isEqualTo("disabled via management API");
        assertThat(afterDisable.get("disabled").asBoolean()).isTrue();
        assertThat(afterEnable.get("status").asText()).isEqualTo("active");
        assertThat(afterEnable.get("status_message").asText()).isEmpty();
        assertThat(JSON.readTree(fixture.sim.authFiles().find(file.name()).orElseThrow().content())
                .get("disabled").asBoolean()).isFalse();
    }

    @Test
    void statusPatchErrors() {
        AuthFile file = fixture.sim.authFiles().addCodex("team@example.com", "team");

        assertThat(fixture.mgmt("PATCH", "/auth-files/status", "[").body())
                .isEqualTo("{\"error\":\"invalid request body\"}");
        assertThat(fixture.mgmt("PATCH", "/auth-files/status", "{\"disabled\":true}").body())
                .isEqualTo("{\"error\":\"name is required\"}");
        assertThat(fixture.mgmt("PATCH", "/auth-files/status", "{\"name\":\"x.json\"}").body())
                .isEqualTo("{\"error\":\"disabled is required\"}");
        HttpResponse<String> unknown = fixture.mgmt("PATCH", "/auth-files/status",
                "{\"name\":\"x.json\",\"disabled\":true}");
        HttpResponse<String> wrongIndex = fixture.mgmt("PATCH", "/auth-files/status",
                "{\"name\":\"" + file.name() + "\",\"auth_index\":\"0000000000000000\",\"disabled\":true}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"auth file not found\"}");
        assertThat(wrongIndex.statusCode()).isEqualTo(404);
    }

    @Test
    void fieldsPatchWritesPriorityNoteAndHeaders() throws Exception {
        AuthFile file = fixture.sim.authFiles().addCodex("team@example.com", "team");

        HttpResponse<String> patched = fixture.mgmt("PATCH", "/auth-files/fields", "{\"name\":\"" + file.name()
                + "\",\"priority\":-1,\"note\":\"demoted\",\"headers\":{\"X-Tag\":\"console\"},\"meta.level\":3}");
        JsonNode entry = files("").get(0);
        JsonNode stored = JSON.readTree(fixture.sim.authFiles().find(file.name()).orElseThrow().content());
        fixture.mgmt("PATCH", "/auth-files/fields", "{\"name\":\"" + file.name() + "\",\"priority\":null}");

        assertThat(patched.body()).isEqualTo("{\"status\":\"ok\"}");
        assertThat(entry.get("priority").asInt()).isEqualTo(-1);
        assertThat(entry.get("note").asText()).isEqualTo("demoted");
        assertThat(stored.get("headers").get("X-Tag").asText()).isEqualTo("console");
        assertThat(stored.get("meta").get("level").asInt()).isEqualTo(3);
        assertThat(files("").get(0).has("priority")).isFalse();
    }

    @Test
    void fieldsPatchErrors() {
        fixture.sim.authFiles().addCodex("team@example.com", "team");
        String name = "codex-team@example.com-team.json";

        assertThat(fixture.mgmt("PATCH", "/auth-files/fields", "{\"priority\":1}").body())
                .isEqualTo("{\"error\":\"name is required\"}");
        assertThat(fixture.mgmt("PATCH", "/auth-files/fields", "{\"name\":\"" + name + "\"}").body())
                .isEqualTo("{\"error\":\"no fields to update\"}");
        assertThat(fixture.mgmt("PATCH", "/auth-files/fields", "{\"name\":\"" + name + "\",\"weight\":\"x\"}")
                .body()).isEqualTo("{\"error\":\"weight must be an integer\"}");
        assertThat(fixture.mgmt("PATCH", "/auth-files/fields", "{\"name\":\"" + name + "\",\"request_retry\":true}")
                .body()).isEqualTo("{\"error\":\"request_retry must be an integer or null\"}");
        assertThat(fixture.mgmt("PATCH", "/auth-files/fields", "{\"name\":\"no.json\",\"note\":\"x\"}").statusCode())
                .isEqualTo(404);
    }

    @Test
    void downloadReturnsTheRawBytes() {
        String content = "{\n  \"type\": \"codex\",\n  \"access_token\": \"tok\"\n}";
        fixture.sim.authFiles().put("raw.json", content);

        HttpResponse<String> response = fixture.mgmt("GET", "/auth-files/download?name=raw.json");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(content);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"raw.json\"");
    }

    @Test
    void downloadErrors() {
        assertThat(fixture.mgmt("GET", "/auth-files/download?name=a/b.json").body())
                .isEqualTo("{\"error\":\"invalid name\"}");
        assertThat(fixture.mgmt("GET", "/auth-files/download?name=a.txt").body())
                .isEqualTo("{\"error\":\"name must end with .json\"}");
        HttpResponse<String> missing = fixture.mgmt("GET", "/auth-files/download?name=a.json");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("{\"error\":\"file not found\"}");
    }

    @Test
    void deleteSingleAnswersOkOr404() {
        fixture.sim.authFiles().put("a.json", "{\"type\":\"codex\"}");

        assertThat(fixture.mgmt("DELETE", "/auth-files?name=a.json").body()).isEqualTo("{\"status\":\"ok\"}");
        HttpResponse<String> again = fixture.mgmt("DELETE", "/auth-files?name=a.json");
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(again.body()).isEqualTo("{\"error\":\"auth file not found\"}");
    }

    @Test
    void deleteBatchAnswers200Or207() throws Exception {
        fixture.sim.authFiles().put("a.json", "{\"type\":\"codex\"}");
        fixture.sim.authFiles().put("b.json", "{\"type\":\"codex\"}");
        fixture.sim.authFiles().put("c.json", "{\"type\":\"codex\"}");

        HttpResponse<String> batch = fixture.mgmt("DELETE", "/auth-files?name=a.json&name=b.json");
        HttpResponse<String> partial = fixture.mgmt("DELETE", "/auth-files", "{\"names\":[\"c.json\",\"x.json\"]}");

        assertThat(batch.statusCode()).isEqualTo(200);
        assertThat(batch.body()).isEqualTo("{\"status\":\"ok\",\"deleted\":2,\"files\":[\"a.json\",\"b.json\"]}");
        assertThat(partial.statusCode()).isEqualTo(207);
        assertThat(partial.body()).isEqualTo("{\"status\":\"partial\",\"deleted\":1,\"files\":[\"c.json\"],"
                + "\"failed\":[{\"name\":\"x.json\",\"error\":\"auth file not found\"}]}");
    }

    @Test
    void deleteAllRemovesEveryJsonFile() {
        fixture.sim.authFiles().put("a.json", "{\"type\":\"codex\"}");
        fixture.sim.authFiles().put("b.json", "{\"type\":\"claude\"}");

        HttpResponse<String> response = fixture.mgmt("DELETE", "/auth-files?all=true");

        assertThat(response.body()).isEqualTo("{\"status\":\"ok\",\"deleted\":2}");
        assertThat(fixture.sim.authFiles().list()).isEmpty();
    }

    @Test
    void uploadOneFileAnswersOk() {
        HttpResponse<String> response = upload(Map.of("codex-x@example.com-plus.json",
                "{\"type\":\"codex\",\"email\":\"x@example.com\",\"access_token\":\"t\"}"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"ok\"}");
        assertThat(fixture.sim.authFiles().find("codex-x@example.com-plus.json")).isPresent();
    }

    @Test
    void uploadSeveralFilesReportsEachOrPartial() {
        Map<String, String> good = new LinkedHashMap<>();
        good.put("a.json", "{\"type\":\"codex\"}");
        good.put("b.json", "{\"type\":\"codex\"}");
        Map<String, String> mixed = new LinkedHashMap<>();
        mixed.put("c.json", "{\"type\":\"codex\"}");
        mixed.put("notes.txt", "hello");

        HttpResponse<String> ok = upload(good);
        HttpResponse<String> partial = upload(mixed);

        assertThat(ok.body()).isEqualTo("{\"status\":\"ok\",\"uploaded\":2,\"files\":[\"a.json\",\"b.json\"]}");
        assertThat(partial.statusCode()).isEqualTo(207);
        assertThat(partial.body()).isEqualTo("{\"status\":\"partial\",\"uploaded\":1,\"files\":[\"c.json\"],"
                + "\"failed\":[{\"name\":\"notes.txt\",\"error\":\"file must be .json\"}]}");
    }

    @Test
    void uploadErrors() {
        HttpResponse<String> notJson = upload(Map.of("notes.txt", "hello"));
        HttpResponse<String> broken = upload(Map.of("a.json", "{\"type\":"));
        HttpResponse<String> none = fixture.send("POST", "/v0/management/auth-files",
                "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nv\r\n--" + BOUNDARY + "--\r\n",
                "Authorization", "Bearer " + SimulatorFixture.KEY,
                "Content-Type", "multipart/form-data; boundary=" + BOUNDARY);

        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.body()).isEqualTo("{\"error\":\"file must be .json\"}");
        assertThat(broken.statusCode()).isEqualTo(500);
        assertThat(broken.body()).isEqualTo("{\"error\":\"invalid auth file: unexpected end of JSON input\"}");
        assertThat(none.body()).isEqualTo("{\"error\":\"no files uploaded\"}");
    }

    @Test
    void uploadRawJsonWithNameOverwritesExisting() {
        fixture.sim.authFiles().put("a.json", "{\"type\":\"codex\",\"note\":\"old\"}");

        HttpResponse<String> response = fixture.mgmt("POST", "/auth-files?name=a.json",
                "{\"type\":\"codex\",\"note\":\"new\"}");
        HttpResponse<String> badName = fixture.mgmt("POST", "/auth-files?name=a.yaml", "{}");

        assertThat(response.body()).isEqualTo("{\"status\":\"ok\"}");
        assertThat(fixture.sim.authFiles().find("a.json").orElseThrow().note()).isEqualTo("new");
        assertThat(badName.body()).isEqualTo("{\"error\":\"name must end with .json\"}");
    }

    @Test
    void modelsOfAFileAndMissingName() throws Exception {
        fixture.sim.authFiles().addCodex("user@example.com", "plus");

        JsonNode models = JSON.readTree(fixture.mgmt("GET", "/auth-files/models?name=codex-user@example.com-plus.json")
                .body()).get("models");
        HttpResponse<String> unknown = fixture.mgmt("GET", "/auth-files/models?name=none.json");
        HttpResponse<String> missing = fixture.mgmt("GET", "/auth-files/models");

        assertThat(models).extracting(m -> m.get("id").asText()).containsExactly("gpt-5.4", "gpt-5.4-mini");
        assertThat(models.get(0).get("display_name").asText()).isEqualTo("GPT 5.4");
        assertThat(unknown.body()).isEqualTo("{\"models\":[]}");
        assertThat(missing.body()).isEqualTo("{\"error\":\"name is required\"}");
    }

    @Test
    void modelsAreLookedUpByTheExactNameAsSent() {
        fixture.sim.authFiles().addCodex("user@example.com", "plus");

        HttpResponse<String> otherCase = fixture.mgmt("GET",
                "/auth-files/models?name=CODEX-user@example.com-plus.json");
        HttpResponse<String> blank = fixture.mgmt("GET", "/auth-files/models?name=%20");
        HttpResponse<String> empty = fixture.mgmt("GET", "/auth-files/models?name=");

        assertThat(otherCase.statusCode()).isEqualTo(200);
        assertThat(otherCase.body()).isEqualTo("{\"models\":[]}");
        assertThat(blank.statusCode()).isEqualTo(200);
        assertThat(blank.body()).isEqualTo("{\"models\":[]}");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).isEqualTo("{\"error\":\"name is required\"}");
    }

    @Test
    void disabledFileServesNoModels() {
        AuthFile file = fixture.sim.authFiles().addCodex("user@example.com", "plus");
        fixture.sim.authFiles().setDisabled(file.name(), true);

        HttpResponse<String> models = fixture.mgmt("GET", "/auth-files/models?name=" + file.name());

        assertThat(models.body()).isEqualTo("{\"models\":[]}");
    }

    @Test
    void resetQuotaClearsCooldownAndListsModels() throws Exception {
        fixture.sim.authFiles().addCodex("a@example.com", "plus");
        fixture.sim.authFiles().addCodex("b@example.com", "plus");
        fixture.sim.traffic().emitFailover(429);
        AuthFile exhausted = fixture.sim.authFiles().list().stream().filter(AuthFile::unavailable).findFirst()
                .orElseThrow();

        JsonNode reset = JSON.readTree(fixture.mgmt("POST", "/reset-quota",
                "{\"auth_index\":\"" + exhausted.authIndex() + "\"}").body());

        assertThat(exhausted.statusMessage()).isEqualTo("quota exhausted");
        assertThat(reset.get("status").asText()).isEqualTo("ok");
        assertThat(reset.get("models")).hasSize(1);
        AuthFile after = fixture.sim.authFiles().find(exhausted.name()).orElseThrow();
        assertThat(after.unavailable()).isFalse();
        assertThat(after.status()).isEqualTo("active");
    }

    @Test
    void resetQuotaErrors() {
        assertThat(fixture.mgmt("POST", "/reset-quota", "x").body()).isEqualTo("{\"error\":\"invalid request body\"}");
        assertThat(fixture.mgmt("POST", "/reset-quota", "{}").body())
                .isEqualTo("{\"error\":\"auth_index is required\"}");
        HttpResponse<String> unknown = fixture.mgmt("POST", "/reset-quota", "{\"auth_index\":\"ffffffffffffffff\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"auth not found\"}");
    }

    @Test
    void cooldownShowsNextRetryAfterAndEndsByItself() throws Exception {
        AuthFile file = fixture.sim.authFiles().addClaude("dev@example.com");
        fixture.sim.authFiles().markError(file.name(), "quota exhausted",
                SimulatorFixture.T0.plus(Duration.ofMinutes(90)));

        JsonNode entry = files("").get(0);
        fixture.clock.advance(Duration.ofMinutes(91));
        fixture.sim.traffic().setFailoverProbability(0);
        fixture.sim.traffic().emit(1);

        assertThat(entry.get("status").asText()).isEqualTo("error");
        assertThat(entry.get("unavailable").asBoolean()).isTrue();
        assertThat(entry.get("next_retry_after").asText()).isEqualTo("2026-08-22T15:30:00+08:00");
        assertThat(fixture.sim.authFiles().find(file.name()).orElseThrow().unavailable()).isFalse();
    }
}
