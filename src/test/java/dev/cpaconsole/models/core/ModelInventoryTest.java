package dev.cpaconsole.models.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cpaconsole.cpa.CpaClient;
import dev.cpaconsole.settings.core.CpaNotConfiguredException;
import dev.cpaconsole.settings.core.FileManagementKeyStore;
import dev.cpaconsole.settings.core.KeyKind;
import dev.cpaconsole.simulator.AuthFile;
import dev.cpaconsole.simulator.CpaSimulator;
import dev.cpaconsole.simulator.SimulatorOptions;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.testing.TestClock;
import dev.cpaconsole.testing.UsageRecord;

/** The inventory against the CPA simulator on a loopback port, over a real SQLite file. */
class ModelInventoryTest {
    private static final String KEY = "mgmt-test-secret-00001";
    private static final String ALICE = "sk-test-client-alice-0001";
    private static final Instant NOW = Instant.parse("2026-08-22T12:00:00Z");

    @TempDir
    Path dataDir;

    private final TestClock clock = new TestClock(NOW);
    private CpaSimulator simulator;
    private Database database;
    private FileManagementKeyStore clientKeys;
    private CpaClient client;

    @BeforeEach
    void openDatabase() {
        database = Database.open(dataDir);
        clientKeys = new FileManagementKeyStore(dataDir, KeyKind.CLIENT_KEY);
    }

    @AfterEach
    void close() {
        if (simulator != null) {
            simulator.close();
        }
        database.close();
    }

    private void startCpa(SimulatorOptions.Builder options) {
        simulator = CpaSimulator.start(options.managementKey(KEY).build());
        client = new CpaClient(simulator.baseUri(), KEY);
    }

    private ModelInventory inventory(PriceLookup prices) {
        return new ModelInventory(database, () -> client, clientKeys, prices, clock);
    }

    private ModelInventory inventory() {
        return inventory(PriceLookup.NONE);
    }

