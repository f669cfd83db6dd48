package dev.cpaconsole.models.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cpaconsole.concurrent.SameThreadTaskRunner;
import dev.cpaconsole.models.core.InventoryEvent;
import dev.cpaconsole.models.core.InventorySnapshot;
import dev.cpaconsole.models.core.ModelInventory;
import dev.cpaconsole.models.core.ModelPrice;
import dev.cpaconsole.models.core.ModelRow;
import dev.cpaconsole.models.core.ModelUsage;
import dev.cpaconsole.models.core.PriceLookup;
import dev.cpaconsole.models.core.ServingAccount;
import dev.cpaconsole.models.core.SourceStatus;
import dev.cpaconsole.settings.core.CpaNotConfiguredException;
import dev.cpaconsole.settings.core.FileManagementKeyStore;
import dev.cpaconsole.settings.core.KeyKind;
import dev.cpaconsole.store.Database;
import dev.cpaconsole.testing.TestClock;

class ModelsViewModelTest {
    private static final Instant NOW = Instant.parse("2026-08-22T12:00:00Z");
    private static final InventorySnapshot SNAPSHOT = new InventorySnapshot(NOW, NOW.minusSeconds(7 * 86400),
            List.of(row("claude-sonnet-4-6", "anthropic", "dev@example.com", "claude"),
                    row("gpt-5.4", "openai", "user@example.com", "codex"),
                    row("gpt-5.4-mini", "openai", "user@example.com", "codex")),
            SourceStatus.ok("3 models"), SourceStatus.ok("2 of 2 auth files serve models"));

    @TempDir
    Path dataDir;

    private Database database;
    private ModelsViewModel model;

    private static ModelRow row(String id, String owner, String account, String provider) {
        return new ModelRow(id, owner, "", true, List.of(new ServingAccount(provider + "-" + account + ".json",
                account, "755481f9d70ed642", provider)), List.of(provider), ModelUsage.NONE, Optional.empty());
    }

    @BeforeEach
    void open() {
        database = Database.open(dataDir);
        ModelInventory inventory = new ModelInventory(database, () -> {
            throw new CpaNotConfiguredException("No CPA address saved \u2013 enter it in Settings");
        }, new FileManagementKeyStore(dataDir, KeyKind.CLIENT_KEY), PriceLookup.NONE, new TestClock(NOW));
        model = new ModelsViewModel(inventory, new SameThreadTaskRunner());
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void refreshedInventoryIsShown() {
        model.inventoryChanged(new InventoryEvent.RefreshStarted(NOW));
        assertThat(model.refreshingProperty().get()).isTrue();

        model.inventoryChanged(new InventoryEvent.Refreshed(SNAPSHOT));

        assertThat(model.rows()).extracting(ModelRow::id)
                .containsExactly("claude-sonnet-4-6", "gpt-5.4", "gpt-5.4-mini");
        assertThat(model.refreshingProperty().get()).isFalse();
        assertThat(model.summaryProperty().get()).isEqualTo("3 models");
        assertThat(model.proxyListRead()).isTrue();
    }

    @Test
    void filterMatchesIdsOwnersAccountsAndProvidersIgnoringCase() {
        model.inventoryChanged(new InventoryEvent.Refreshed(SNAPSHOT));

        model.filter("MINI");
        assertThat(model.rows()).extracting(ModelRow::id).containsExactly("gpt-5.4-mini");
        assertThat(model.summaryProperty().get()).isEqualTo("1 of 3 models match");

        model.filter("anthropic");
        assertThat(model.rows()).extracting(ModelRow::id).containsExactly("claude-sonnet-4-6");

        model.filter("user@");
        assertThat(model.rows()).extracting(ModelRow::id).containsExactly("gpt-5.4", "gpt-5.4-mini");

        model.filter("codex");
        assertThat(model.rows()).hasSize(2);

        model.filter("  ");
        assertThat(model.rows()).hasSize(3);
        assertThat(model.summaryProperty().get()).isEqualTo("3 models");
    }

    @Test
    void filterStaysWhenANewInventoryArrives() {
        model.filter("claude");

        model.inventoryChanged(new InventoryEvent.Refreshed(SNAPSHOT));

        assertThat(model.rows()).extracting(ModelRow::id).containsExactly("claude-sonnet-4-6");
    }

    @Test
    void failedRefreshKeepsTheRowsAndSaysWhy() {
        model.inventoryChanged(new InventoryEvent.Refreshed(SNAPSHOT));

        model.inventoryChanged(new InventoryEvent.RefreshFailed(NOW, "CPA is not reachable at http://127.0.0.1:8317"));

        assertThat(model.rows()).hasSize(3);
        assertThat(model.errorMessageProperty().get()).isEqualTo("CPA is not reachable at http://127.0.0.1:8317");
        assertThat(model.snapshotProperty().get()).isEqualTo(SNAPSHOT);

        model.inventoryChanged(new InventoryEvent.Refreshed(SNAPSHOT));
        assertThat(model.errorMessageProperty().get()).isEmpty();
    }

    @Test
    void newPricesShowWithoutClearingAFailure() {
        model.inventoryChanged(new InventoryEvent.Refreshed(SNAPSHOT));
        model.inventoryChanged(new InventoryEvent.RefreshFailed(NOW, "CPA is not reachable at http://127.0.0.1:8317"));
        ModelRow priced = SNAPSHOT.rows().get(1);
        InventorySnapshot repriced = new InventorySnapshot(NOW, SNAPSHOT.usageSince(), List.of(new ModelRow(
                priced.id(), priced.ownedBy(), "", true, priced.accounts(), priced.providers(), priced.usage(),
                Optional.of(new ModelPrice("gpt-5.4", BigDecimal.ONE, BigDecimal.TEN)))), SNAPSHOT.proxyList(),
                SNAPSHOT.authFiles());

        model.inventoryChanged(new InventoryEvent.Repriced(repriced));

        assertThat(model.rows()).singleElement().satisfies(row -> assertThat(row.price()).isPresent());
        assertThat(model.errorMessageProperty().get()).startsWith("CPA is not reachable");
    }

    @Test
    void refreshOfAnUnconfiguredConsoleSaysWhatToEnter() {
        model.refresh();

        assertThat(model.refreshingProperty().get()).isFalse();
        assertThat(model.errorMessageProperty().get()).isEqualTo("No CPA address saved \u2013 enter it in Settings");
    }

    @Test
    void nothingSavedShowsNothing() {
        model.load();

        assertThat(model.snapshotProperty().get()).isNull();
        assertThat(model.rows()).isEmpty();
        assertThat(model.errorMessageProperty().get()).isEmpty();
    }
}
