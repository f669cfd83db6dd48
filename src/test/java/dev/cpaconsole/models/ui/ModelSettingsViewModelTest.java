package dev.cpaconsole.models.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cpaconsole.concurrent.SameThreadTaskRunner;
import dev.cpaconsole.models.core.ModelInventory;
import dev.cpaconsole.models.core.ModelRefreshSchedule;
import dev.cpaconsole.models.core.PriceLookup;
import dev.cpaconsole.schedule.Schedules;
import dev.cpaconsole.settings.core.CpaNotConfiguredException;
import dev.cpaconsole.settings.core.FileManagementKeyStore;
import dev.cpaconsole.settings.core.KeyKind;
import dev.cpaconsole.store.Database;

class ModelSettingsViewModelTest {
    @TempDir
    Path dataDir;

    private Database database;
    private Schedules schedules;
    private FileManagementKeyStore clientKeys;
    private ModelRefreshSchedule schedule;
    private ModelSettingsViewModel model;

    @BeforeEach
    void open() {
        database = Database.open(dataDir);
        schedules = Schedules.start(1);
        clientKeys = new FileManagementKeyStore(dataDir, KeyKind.CLIENT_KEY);
        ModelInventory inventory = new ModelInventory(database, () -> {
            throw new CpaNotConfiguredException("No CPA address saved");
        }, clientKeys, PriceLookup.NONE, Clock.systemUTC());
        schedule = new ModelRefreshSchedule(schedules, inventory, database, Clock.systemUTC());
        model = new ModelSettingsViewModel(schedule, clientKeys, new SameThreadTaskRunner());
    }

    @AfterEach
    void close() {
        schedules.close();
        database.close();
    }

    @Test
    void loadShowsTheDefaultIntervalAndNoKey() {
        model.load();

        assertThat(model.intervalProperty().get()).isEqualTo(Duration.ofHours(1));
        assertThat(model.keyStoredProperty().get()).isFalse();
        assertThat(model.keyLocationProperty().get()).endsWith("client-key");
    }

    @Test
    void saveKeepsATypedKeyAndTheInterval() {
        model.save("  sk-console-own-key ", Duration.ofMinutes(30));

        assertThat(clientKeys.load()).hasValue("sk-console-own-key");
        assertThat(schedule.interval()).isEqualTo(Duration.ofMinutes(30));
        assertThat(schedule.nextRun()).isPresent();
        assertThat(model.keyStoredProperty().get()).isTrue();
        assertThat(model.messageProperty().get()).isEqualTo("Saved; models refresh every 30 minutes.");
    }

    @Test
    void emptyKeyFieldKeepsTheSavedKey() {
        clientKeys.save("sk-kept");

        model.save("", Duration.ofHours(2));

        assertThat(clientKeys.load()).hasValue("sk-kept");
        assertThat(model.intervalProperty().get()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void forgetRemovesTheKey() {
        clientKeys.save("sk-kept");
        model.load();

        model.forgetKey();

        assertThat(clientKeys.load()).isEmpty();
        assertThat(model.keyStoredProperty().get()).isFalse();
    }

    @Test
    void intervalsReadAsWords() {
        assertThat(ModelSettingsViewModel.describe(Duration.ofMinutes(15))).isEqualTo("15 minutes");
        assertThat(ModelSettingsViewModel.describe(Duration.ofHours(1))).isEqualTo("1 hour");
        assertThat(ModelSettingsViewModel.describe(Duration.ofHours(12))).isEqualTo("12 hours");
        assertThat(ModelSettingsViewModel.describe(Duration.ofDays(1))).isEqualTo("1 day");
        assertThat(ModelSettingsViewModel.describe(Duration.ofMinutes(90))).isEqualTo("90 minutes");
    }
}