    private static ModelRow row(InventorySnapshot snapshot, String id) {
        return snapshot.rows().stream().filter(r -> r.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + id + " in " + snapshot.rows()));
    }

    @Test
    void combinesTheProxyListWithTheModelsOfEachAuthFile() {
        startCpa(SimulatorOptions.builder().apiKeys(List.of(ALICE)));
        AuthFile plus = simulator.authFiles().addCodex("user@example.com", "plus");
        AuthFile pro = simulator.authFiles().addCodex("pro@example.com", "pro");
        simulator.authFiles().addClaude("dev@example.com");

        InventorySnapshot snapshot = inventory().refresh();

        ModelRow gpt = row(snapshot, "gpt-5.4");
        assertThat(gpt.inProxyList()).isTrue();
        assertThat(gpt.ownedBy()).isEqualTo("openai");
        assertThat(gpt.displayName()).isEqualTo("GPT 5.4");
        // In CPA's order of the auth files: by name.
        assertThat(gpt.accounts()).extracting(ServingAccount::fileName).containsExactly(pro.name(), plus.name());
        assertThat(gpt.accounts()).last().isEqualTo(new ServingAccount(plus.name(), "user@example.com",
                plus.authIndex(), "codex"));
        assertThat(gpt.providers()).containsExactly("codex");
        assertThat(row(snapshot, "gpt-5.3-codex-spark").accounts()).extracting(ServingAccount::fileName)
                .containsExactly(pro.name());
        assertThat(row(snapshot, "claude-sonnet-4-6").ownedBy()).isEqualTo("anthropic");
        assertThat(snapshot.rows()).extracting(ModelRow::id).doesNotContain("gemini-2.5-pro").isSorted();
        assertThat(snapshot.proxyList().isOk()).isTrue();
        assertThat(snapshot.proxyList().message()).contains("a client key from CPA's list");
        assertThat(snapshot.authFiles().message()).isEqualTo("3 of 3 auth files serve models");
        assertThat(snapshot.refreshedAt()).isEqualTo(NOW);
    }

    @Test
    void disabledAccountServesNothing() {
        startCpa(SimulatorOptions.builder().apiKeys(List.of(ALICE)));
        AuthFile active = simulator.authFiles().addCodex("user@example.com", "plus");
        AuthFile off = simulator.authFiles().addCodex("old@example.com", "plus");
        simulator.authFiles().setDisabled(off.name(), true);

        InventorySnapshot snapshot = inventory().refresh();

        assertThat(row(snapshot, "gpt-5.4").accounts()).extracting(ServingAccount::fileName)
                .containsExactly(active.name());
    }

    @Test
    void usageCountsTheLastSevenDaysPerModel() {
        startCpa(SimulatorOptions.builder().apiKeys(List.of(ALICE)));
        simulator.authFiles().addCodex("user@example.com", "plus");
        simulator.authFiles().addClaude("dev@example.com");
        UsageRecord inWindow = UsageRecord.at(NOW.minus(Duration.ofDays(7))).requestId("00000001");
        UsageRecord.store(database,
                inWindow,
                UsageRecord.at(NOW.minus(Duration.ofHours(1))).requestId("00000002").tokens(10, 0, 0, 5, 0),
                UsageRecord.at(NOW.minus(Duration.ofDays(7)).minusNanos(1)).requestId("00000003"),
                UsageRecord.at(NOW.minus(Duration.ofDays(2))).model("claude-sonnet-4-6").provider("claude")
                        .requestId("00000004"),
                UsageRecord.at(NOW.minus(Duration.ofDays(1))).model("gpt-5.4").provider("openai-compatibility")
                        .requestId("00000005").tokens(1, 0, 0, 1, 0));

        InventorySnapshot snapshot = inventory().refresh();

        assertThat(row(snapshot, "gpt-5.4").usage()).isEqualTo(new ModelUsage(3, inWindow.totalTokens() + 15 + 2));
        assertThat(row(snapshot, "gpt-5.4").providers()).containsExactly("codex", "openai-compatibility");
        assertThat(row(snapshot, "claude-sonnet-4-6").usage().requests()).isEqualTo(1);
        assertThat(row(snapshot, "gpt-5.4-mini").usage()).isEqualTo(ModelUsage.NONE);
        assertThat(snapshot.usageSince()).isEqualTo(NOW.minus(Duration.ofDays(7)));
    }

    @Test
    void clientKeySavedInSettingsIsPreferred() {
        startCpa(SimulatorOptions.builder().apiKeys(List.of(ALICE, "sk-console")));
        simulator.authFiles().addCodex("user@example.com", "plus");
        clientKeys.save("sk-console");

        InventorySnapshot snapshot = inventory().refresh();

        assertThat(snapshot.proxyList().isOk()).isTrue();
        assertThat(snapshot.proxyList().message()).contains("the client key saved in Settings");
    }

    @Test
    void refusedClientKeyLeavesTheAuthFilesAndTheManagementKeyStanding() {
        startCpa(SimulatorOptions.builder().apiKeys(List.of(ALICE)));
        simulator.authFiles().addCodex("user@example.com", "plus");
        clientKeys.save("sk-revoked");

        InventorySnapshot snapshot = inventory().refresh();

        assertThat(snapshot.proxyList()).isEqualTo(SourceStatus.failed(
                "CPA refused the client key saved in Settings \u2013 check it there"));
        assertThat(snapshot.authFiles().isOk()).isTrue();
        assertThat(row(snapshot, "gpt-5.4").accounts()).hasSize(1);
        assertThat(row(snapshot, "gpt-5.4").inProxyList()).isFalse();
        assertThat(client.isKeyRejected()).isFalse();
        assertThat(simulator.failedAuthAttempts()).isZero();
    }

    @Test
    void cpaWithoutClientKeysIsBuiltFromAuthFilesAlone() {
        startCpa(SimulatorOptions.builder());
        simulator.authFiles().addClaude("dev@example.com");

        InventorySnapshot snapshot = inventory().refresh();

        assertThat(snapshot.proxyList().state()).isEqualTo(SourceStatus.State.SKIPPED);
        assertThat(snapshot.proxyList().message()).contains("CPA has no client keys");
        assertThat(snapshot.rows()).extracting(ModelRow::id).contains("claude-sonnet-4-6", "claude-opus-4-6");
    }

    @Test
    void cpaOlderThanV6611IsListedFromTheProxyAlone() {
        startCpa(SimulatorOptions.builder().apiKeys(List.of(ALICE)).version("v6.5.0"));
        simulator.authFiles().addCodex("user@example.com", "plus");

        InventorySnapshot snapshot = inventory().refresh();

        assertThat(snapshot.authFiles()).isEqualTo(SourceStatus.skipped("CPA v6.5.0 is older than v6.6.11 and "
                + "cannot list each auth file's models, so the accounts serving each model are unknown"));
        assertThat(row(snapshot, "gpt-5.4").inProxyList()).isTrue();
        assertThat(row(snapshot, "gpt-5.4").accounts()).isEmpty();
    }

    @Test
    void refusedManagementKeyWithoutClientKeyKeepsTheSavedInventory() {
        startCpa(SimulatorOptions.builder().apiKeys(List.of(ALICE)));
        simulator.authFiles().addCodex("user@example.com", "plus");
        ModelInventory inventory = inventory();
        InventorySnapshot before = inventory.refresh();
        client = new CpaClient(simulator.baseUri(), "not-the-key");

        assertThatThrownBy(inventory::refresh).isInstanceOf(ModelInventoryException.class)
                .hasMessage("CPA refused the management key \u2013 check it in Settings");

        assertThat(inventory.lastSnapshot()).hasValue(before);
        assertThat(simulator.failedAuthAttempts()).isEqualTo(1);
    }

    @Test
    void refusedManagementKeyStillListsTheProxyWithTheSavedClientKey() {
        startCpa(SimulatorOptions.builder().apiKeys(List.of(ALICE)));
        simulator.authFiles().addCodex("user@example.com", "plus");
        clientKeys.save(ALICE);
        client = new CpaClient(simulator.baseUri(), "not-the-key");

        InventorySnapshot snapshot = inventory().refresh();

        assertThat(snapshot.authFiles()).isEqualTo(SourceStatus.failed(
                "CPA refused the management key \u2013 check it in Settings"));
        assertThat(row(snapshot, "gpt-5.4").inProxyList()).isTrue();
    }

    @Test
    void unreachableCpaSaysSo() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        client = new CpaClient(URI.create("http://127.0.0.1:" + closedPort), KEY);

        assertThatThrownBy(inventory()::refresh).isInstanceOf(ModelInventoryException.class)
                .hasMessage("CPA is not reachable at http://127.0.0.1:" + closedPort);
    }

    @Test
    void unconfiguredConsoleSaysWhatToEnter() {
        ModelInventory inventory = new ModelInventory(database, () -> {
            throw new CpaNotConfiguredException("No CPA address saved \u2013 enter it in Settings");
        }, clientKeys, PriceLookup.NONE, clock);

        assertThatThrownBy(inventory::refresh).isInstanceOf(ModelInventoryException.class)
                .hasMessage("No CPA address saved \u2013 enter it in Settings");
    }

    @Test
    void savedInventoryReadsBackAfterARestart() {
        startCpa(SimulatorOptions.builder().apiKeys(List.of(ALICE)));
        simulator.authFiles().addCodex("user@example.com", "plus");
        simulator.authFiles().addClaude("dev@example.com");
        UsageRecord.store(database, UsageRecord.at(NOW.minus(Duration.ofHours(1))));
        InventorySnapshot refreshed = inventory().refresh();
        database.close();

        database = Database.open(dataDir);
        Optional<InventorySnapshot> reloaded = inventory().lastSnapshot();

        assertThat(reloaded).hasValue(refreshed);
    }

    @Test
    void nothingSavedBeforeTheFirstRefresh() {
        assertThat(inventory().lastSnapshot()).isEmpty();
    }

    @Test
    void pricesAreLookedUpWhenRowsAreHandedOut() {
        startCpa(SimulatorOptions.builder().apiKeys(List.of(ALICE)));
        simulator.authFiles().addCodex("user@example.com", "plus");
        List<Instant> askedAt = new ArrayList<>();
        ModelInventory inventory = inventory((model, at) -> {
            askedAt.add(at);
            return model.equals("gpt-5.4")
                    ? Optional.of(new ModelPrice("gpt-5.4", new BigDecimal("1.250"), new BigDecimal("10.00")))
                    : Optional.empty();
        });
        inventory.refresh();
        clock.advance(Duration.ofHours(2));

        InventorySnapshot later = inventory.lastSnapshot().orElseThrow();

        assertThat(row(later, "gpt-5.4").price()).hasValueSatisfying(price ->
                assertThat(price.describe()).isEqualTo("gpt-5.4 \u00b7 in 1.25 / out 10"));
        assertThat(row(later, "gpt-5.4-mini").price()).isEmpty();
        assertThat(askedAt).last().isEqualTo(NOW.plus(Duration.ofHours(2)));
    }

    @Test
    void changedPricesReachTheListenersWithTheSavedInventory() {
        startCpa(SimulatorOptions.builder().apiKeys(List.of(ALICE)));
        simulator.authFiles().addCodex("user@example.com", "plus");
        Map<String, ModelPrice> table = new HashMap<>();
        ModelInventory inventory = inventory((model, at) -> Optional.ofNullable(table.get(model)));
        inventory.refresh();
        List<InventoryEvent> heard = new ArrayList<>();
        inventory.addListener(heard::add);
        table.put("gpt-5.4", new ModelPrice("gpt-5.4", BigDecimal.ONE, BigDecimal.TEN));

        inventory.pricesChanged();

        assertThat(heard).singleElement().isInstanceOfSatisfying(InventoryEvent.Repriced.class, repriced ->
                assertThat(row(repriced.snapshot(), "gpt-5.4").price()).isPresent());
    }

    @Test
    void listenersHearTheStartAndTheOutcome() {
        startCpa(SimulatorOptions.builder().apiKeys(List.of(ALICE)));
        ModelInventory inventory = inventory();
        List<InventoryEvent> heard = new ArrayList<>();
        inventory.addListener(heard::add);

        InventorySnapshot snapshot = inventory.refresh();
        simulator.close();
        simulator = null;
        assertThatThrownBy(inventory::refresh).isInstanceOf(ModelInventoryException.class);

        assertThat(heard).hasSize(4);
        assertThat(heard.get(0)).isEqualTo(new InventoryEvent.RefreshStarted(NOW));
        assertThat(heard.get(1)).isEqualTo(new InventoryEvent.Refreshed(snapshot));
        assertThat(heard.get(3)).isInstanceOf(InventoryEvent.RefreshFailed.class);
    }
}
