package dev.cpaconsole.cpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.cpaconsole.simulator.AuthFile;
import dev.cpaconsole.simulator.CpaSimulator;
import dev.cpaconsole.simulator.SimulatorOptions;

/** The client's two model lists against the CPA simulator on a loopback port. */
class CpaClientModelsTest {
    private static final String KEY = "mgmt-test-secret-00001";
    private static final String CLIENT_KEY = "sk-test-client-alice-0001";

    private CpaSimulator simulator;

    @AfterEach
    void stopSimulator() {
        if (simulator != null) {
            simulator.close();
        }
    }

    private CpaClient start(SimulatorOptions.Builder options) {
        simulator = CpaSimulator.start(options.managementKey(KEY).build());
        return new CpaClient(simulator.baseUri(), KEY);
    }

    @Test
    void proxyModelsAreListedInOpenAiFormatWithTheClientKey() {
        CpaClient client = start(SimulatorOptions.builder().apiKeys(List.of(CLIENT_KEY)));
        simulator.authFiles().addCodex("user@example.com", "plus");
        simulator.authFiles().addClaude("dev@example.com");

        List<ProxyModel> models = client.proxyModels(CLIENT_KEY);

        assertThat(models).extracting(ProxyModel::id)
                .contains("gpt-5.4", "gpt-5.4-mini", "claude-sonnet-4-6")
                .doesNotContain("gemini-2.5-pro");
        // owned_by and created come only in OpenAI's format, which CPA sends to non-Anthropic clients.
        assertThat(models).filteredOn(m -> m.id().equals("gpt-5.4")).singleElement()
                .isEqualTo(new ProxyModel("gpt-5.4", "openai", Instant.ofEpochSecond(1772668800L)));
    }

    @Test
    void refusedClientKeyIsItsOwnFailureAndLeavesTheManagementKeyAlone() {
        CpaClient client = start(SimulatorOptions.builder().apiKeys(List.of(CLIENT_KEY)));

        assertThatThrownBy(() -> client.proxyModels("sk-wrong"))
                .isInstanceOfSatisfying(ClientKeyRejectedException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.cpaError()).isEqualTo("Invalid API key");
                });

        assertThat(client.isKeyRejected()).isFalse();
        assertThat(simulator.failedAuthAttempts()).isZero();
        assertThat(client.apiKeys()).containsExactly(CLIENT_KEY);
    }

    @Test
    void proxyCallNeitherWaitsForNorChangesTheManagementState() {
        CpaClient client = start(SimulatorOptions.builder().apiKeys(List.of(CLIENT_KEY)));
        client.replaceManagementKey("wrong-management-key");
        assertThatThrownBy(client::apiKeys).isInstanceOf(ManagementKeyRejectedException.class);

        List<ProxyModel> models = client.proxyModels(CLIENT_KEY);

        assertThat(models).isNotNull();
        assertThat(client.isKeyRejected()).isTrue();
        assertThat(simulator.failedAuthAttempts()).isEqualTo(1);
    }

    @Test
    void proxyCallLeavesTheKnownVersionAsTheManagementApiReported() {
        CpaClient client = start(SimulatorOptions.builder().apiKeys(List.of(CLIENT_KEY)).version("v6.9.0"));
        client.apiKeys();

        client.proxyModels(CLIENT_KEY);

        assertThat(client.version()).hasValueSatisfying(v -> assertThat(v.label()).isEqualTo("v6.9.0"));
    }

    @Test
    void authFileModelsListWhatOneFileServes() {
        CpaClient client = start(SimulatorOptions.builder());
        AuthFile codex = simulator.authFiles().addCodex("user@example.com", "plus");

        List<AuthFileModel> models = client.authFileModels(codex.name());

        assertThat(models).containsExactly(
                new AuthFileModel("gpt-5.4", "GPT 5.4", "openai", "openai"),
                new AuthFileModel("gpt-5.4-mini", "GPT 5.4 Mini", "openai", "openai"));
    }

    @Test
    void unknownAuthFileHasNoModels() {
        CpaClient client = start(SimulatorOptions.builder());

        assertThat(client.authFileModels("nobody@example.com.json")).isEmpty();
    }

    @Test
    void cpaOlderThanV6611HasNoAuthFileModelsAndIsNotAskedAgain() {
        CpaClient client = start(SimulatorOptions.builder().version("v6.6.10"));
        AuthFile codex = simulator.authFiles().addCodex("user@example.com", "plus");

        assertThatThrownBy(() -> client.authFileModels(codex.name())).isInstanceOf(CpaRouteMissingException.class);
        assertThat(client.features().authFileModels()).isFalse();
        simulator.close();
        simulator = null;

        // The version is known now, so the gate answers without CPA, which is gone.
        assertThatThrownBy(() -> client.authFileModels(codex.name())).isInstanceOf(CpaRouteMissingException.class);
    }

    @Test
    void cpaFromV6611OnListsAuthFileModels() {
        CpaClient client = start(SimulatorOptions.builder().version("v6.6.11"));
        AuthFile claude = simulator.authFiles().addClaude("dev@example.com");
        client.authFiles();

        assertThat(client.features().authFileModels()).isTrue();
        assertThat(client.authFileModels(claude.name())).extracting(AuthFileModel::id).contains("claude-sonnet-4-6");
    }
}
