package dev.cpaconsole.settings.core;

import static dev.cpaconsole.store.schema.Tables.SETTING;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cpaconsole.store.Database;

class SettingsStoreTest {
    @TempDir
    Path dataDir;

    private Database database;
    private SettingsStore store;

    @BeforeEach
    void openDatabase() {
        database = Database.open(dataDir);
        store = new SettingsStore(database);
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Test
    void freshDatabaseGivesUnconfiguredDefaults() {
        ConnectionSettings settings = store.load();

        assertThat(settings).isEqualTo(ConnectionSettings.DEFAULTS);
        assertThat(settings.isConfigured()).isFalse();
    }

    @Test
    void savedSettingsReadBackUnchanged() {
        ConnectionSettings saved = new ConnectionSettings("http://127.0.0.1:8317", ModePreference.HTTP_QUEUE, false,
                Theme.DARK);

        store.save(saved);

        assertThat(new SettingsStore(database).load()).isEqualTo(saved);
    }

    @Test
    void savingTheThemeKeepsTheConnection() {
        ConnectionSettings saved = new ConnectionSettings("http://cpa.local:8317", ModePreference.RESP_SUBSCRIBE, true,
                Theme.LIGHT);
        store.save(saved);

        store.saveTheme(Theme.DARK);

        assertThat(store.load()).isEqualTo(saved.withTheme(Theme.DARK));
    }

    @Test
    void unknownStoredValueFallsBackToTheDefault() {
        database.write(dsl -> dsl.insertInto(SETTING, SETTING.NAME, SETTING.VALUE)
                .values(SettingsStore.MODE_PREFERENCE, "CARRIER_PIGEON").execute());

        assertThat(store.load().modePreference()).isEqualTo(ModePreference.AUTOMATIC);
    }
}
